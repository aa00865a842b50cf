using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A console/API administrator. <see cref="ScopeGridId"/> is null for system admins.</summary>
public sealed record AdminAccount(long Id, string Login, string DisplayName, string PasswordHash, string Role, long? ScopeGridId,
    bool IsActive, int Version, DateTime CreatedAt, DateTime UpdatedAt, DateTime? LastLoginAt);

/// <summary>Admin accounts. Password hashes come from the caller's hasher; nothing here sees a password.</summary>
public sealed class AdminAccountRepository(NpgsqlDataSource dataSource)
{
    public static readonly IReadOnlyList<string> Roles = ["system_admin", "subdistrict_admin", "community_admin"];

    private const string Columns = "id, login, display_name, password_hash, role, scope_grid_id, is_active, version, created_at, updated_at, last_login_at";

    /// <summary>Inserts an account; null when the login is taken.</summary>
    public async Task<AdminAccount?> TryInsertAsync(string login, string displayName, string passwordHash, string role, long? scopeGridId,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AdminAccount>(new CommandDefinition($"""
            insert into admin_account (login, display_name, password_hash, role, scope_grid_id)
            values (@login, @displayName, @passwordHash, @role, @scopeGridId)
            on conflict (login) do nothing
            returning {Columns}
            """, new { login, displayName, passwordHash, role, scopeGridId }, cancellationToken: cancellationToken));
    }

    public async Task<AdminAccount?> GetByLoginAsync(string login, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AdminAccount>(new CommandDefinition(
            $"select {Columns} from admin_account where login = @login", new { login }, cancellationToken: cancellationToken));
    }

    public async Task<AdminAccount?> GetByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AdminAccount>(new CommandDefinition(
            $"select {Columns} from admin_account where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AdminAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AdminAccount>(new CommandDefinition(
            $"select {Columns} from admin_account order by id", cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Replaces name, role, scope and active flag (and the hash when given) at <paramref name="expectedVersion"/>; null on a conflict.</summary>
    public async Task<AdminAccount?> UpdateAsync(long id, int expectedVersion, string displayName, string role, long? scopeGridId, bool isActive,
        string? passwordHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AdminAccount>(new CommandDefinition($"""
            update admin_account set display_name = @displayName, role = @role, scope_grid_id = @scopeGridId, is_active = @isActive,
                password_hash = coalesce(@passwordHash, password_hash), version = version + 1, updated_at = now()
            where id = @id and version = @expectedVersion
            returning {Columns}
            """, new { id, expectedVersion, displayName, role, scopeGridId, isActive, passwordHash }, cancellationToken: cancellationToken));
    }

    /// <summary>Records a successful login; a rehashed password (stronger hasher settings) is stored at the same time.</summary>
    public async Task RecordLoginAsync(long id, string? rehashedPassword, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update admin_account set last_login_at = now(), password_hash = coalesce(@rehashedPassword, password_hash) where id = @id",
            new { id, rehashedPassword }, cancellationToken: cancellationToken));
    }
}
