using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A staff member known to GridLine by their WeCom userid.</summary>
public sealed record Member(long Id, string Userid, string Name, string? Phone, string Role, bool IsActive, int Version);

/// <summary>Staff members and their grid assignments.</summary>
public sealed class MemberRepository(NpgsqlDataSource dataSource, ReferenceCache? cache = null)
{
    public static readonly IReadOnlyList<string> Roles = ["micro_grid_worker", "grid_worker", "grid_leader", "community", "subdistrict", "department"];

    public async Task<Member> InsertAsync(string userid, string name, string role, string? phone = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var written = await connection.QuerySingleAsync<Member>(new CommandDefinition("""
            insert into member (userid, name, role, phone) values (@userid, @name, @role, @phone)
            returning id, userid, name, phone, role, is_active, version
            """, new { userid, name, role, phone }, cancellationToken: cancellationToken));
        cache?.Invalidate(); // after the write: a reload before it would keep the old row
        return written;
    }

    public async Task AssignGridAsync(long memberId, long gridId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into member_grid (member_id, grid_id) values (@memberId, @gridId) on conflict do nothing",
            new { memberId, gridId }, cancellationToken: cancellationToken));
        cache?.Invalidate(); // after the write: a reload before it would keep the old row
    }

    // The three reads below run for every message (sender, assignee, role holders up the grid chain): cached when there is a cache.
    public Task<Member?> GetByIdAsync(long id, CancellationToken cancellationToken = default) =>
        cache is null ? LoadByIdAsync(id, cancellationToken) : cache.GetAsync("m:id:" + id, ct => LoadByIdAsync(id, ct), cancellationToken);

    public Task<Member?> GetByUseridAsync(string userid, CancellationToken cancellationToken = default) =>
        cache is null ? LoadByUseridAsync(userid, cancellationToken) : cache.GetAsync("m:u:" + userid, ct => LoadByUseridAsync(userid, ct), cancellationToken);

    /// <summary>Active members assigned directly to the grid, optionally with one role.</summary>
    public Task<IReadOnlyList<Member>> ListByGridAsync(long gridId, string? role = null, CancellationToken cancellationToken = default) =>
        cache is null ? LoadByGridAsync(gridId, role, cancellationToken) : cache.GetAsync($"m:g:{gridId}:{role}", ct => LoadByGridAsync(gridId, role, ct), cancellationToken);

    private async Task<Member?> LoadByIdAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Member>(new CommandDefinition(
            "select id, userid, name, phone, role, is_active, version from member where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    private async Task<Member?> LoadByUseridAsync(string userid, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Member>(new CommandDefinition(
            "select id, userid, name, phone, role, is_active, version from member where userid = @userid", new { userid }, cancellationToken: cancellationToken));
    }

    private async Task<IReadOnlyList<Member>> LoadByGridAsync(long gridId, string? role, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Member>(new CommandDefinition("""
            select m.id, m.userid, m.name, m.phone, m.role, m.is_active, m.version
            from member m join member_grid mg on mg.member_id = m.id
            where mg.grid_id = @gridId and m.is_active and (@role::text is null or m.role = @role)
            order by m.id
            """, new { gridId, role }, cancellationToken: cancellationToken));
        return rows.ToArray(); // shared through the cache: not a List a caller could change
    }

    /// <summary>Ids of the grids a member is assigned to.</summary>
    public async Task<IReadOnlyList<long>> ListGridIdsAsync(long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "select grid_id from member_grid where member_id = @memberId order by grid_id", new { memberId }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Active members with a role, anywhere in the hierarchy.</summary>
    public async Task<IReadOnlyList<Member>> ListByRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Member>(new CommandDefinition(
            "select id, userid, name, phone, role, is_active, version from member where role = @role and is_active order by id",
            new { role }, cancellationToken: cancellationToken))).AsList();
    }
}
