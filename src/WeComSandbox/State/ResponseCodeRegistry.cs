using System.Security.Cryptography;

namespace GridLine.WeComSandbox.State;

/// <summary>The conversation a response_url answers: a group (ChatId) or a 1:1 chat, and the user who wrote.</summary>
public sealed record ResponseTarget(string? ChatId, string UserId);

/// <summary>response_code values handed out with simulated AI-bot callbacks: single use, valid for a limited time.</summary>
public sealed class ResponseCodeRegistry(TimeProvider timeProvider)
{
    private readonly Dictionary<string, (ResponseTarget Target, DateTimeOffset ExpiresAt, bool Used)> _codes = new();
    private readonly Lock _gate = new();

    public string Issue(ResponseTarget target, TimeSpan lifetime)
    {
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_gate) _codes[code] = (target, timeProvider.GetUtcNow() + lifetime, false);
        return code;
    }

    /// <summary>Uses a code up; null when it is unknown, already used or expired.</summary>
    public ResponseTarget? TryUse(string? code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        lock (_gate)
        {
            if (!_codes.TryGetValue(code, out var entry) || entry.Used || entry.ExpiresAt <= timeProvider.GetUtcNow()) return null;
            _codes[code] = entry with { Used = true };
            return entry.Target;
        }
    }

    /// <summary>Who a code was issued for, used or not (so failed replies still show in the right conversation).</summary>
    public ResponseTarget? Peek(string? code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        lock (_gate) return _codes.TryGetValue(code, out var entry) ? entry.Target : null;
    }
}
