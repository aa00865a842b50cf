using System.Text.Json.Nodes;

namespace GridLine.WeComSandbox.State;

/// <summary>
/// <c>message/send</c>'s <c>enable_duplicate_check</c>: WeCom drops a message identical to one the same app sent to the same
/// recipients within <c>duplicate_check_interval</c> seconds (default 1800, at most 4 hours), answering as if it had sent it.
/// "Identical" here is the recipients plus the message type and its content object, compared as JSON text.
/// </summary>
public sealed class MessageDuplicateCheck(TimeProvider timeProvider)
{
    public const int DefaultIntervalSeconds = 1800, MaxIntervalSeconds = 4 * 3600;

    private readonly Dictionary<string, DateTimeOffset> _lastSent = new();
    private readonly Lock _gate = new();

    /// <summary>
    /// True when <paramref name="body"/> asks for the check and repeats a message sent within the interval (drop it);
    /// otherwise records it as sent now and returns false.
    /// </summary>
    public bool IsDuplicate(string appName, JsonObject body)
    {
        var enabled = (int?)body["enable_duplicate_check"] == 1;
        var type = (string?)body["msgtype"] ?? "";
        var recipients = string.Join('|', ((string?)body["touser"] ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        var key = $"{appName}\n{recipients}\n{(string?)body["toparty"]}\n{(string?)body["totag"]}\n{type}\n{body[type]?.ToJsonString()}";
        var interval = TimeSpan.FromSeconds(Math.Clamp((int?)body["duplicate_check_interval"] ?? DefaultIntervalSeconds, 1, MaxIntervalSeconds));
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (enabled && _lastSent.TryGetValue(key, out var last) && now - last < interval) return true;
            _lastSent[key] = now;
            if (_lastSent.Count > 100_000) Prune(now);
            return false;
        }
    }

    // Keeps memory bounded in long load runs: entries older than the longest interval can never match again.
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, at) in _lastSent.ToList())
            if (now - at >= TimeSpan.FromSeconds(MaxIntervalSeconds)) _lastSent.Remove(key);
    }
}
