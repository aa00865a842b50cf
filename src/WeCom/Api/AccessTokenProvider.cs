using System.Collections.Concurrent;
using GridLine.WeCom.Api.Models;
using Microsoft.Extensions.Logging;

namespace GridLine.WeCom.Api;

/// <summary>
/// Access tokens per app: a per-process copy in front of the shared <see cref="IAccessTokenStore"/>, and gettoken
/// behind it. Tokens are stored with an expiry moved a little forward so they are replaced before WeCom rejects them.
/// </summary>
internal sealed class AccessTokenProvider(IAccessTokenStore store, WeComHttpTransport transport, TimeProvider timeProvider,
    ILogger<AccessTokenProvider> logger)
{
    private static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, AccessToken> _local = new();

    public async Task<string> GetAsync(string corpId, WeComAppOptions app, CancellationToken cancellationToken)
    {
        var key = CacheKey(corpId, app);
        if (_local.TryGetValue(key, out var local) && IsUsable(local)) return local.Token;
        var stored = await store.GetAsync(key, cancellationToken);
        if (stored is not null && IsUsable(stored))
        {
            _local[key] = stored;
            return stored.Token;
        }
        return await RefreshAsync(corpId, app, rejectedToken: null, cancellationToken);
    }

    /// <summary>Gets a new token; passing the <paramref name="rejectedToken"/> lets a token another instance just fetched be reused.</summary>
    public async Task<string> RefreshAsync(string corpId, WeComAppOptions app, string? rejectedToken, CancellationToken cancellationToken)
    {
        var key = CacheKey(corpId, app);
        var fresh = await store.RefreshAsync(key, rejectedToken, ct => FetchAsync(corpId, app, ct), cancellationToken);
        _local[key] = fresh;
        return fresh.Token;
    }

    private async Task<AccessToken> FetchAsync(string corpId, WeComAppOptions app, CancellationToken cancellationToken)
    {
        var uri = $"gettoken?corpid={Uri.EscapeDataString(corpId)}&corpsecret={Uri.EscapeDataString(app.Secret)}";
        var answer = await transport.SendAsync<CgibinGetTokenResponse>(WeComHttpTransport.ReadClient, "gettoken", HttpMethod.Get, uri, null, cancellationToken);
        if (string.IsNullOrEmpty(answer.AccessToken) || answer.ExpiresIn <= 0)
            throw WeComApiException.Transport("gettoken", "answer has no access_token");
        var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn);
        var margin = lifetime / 10 < MaxRefreshMargin ? lifetime / 10 : MaxRefreshMargin;
        logger.LogInformation("Fetched a WeCom access token for app {App}, valid {Seconds} s", app.Name, answer.ExpiresIn);
        return new AccessToken(answer.AccessToken, timeProvider.GetUtcNow() + lifetime - margin);
    }

    private bool IsUsable(AccessToken token) => token.ExpiresAt > timeProvider.GetUtcNow();

    // One token per secret: corp + agent identify it without putting the secret into the key.
    private static string CacheKey(string corpId, WeComAppOptions app) => $"wecom:{corpId}:{app.AgentId}";
}
