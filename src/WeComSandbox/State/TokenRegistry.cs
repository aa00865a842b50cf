using System.Security.Cryptography;

namespace GridLine.WeComSandbox.State;

/// <summary>Access tokens the sandbox issued: every gettoken issues a new one, each valid for the configured lifetime.</summary>
public sealed class TokenRegistry(TimeProvider timeProvider)
{
    private readonly Dictionary<string, (string App, DateTimeOffset ExpiresAt)> _tokens = new();
    private readonly Lock _gate = new();

    public string Issue(string appName, TimeSpan lifetime)
    {
        var token = "sbx_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        lock (_gate) _tokens[token] = (appName, timeProvider.GetUtcNow() + lifetime);
        return token;
    }

    /// <summary>0 and the app for a valid token; otherwise 41001 (missing), 40014 (unknown) or 42001 (expired).</summary>
    public (int Errcode, string? App) Check(string? token)
    {
        if (string.IsNullOrEmpty(token)) return (SandboxErrcodes.MissingAccessToken, null);
        lock (_gate)
        {
            if (!_tokens.TryGetValue(token, out var entry)) return (SandboxErrcodes.InvalidAccessToken, null);
            return entry.ExpiresAt <= timeProvider.GetUtcNow() ? (SandboxErrcodes.AccessTokenExpired, null) : (0, entry.App);
        }
    }

    /// <summary>Makes every token issued so far answer 42001; returns how many were still valid.</summary>
    public int ExpireAll()
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var valid = _tokens.Where(t => t.Value.ExpiresAt > now).Select(t => t.Key).ToList();
            foreach (var token in valid) _tokens[token] = (_tokens[token].App, now);
            return valid.Count;
        }
    }
}
