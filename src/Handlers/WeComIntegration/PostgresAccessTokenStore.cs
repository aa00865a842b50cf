using GridLine.Storage;
using GridLine.WeCom;

namespace GridLine.Handlers.WeComIntegration;

/// <summary>Shares WeCom access tokens between all gateway instances through the access_token table.</summary>
internal sealed class PostgresAccessTokenStore(AccessTokenRepository repository, TimeProvider timeProvider) : IAccessTokenStore
{
    public async Task<AccessToken?> GetAsync(string cacheKey, CancellationToken cancellationToken = default)
    {
        var row = await repository.GetAsync(cacheKey, cancellationToken);
        return row is null ? null : ToToken(row);
    }

    public async Task<AccessToken> RefreshAsync(string cacheKey, string? rejectedToken,
        Func<CancellationToken, Task<AccessToken>> fetch, CancellationToken cancellationToken = default)
    {
        var row = await repository.RefreshSingleFlightAsync(cacheKey, rejectedToken, timeProvider.GetUtcNow().UtcDateTime,
            async ct =>
            {
                var fresh = await fetch(ct);
                return (fresh.Token, fresh.ExpiresAt.UtcDateTime);
            },
            cancellationToken);
        return ToToken(row);
    }

    // timestamptz comes back as a UTC DateTime; say so explicitly so the offset is never taken from the local zone.
    private static AccessToken ToToken(CachedAccessToken row) =>
        new(row.Token, new DateTimeOffset(DateTime.SpecifyKind(row.ExpiresAt, DateTimeKind.Utc)));
}
