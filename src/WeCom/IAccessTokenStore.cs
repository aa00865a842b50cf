namespace GridLine.WeCom;

/// <summary>An access token and the moment it must no longer be used.</summary>
public sealed record AccessToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Where access tokens are cached so that every instance shares one token per app.
/// WeCom rate-limits gettoken, so the store, not the caller, decides whether a refresh really calls upstream.
/// </summary>
public interface IAccessTokenStore
{
    /// <summary>The cached token for <paramref name="cacheKey"/>, or null; callers check <see cref="AccessToken.ExpiresAt"/>.</summary>
    Task<AccessToken?> GetAsync(string cacheKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Refreshes single-flight across all instances: under a lock the cached token is re-read and returned when it
    /// is still valid and is not <paramref name="rejectedToken"/> (someone else refreshed meanwhile); otherwise
    /// <paramref name="fetch"/> is called once and its result stored.
    /// </summary>
    Task<AccessToken> RefreshAsync(string cacheKey, string? rejectedToken,
        Func<CancellationToken, Task<AccessToken>> fetch, CancellationToken cancellationToken = default);
}
