using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A cached access token.</summary>
public sealed record CachedAccessToken(string CacheKey, string Token, DateTime ExpiresAt);

/// <summary>Access tokens shared by all instances; refreshes are single-flight under a transaction-scoped advisory lock.</summary>
public sealed class AccessTokenRepository(NpgsqlDataSource dataSource)
{
    public async Task<CachedAccessToken?> GetAsync(string cacheKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CachedAccessToken>(new CommandDefinition(
            "select cache_key, token, expires_at from access_token where cache_key = @cacheKey", new { cacheKey }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Runs <paramref name="refresh"/> while holding a lock for <paramref name="cacheKey"/> across all instances.
    /// Inside the lock the stored row is re-read: when it is still usable (and not the token the caller saw fail)
    /// it is returned without calling <paramref name="refresh"/>, so a stampede makes one upstream call.
    /// </summary>
    public async Task<CachedAccessToken> RefreshSingleFlightAsync(string cacheKey, string? rejectedToken, DateTime now,
        Func<CancellationToken, Task<(string Token, DateTime ExpiresAt)>> refresh, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(hashtextextended('access_token:' || @cacheKey, 0))",
            new { cacheKey }, tx, cancellationToken: cancellationToken));
        var current = await connection.QuerySingleOrDefaultAsync<CachedAccessToken>(new CommandDefinition(
            "select cache_key, token, expires_at from access_token where cache_key = @cacheKey", new { cacheKey }, tx, cancellationToken: cancellationToken));
        if (current is not null && current.ExpiresAt > now && current.Token != rejectedToken)
        {
            await tx.CommitAsync(cancellationToken);
            return current;
        }
        var (token, expiresAt) = await refresh(cancellationToken);
        var stored = await connection.QuerySingleAsync<CachedAccessToken>(new CommandDefinition("""
            insert into access_token (cache_key, token, expires_at, fetched_at) values (@cacheKey, @token, @expiresAt, @now)
            on conflict (cache_key) do update set token = excluded.token, expires_at = excluded.expires_at, fetched_at = excluded.fetched_at
            returning cache_key, token, expires_at
            """, new { cacheKey, token, expiresAt, now }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return stored;
    }
}
