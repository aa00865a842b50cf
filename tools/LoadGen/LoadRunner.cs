using System.Diagnostics;
using System.Globalization;

namespace GridLine.Tools.LoadGen;

/// <summary>Runs the phases (callbacks, optionally the bare endpoint), prints the figures, then checks the database.</summary>
public static class LoadRunner
{
    private static TimeSpan ProcessCpu()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    public static async Task<LoadGenReport> RunAsync(LoadGenOptions o, TextWriter output, CancellationToken cancellationToken = default)
    {
        var report = new LoadGenReport();
        var corpus = Corpus.Load(o.CorpusPath);
        await using var watcher = o.EndToEnd ? new SandboxWatcher(o.SandboxUrl) : null;
        Dictionary<string, Queue<string>>? codes = null;
        if (watcher is not null)
            codes = await watcher.IssueCodesAsync(o.Chats, (int)(o.Total * 1.3 / o.Chats.Length) + 100, cancellationToken);

        var build = Stopwatch.StartNew();
        var plan = Plan.Build(o, corpus, codes);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {o.RunId}: {o.Total} requests at {o.Rate:0}/s for {o.DurationSeconds:0.#} s against {o.Url} ({o.Mode}; repeats {o.RepeatShare:P0}, app {o.AppShare:P0}, hostile {o.HostileShare:P0}); plan built in {build.Elapsed.TotalSeconds:0.0} s"));

        var runner = new OpenLoopRunner(o);
        watcher?.Start();
        var cpuBefore = ProcessCpu();
        var callback = await runner.RunAsync("callbacks", plan, cancellationToken);
        var sendCpu = ProcessCpu() - cpuBefore;
        var sendEndUtc = DateTimeOffset.UtcNow;
        report.Callback = PhaseSummary.Of(callback, o.Rate);
        output.Write(report.Callback.Format());
        // What the load generator itself took from the shared cores while sending (the sandbox watcher's polling included).
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load generator CPU while sending: {sendCpu.TotalSeconds:F1} s = {sendCpu.TotalMilliseconds / Math.Max(1, plan.Requests.Count):F3} ms per request"));

        PhaseResult? bare = null;
        if (o.CompareBare)
        {
            await Task.Delay(2000, cancellationToken); // let the database settle between phases
            bare = await runner.RunAsync("bare insert (/bench/bare-insert)", plan.ToBare(o), cancellationToken);
            report.Bare = PhaseSummary.Of(bare, o.Rate);
            output.Write(report.Bare.Format());
            output.Write(SideBySide(report.Callback, report.Bare));
        }

        foreach (var phase in new[] { report.Callback, report.Bare })
        {
            if (phase is null) continue;
            // Fault tests: a 503 or a refused/reset connection is an unacknowledged callback that WeCom retries; it is
            // not a failure, but a 5xx other than 503 is, and so is a hostile request answered anything but 4xx/503/error.
            var unavailable = phase.Statuses.GetValueOrDefault(503) + phase.TransportErrors;
            var other5xx = phase.Server5xx - phase.Statuses.GetValueOrDefault(503);
            if (o.TolerateUnavailable)
            {
                output.WriteLine($"{phase.Name}: not acknowledged (503 {phase.Statuses.GetValueOrDefault(503)}, connection errors {phase.TransportErrors}) — WeCom would retry these; tolerated (--tolerate-unavailable)");
                if (other5xx > 0) report.Failures.Add($"{phase.Name}: {other5xx} answers were 5xx other than 503");
                if (phase.HostileNot4xx - phase.HostileUnavailable > 0) report.Failures.Add($"{phase.Name}: {phase.HostileNot4xx - phase.HostileUnavailable} hostile requests were not answered 4xx");
                report.NotAcknowledged = unavailable;
                continue;
            }
            if (phase.Server5xx > 0) report.Failures.Add($"{phase.Name}: {phase.Server5xx} answers were 5xx");
            if (phase.HostileNot4xx > 0) report.Failures.Add($"{phase.Name}: {phase.HostileNot4xx} hostile requests were not answered 4xx");
            if (phase.TransportErrors > 0) report.Failures.Add($"{phase.Name}: {phase.TransportErrors} transport errors");
        }

        if (o.Connection is { Length: > 0 })
        {
            await using var db = new DbChecks(o.Connection);
            var ids = await CheckStoredAsync(db, callback, report, "callbacks", output, cancellationToken);
            if (bare is not null) await CheckStoredAsync(db, bare, null, "bare", output, cancellationToken);
            if (o.WaitProcessed || o.EndToEnd) await WaitProcessedAsync(db, ids, sendEndUtc, o, report, output, cancellationToken);
            if (o.EndToEnd && watcher is not null) await CheckEndToEndAsync(db, watcher, callback, ids, o, report, output, cancellationToken);
        }
        else output.WriteLine("checks: skipped (no --connection)");

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load generator CPU: {ProcessCpu().TotalSeconds:F1} s (whole run, plan and checks included)"));
        output.WriteLine(report.Passed ? "RESULT: PASS" : "RESULT: FAIL\n  " + string.Join("\n  ", report.Failures));
        return report;
    }

    private static string SideBySide(PhaseSummary a, PhaseSummary b)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            "== side by side ==",
            string.Create(c, $"{"",-22}{"callbacks",14}{"bare insert",14}{"ratio",8}"),
            string.Create(c, $"{"valid 200/s",-22}{a.OkPerSecond,14:0}{b.OkPerSecond,14:0}{a.OkPerSecond / Math.Max(1, b.OkPerSecond),8:P0}"),
        };
        for (var i = 0; i < PhaseSummary.PercentileNames.Length; i++)
            lines.Add(string.Create(c, $"{"latency " + PhaseSummary.PercentileNames[i] + " ms",-22}{a.ValidLatencyMs[i],14:0.00}{b.ValidLatencyMs[i],14:0.00}"));
        lines.Add(string.Create(c, $"{"5xx / errors",-22}{a.Server5xx + "/" + a.TransportErrors,14}{b.Server5xx + "/" + b.TransportErrors,14}"));
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Every acknowledged unique message must be stored (exactly once: the table is unique on the key).</summary>
    private static async Task<long[]> CheckStoredAsync(DbChecks db, PhaseResult phase, LoadGenReport? report, string name, TextWriter output, CancellationToken cancellationToken)
    {
        var messages = phase.Plan.Messages;
        var acked = new bool[messages.Count];
        for (var i = 0; i < phase.Plan.Requests.Count; i++)
            if (phase.Plan.Requests[i].MessageIndex >= 0 && phase.Status[i] == 200) acked[phase.Plan.Requests[i].MessageIndex] = true;
        var rows = await db.InboxRowsAsync(messages, cancellationToken);
        int ackedCount = acked.Count(a => a), stored = rows.Count(r => r is not null), lost = 0, unacked = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            if (acked[i] && rows[i] is null) lost++;
            if (!acked[i] && rows[i] is not null) unacked++;
        }
        output.WriteLine($"check {name}: unique messages {messages.Count}, acknowledged {ackedCount}, inbox rows {stored} " +
                         $"({(stored == ackedCount ? "=" : "≠")} acknowledged); acknowledged but not stored (lost) {lost}; stored without a 200 {unacked}");
        if (report is not null)
        {
            report.UniqueMessages = messages.Count;
            report.AcceptedUnique = ackedCount;
            report.InboxRows = stored;
            report.Lost = lost;
            report.StoredWithoutAck = unacked;
        }
        if (lost > 0) (report?.Failures)?.Add($"{name}: {lost} acknowledged messages are not in the inbox");
        return rows.Where(r => r is not null).Select(r => r!.Value.Id).ToArray();
    }

    /// <summary>Waits until every stored row is done or quarantined; the time from the end of sending is the backlog drain time.</summary>
    private static async Task WaitProcessedAsync(DbChecks db, long[] ids, DateTimeOffset sendEnd, LoadGenOptions o, LoadGenReport report, TextWriter output, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(o.CheckTimeoutSeconds);
        Dictionary<string, long> states;
        // Poll cheaply until the run's id range has no open row, then count every row's state once for the report.
        var (minId, maxId) = ids.Length == 0 ? (0L, -1L) : (ids.Min(), ids.Max());
        while (await db.AnyOpenInRangeAsync(minId, maxId, cancellationToken) && DateTimeOffset.UtcNow <= deadline)
            await Task.Delay(250, cancellationToken);
        var drained = DateTimeOffset.UtcNow;
        states = await db.StatesAsync(ids, cancellationToken);
        report.States = states;
        report.NotFinal = (int)states.Where(s => s.Key is not ("done" or "quarantined")).Sum(s => s.Value);
        report.DrainSeconds = (drained - sendEnd).TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"processing: {string.Join(", ", states.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"))}; backlog {(report.NotFinal == 0 ? "zero" : report.NotFinal + " rows left")} {report.DrainSeconds:0.0} s after the last send"));
        if (report.NotFinal > 0) report.Failures.Add($"{report.NotFinal} inbox rows not done or quarantined within {o.CheckTimeoutSeconds} s");
    }

    private static async Task CheckEndToEndAsync(DbChecks db, SandboxWatcher watcher, PhaseResult phase, long[] ids, LoadGenOptions o, LoadGenReport report, TextWriter output, CancellationToken cancellationToken)
    {
        var orders = await db.OrdersOpenedAsync(ids, cancellationToken);
        // Replies: wait until every order's reply arrived, or the sandbox has been quiet for 5 s, or the timeout.
        var messages = phase.Plan.Messages;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(o.CheckTimeoutSeconds);
        while (watcher.Delivered.Count < orders.Count && DateTimeOffset.UtcNow < deadline && DateTimeOffset.UtcNow - watcher.LastActivity < TimeSpan.FromSeconds(5))
            await Task.Delay(250, cancellationToken);
        await watcher.PollOnceAsync(cancellationToken);

        var first = new int[messages.Count];
        Array.Fill(first, -1);
        for (var i = 0; i < phase.Plan.Requests.Count; i++)
            if (phase.Plan.Requests[i].MessageIndex is var m and >= 0 && first[m] < 0) first[m] = i;
        var latencies = new List<double>();
        var twice = 0;
        foreach (var (message, i) in messages.Select((m, i) => (m, i)))
        {
            if (message.ResponseCode is not { } code) continue;
            // A retry before the first success (WeCom outage) is not a duplicate; any attempt after it is.
            if (watcher.AfterDelivered.TryGetValue(code, out var after) && after > 0) twice++;
            if (watcher.Delivered.TryGetValue(code, out var at) && first[i] >= 0)
                latencies.Add((at - phase.IntendedUtc(first[i], o.Rate)).TotalMilliseconds);
        }
        var ordersTwice = orders.Count(kv => kv.Value > 1);
        latencies.Sort();
        double P(double p) => latencies.Count == 0 ? 0 : latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Count) - 1, 0, latencies.Count - 1)];
        report.EndToEndMs = [P(0.5), P(0.95), P(0.99), P(1)];
        report.OrdersOpened = orders.Count;
        report.RepliesDelivered = latencies.Count;
        report.OrdersOpenedTwice = ordersTwice;
        report.RepliesSentTwice = twice;
        var outbox = await db.OutboxStatesSinceAsync(phase.StartUtc, cancellationToken);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"e2e: messages {messages.Count}; work orders opened {orders.Count} (messages with more than one: {ordersTwice}); replies delivered to the sandbox {latencies.Count} (codes used again after a successful delivery: {twice}; reply attempts refused or failed before success: {watcher.Attempts.Values.Sum() - watcher.Delivered.Count - watcher.AfterDelivered.Values.Sum()})"));
        output.WriteLine(string.Create(c, $"e2e latency ms, intended send → reply at the sandbox: p50 {P(0.5):0} p95 {P(0.95):0} p99 {P(0.99):0} max {P(1):0}"));
        output.WriteLine($"outbox rows since the start: {string.Join(", ", outbox.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"))} (grid-worker notices are held to WeCom's 30/min per member)");
        if (ordersTwice > 0) report.Failures.Add($"{ordersTwice} messages opened more than one work order");
        if (twice > 0) report.Failures.Add($"{twice} replies were sent more than once");
    }
}

/// <summary>The outcome of a run, for scripts (exit code) and tests.</summary>
public sealed class LoadGenReport
{
    public List<string> Failures { get; } = [];
    public bool Passed => Failures.Count == 0;
    public PhaseSummary Callback { get; set; } = null!;
    public PhaseSummary? Bare { get; set; }
    public int UniqueMessages { get; set; }
    public int AcceptedUnique { get; set; }
    public int InboxRows { get; set; }
    public int Lost { get; set; }
    public int StoredWithoutAck { get; set; }
    /// <summary>With --tolerate-unavailable: requests answered 503 or lost to a connection error (WeCom would retry).</summary>
    public int NotAcknowledged { get; set; }
    public Dictionary<string, long> States { get; set; } = [];
    public int NotFinal { get; set; }
    public double DrainSeconds { get; set; }
    public int OrdersOpened { get; set; }
    public int OrdersOpenedTwice { get; set; }
    public int RepliesDelivered { get; set; }
    public int RepliesSentTwice { get; set; }
    /// <summary>p50, p95, p99, max of message → reply delivered, in ms.</summary>
    public double[] EndToEndMs { get; set; } = [];
}
