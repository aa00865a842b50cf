namespace GridLine.WeComSandbox.State;

/// <summary>WeCom's group-robot limit: at most N messages in any 60 seconds (configurable for tests) per robot key.</summary>
public sealed class WebhookRateLimiter(TimeProvider timeProvider)
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _sent = new();
    private readonly Lock _gate = new();

    public bool TryAcquire(string key, int perMinute) => TryAcquire(key, perMinute, TimeSpan.FromMinutes(1));

    public bool TryAcquire(string key, int perWindow, TimeSpan window)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_sent.TryGetValue(key, out var times)) _sent[key] = times = new Queue<DateTimeOffset>();
            while (times.Count > 0 && times.Peek() <= now - window) times.Dequeue();
            if (times.Count >= perWindow) return false;
            times.Enqueue(now);
            return true;
        }
    }
}
