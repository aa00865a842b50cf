using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>An API token's metadata (never the token itself).</summary>
public sealed record ApiToken(long Id, long AdminAccountId, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt,
    DateTime? RevokedAt, DateTime? LastUsedAt);

/// <summary>Bearer tokens for API clients, stored as SHA-256 hashes.</summary>
public sealed class ApiTokenRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, admin_account_id, name, prefix, created_at, expires_at, revoked_at, last_used_at";

    public async Task<ApiToken> InsertAsync(long adminAccountId, string name, byte[] tokenHash, string prefix, DateTime? expiresAt,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<ApiToken>(new CommandDefinition($"""
            insert into api_token (admin_account_id, name, token_hash, prefix, expires_at) values (@adminAccountId, @name, @tokenHash, @prefix, @expiresAt)
            returning {Columns}
            """, new { adminAccountId, name, tokenHash, prefix, expiresAt }, cancellationToken: cancellationToken));
    }

    /// <summary>The active account owning a valid (unrevoked, unexpired) token with this hash; marks the token used.</summary>
    public async Task<AdminAccount?> FindAccountAsync(byte[] tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AdminAccount>(new CommandDefinition("""
            with t as (
                update api_token set last_used_at = now()
                where token_hash = @tokenHash and revoked_at is null and (expires_at is null or expires_at > now())
                returning admin_account_id)
            select a.id, a.login, a.display_name, a.password_hash, a.role, a.scope_grid_id, a.is_active, a.version, a.created_at, a.updated_at, a.last_login_at
            from admin_account a join t on t.admin_account_id = a.id
            where a.is_active
            """, new { tokenHash }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ApiToken>> ListByAccountAsync(long adminAccountId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ApiToken>(new CommandDefinition(
            $"select {Columns} from api_token where admin_account_id = @adminAccountId order by id", new { adminAccountId }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Revokes a token of the account; false when there is no such active token.</summary>
    public async Task<bool> RevokeAsync(long id, long adminAccountId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update api_token set revoked_at = now() where id = @id and admin_account_id = @adminAccountId and revoked_at is null",
            new { id, adminAccountId }, cancellationToken: cancellationToken)) == 1;
    }
}
