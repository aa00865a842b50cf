namespace GridLine.WeComSandbox.State;

/// <summary>WeCom's group-robot limit: at most N messages in any 60 seconds per robot key.</summary>
public sealed class WebhookRateLimiter(TimeProvider timeProvider)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _sent = new();
    private readonly Lock _gate = new();

    public bool TryAcquire(string key, int perMinute)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_sent.TryGetValue(key, out var times)) _sent[key] = times = new Queue<DateTimeOffset>();
            while (times.Count > 0 && times.Peek() <= now - Window) times.Dequeue();
            if (times.Count >= perMinute) return false;
            times.Enqueue(now);
            return true;
        }
    }
}
