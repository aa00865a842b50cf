using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GridLine.Tools.LoadGen;

/// <summary>Figures of one phase: rates, latency percentiles (from the intended send time), status histogram, errors.</summary>
public sealed record PhaseSummary(string Name, int Requests, int Valid, int Hostile, double IntendedRate, double SendSeconds,
    double ThroughputPerSecond, double OkPerSecond, double[] ValidLatencyMs, double[] HostileLatencyMs, double MaxScheduleLagMs,
    SortedDictionary<int, int> Statuses, int Server5xx, int TransportErrors, int ValidNot200, int HostileNot4xx,
    IReadOnlyList<(string Error, int Count)> TopErrors, SortedDictionary<string, string> HostileStatusByKind)
{
    public static readonly double[] Percentiles = [0.50, 0.90, 0.99, 0.999, 1.0];
    public static readonly string[] PercentileNames = ["p50", "p90", "p99", "p99.9", "max"];

    public static PhaseSummary Of(PhaseResult r, double rate)
    {
        var requests = r.Plan.Requests;
        var valid = new List<double>();
        var hostile = new List<double>();
        var statuses = new SortedDictionary<int, int>();
        var hostileByKind = new Dictionary<string, SortedSet<int>>();
        int s5 = 0, transport = 0, validNot200 = 0, hostileNot4xx = 0, ok = 0;
        var lastOk = r.Start;
        var lastDone = r.Start;
        for (var i = 0; i < requests.Count; i++)
        {
            var ms = r.Latency[i] * 1000.0 / Stopwatch.Frequency;
            var status = r.Status[i];
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500) s5++;
            if (status == 0) transport++;
            lastDone = Math.Max(lastDone, r.CompletedAt[i]);
            if (requests[i].Kind == RequestKind.Hostile)
            {
                hostile.Add(ms);
                if (status is < 400 or >= 500) hostileNot4xx++;
                (hostileByKind.TryGetValue(requests[i].HostileKind!, out var set) ? set : hostileByKind[requests[i].HostileKind!] = []).Add(status);
            }
            else
            {
                valid.Add(ms);
                if (status != 200) validNot200++;
                else { ok++; lastOk = Math.Max(lastOk, r.CompletedAt[i]); }
            }
        }
        var errors = r.Errors.Where(e => e is not null).GroupBy(e => e!).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).Take(5).ToList();
        return new PhaseSummary(r.Name, requests.Count, valid.Count, hostile.Count, rate, r.Seconds(r.SendEnd - r.Start),
            requests.Count / Math.Max(1e-9, r.Seconds(lastDone - r.Start)), ok / Math.Max(1e-9, r.Seconds(lastOk - r.Start)),
            Quantiles(valid), Quantiles(hostile), r.MaxScheduleLag * 1000.0 / Stopwatch.Frequency,
            statuses, s5, transport, validNot200, hostileNot4xx, errors,
            new SortedDictionary<string, string>(hostileByKind.ToDictionary(k => k.Key, k => string.Join("/", k.Value)), StringComparer.Ordinal));
    }

    /// <summary>p50, p90, p99, p99.9 and max of <paramref name="values"/> (empty: zeros).</summary>
    public static double[] Quantiles(List<double> values)
    {
        if (values.Count == 0) return new double[Percentiles.Length];
        values.Sort();
        return Percentiles.Select(p => values[Math.Clamp((int)Math.Ceiling(p * values.Count) - 1, 0, values.Count - 1)]).ToArray();
    }

    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"== {Name} ==");
        sb.AppendLine(c, $"requests {Requests} (valid {Valid}, hostile {Hostile}); intended {IntendedRate:0} req/s, schedule sent in {SendSeconds:0.00} s (max schedule lag {MaxScheduleLagMs:0.0} ms)");
        sb.AppendLine(c, $"achieved: {ThroughputPerSecond:0} responses/s, {OkPerSecond:0} valid 200/s");
        sb.AppendLine(c, $"ack latency ms (valid):   {Line(ValidLatencyMs)}");
        if (Hostile > 0) sb.AppendLine(c, $"ack latency ms (hostile): {Line(HostileLatencyMs)}");
        sb.AppendLine(c, $"status: {string.Join("  ", Statuses.Select(s => $"{(s.Key == 0 ? "error" : s.Key.ToString(c))}={s.Value}"))}");
        sb.AppendLine(c, $"5xx {Server5xx}, transport errors {TransportErrors}, valid not 200 {ValidNot200}, hostile not 4xx {HostileNot4xx}");
        if (HostileStatusByKind.Count > 0) sb.AppendLine(c, $"hostile statuses: {string.Join(", ", HostileStatusByKind.Select(k => $"{k.Key}={k.Value}"))}");
        foreach (var (error, count) in TopErrors) sb.AppendLine(c, $"  error x{count}: {error}");
        return sb.ToString();
    }

    public static string Line(double[] q) => string.Join("  ", q.Select((v, i) => $"{PercentileNames[i]} {v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture)}"));
}
