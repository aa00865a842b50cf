using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace GridLine.Tools.LoadGen;

/// <summary>
/// Sends a plan open-loop: request i is due at start + i/rate whatever happened to earlier ones, and its latency is
/// measured from that intended time, so a stalled server is charged for every request it delayed (no coordinated omission).
/// Sent with <see cref="RawHttpClient"/> (default: little CPU per request) or, with <c>--client http</c>, HttpClient.
/// </summary>
public sealed class OpenLoopRunner(LoadGenOptions options)
{
    /// <summary>Runs the schedule; returns per-request results (status 0 = transport error) and timing.</summary>
    public async Task<PhaseResult> RunAsync(string name, Plan plan, CancellationToken cancellationToken)
    {
        // One client per gateway URL; request i goes to URL i mod n (a round-robin balancer).
        var urls = options.Urls.Length > 0 ? options.Urls : [options.Url];
        var requests = plan.Requests;
        var warmConnections = Math.Min(options.MaxConnections, 32);
        var timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds);
        if (options.UseHttpClient)
        {
            var clients = urls.Select(url => new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = options.MaxConnections,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
            }) { BaseAddress = new Uri(url), Timeout = timeout }).ToArray();
            try
            {
                return await RunAsync(name, plan, async () =>
                {
                    foreach (var c in clients) await WarmUpAsync(c, warmConnections, cancellationToken);
                }, i => SendAsync(clients[i % clients.Length], requests[i]), cancellationToken);
            }
            finally
            {
                foreach (var c in clients) c.Dispose();
            }
        }

        var raw = urls.Select(url => new RawHttpClient(url, options.MaxConnections, timeout)).ToArray();
        try
        {
            // Every request's bytes (request line, headers, body) are built here, once, before the clock starts.
            var wire = new byte[requests.Count][];
            for (var i = 0; i < wire.Length; i++)
                wire[i] = raw[i % raw.Length].BuildRequest("POST", requests[i].PathAndQuery, requests[i].ContentType + "; charset=utf-8", requests[i].Body);
            return await RunAsync(name, plan, async () =>
            {
                foreach (var c in raw) await c.WarmUpAsync(warmConnections);
            }, i => raw[i % raw.Length].SendAsync(wire[i]), cancellationToken);
        }
        finally
        {
            foreach (var c in raw) c.Dispose();
        }
    }

    /// <param name="warmUp">Opens some connections before the clock starts.</param>
    /// <param name="send">Sends request i; never throws (errors are results).</param>
    private async Task<PhaseResult> RunAsync(string name, Plan plan, Func<Task> warmUp, Func<int, ValueTask<SendResult>> send, CancellationToken cancellationToken)
    {
        var count = plan.Requests.Count;
        var latency = new long[count];
        var status = new short[count];
        var errors = new string?[count];
        var completedAt = new long[count];
        var tasks = new Task[count];
        var ticksPerRequest = Stopwatch.Frequency / options.Rate;
        var maxLag = 0L;

        // Warm the connection pool a little so the first requests do not all pay for a TCP handshake at once.
        await warmUp();

        var startUtc = DateTimeOffset.UtcNow;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var intended = start + (long)(i * ticksPerRequest);
            var now = Stopwatch.GetTimestamp();
            if (intended > now)
            {
                var waitMs = (intended - now) * 1000.0 / Stopwatch.Frequency;
                if (waitMs >= 1) await Task.Delay(TimeSpan.FromMilliseconds(waitMs), cancellationToken);
            }
            else maxLag = Math.Max(maxLag, now - intended);
            tasks[i] = SendAsync(send, i, intended, latency, status, errors, completedAt);
        }
        var sendEnd = Stopwatch.GetTimestamp();
        await Task.WhenAll(tasks);
        var end = Stopwatch.GetTimestamp();
        return new PhaseResult(name, plan, latency, status, errors, completedAt, start, sendEnd, end, maxLag, startUtc);
    }

    private static async Task SendAsync(Func<int, ValueTask<SendResult>> send, int i, long intended, long[] latency, short[] status, string?[] errors, long[] completedAt)
    {
        await Task.Yield(); // never let a slow send hold up the schedule
        var result = await send(i);
        status[i] = (short)result.Status;
        errors[i] = result.Error;
        var done = Stopwatch.GetTimestamp();
        completedAt[i] = done;
        latency[i] = done - intended;
    }

    /// <summary>The HttpClient path (--client http).</summary>
    private static async ValueTask<SendResult> SendAsync(HttpClient client, PlannedRequest request)
    {
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, request.PathAndQuery) { Content = new ByteArrayContent(request.Body), Version = HttpVersion.Version11 };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType) { CharSet = "utf-8" };
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
            return new SendResult((int)response.StatusCode, null);
        }
        catch (Exception ex)
        {
            return new SendResult(0, ex is TaskCanceledException ? "timeout" : ex.GetType().Name + ": " + (ex.InnerException?.Message ?? ex.Message));
        }
    }

    private static async Task WarmUpAsync(HttpClient client, int connections, CancellationToken cancellationToken)
    {
        var warm = Enumerable.Range(0, connections).Select(async _ =>
        {
            try { using var r = await client.GetAsync("/healthz", cancellationToken); }
            catch (HttpRequestException) { }
        });
        await Task.WhenAll(warm);
    }
}

/// <summary>What one phase of the run measured.</summary>
public sealed record PhaseResult(string Name, Plan Plan, long[] Latency, short[] Status, string?[] Errors, long[] CompletedAt,
    long Start, long SendEnd, long End, long MaxScheduleLag, DateTimeOffset StartUtc)
{
    public double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    /// <summary>UTC wall-clock time at which request <paramref name="i"/> was due.</summary>
    public DateTimeOffset IntendedUtc(int i, double rate) => StartUtc + TimeSpan.FromSeconds(i / rate);
}
