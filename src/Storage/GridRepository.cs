using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A node of the grid hierarchy: subdistrict → community → grid → micro_grid.</summary>
public sealed record Grid(long Id, string Code, string Name, string Level, long? ParentId, bool IsDedicated, int Version);

/// <summary>The grid hierarchy, including dedicated grids shared by several communities.</summary>
public sealed class GridRepository(NpgsqlDataSource dataSource, ReferenceCache? cache = null)
{
    public static readonly IReadOnlyList<string> Levels = ["subdistrict", "community", "grid", "micro_grid"];

    /// <summary>Inserts a grid under its parent. The level must be one below the parent's.</summary>
    public async Task<Grid> InsertAsync(string code, string name, string level, long? parentId, bool isDedicated = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var written = await connection.QuerySingleAsync<Grid>(new CommandDefinition("""
            insert into grid (code, name, level, parent_id, is_dedicated) values (@code, @name, @level, @parentId, @isDedicated)
            returning id, code, name, level, parent_id, is_dedicated, version
            """, new { code, name, level, parentId, isDedicated }, cancellationToken: cancellationToken));
        cache?.Invalidate(); // after the write: a reload before it would keep the old row
        return written;
    }

    /// <summary>Shares a dedicated grid with another parent (a second community).</summary>
    public async Task AddSharedParentAsync(long gridId, long parentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into grid_shared_parent (grid_id, parent_id) values (@gridId, @parentId) on conflict do nothing",
            new { gridId, parentId }, cancellationToken: cancellationToken));
        cache?.Invalidate(); // after the write: a reload before it would keep the old row
    }

    public async Task<Grid?> GetByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Grid>(new CommandDefinition(
            "select id, code, name, level, parent_id, is_dedicated, version from grid where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<Grid?> GetByCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Grid>(new CommandDefinition(
            "select id, code, name, level, parent_id, is_dedicated, version from grid where code = @code", new { code }, cancellationToken: cancellationToken));
    }

    /// <summary>The grid itself and all its ancestors through primary and shared parents, nearest first (cached: read per routed message).</summary>
    public Task<IReadOnlyList<Grid>> ListSelfAndAncestorsAsync(long id, CancellationToken cancellationToken = default) =>
        cache is null ? LoadSelfAndAncestorsAsync(id, cancellationToken) : cache.GetAsync("g:up:" + id, ct => LoadSelfAndAncestorsAsync(id, ct), cancellationToken);

    private async Task<IReadOnlyList<Grid>> LoadSelfAndAncestorsAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Grid>(new CommandDefinition("""
            with recursive up (id, depth) as (
                select @id::bigint, 0
                union
                select p.parent_id, up.depth + 1
                from up
                join lateral (
                    select g.parent_id from grid g where g.id = up.id and g.parent_id is not null
                    union all
                    select s.parent_id from grid_shared_parent s where s.grid_id = up.id
                ) p on true
                where up.depth < 16
            )
            select g.id, g.code, g.name, g.level, g.parent_id, g.is_dedicated, g.version
            from (select id, min(depth) as depth from up group by id) u join grid g on g.id = u.id
            order by u.depth, g.id
            """, new { id }, cancellationToken: cancellationToken));
        return rows.ToArray(); // shared through the cache
    }

    /// <summary>Ids of the grid and everything below it, through primary and shared parents (a dedicated grid shared with a community is in its subtree).</summary>
    public async Task<IReadOnlyList<long>> ListSelfAndDescendantIdsAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<long>(new CommandDefinition("""
            with recursive down (id, depth) as (
                select @id::bigint, 0
                union
                select c.id, down.depth + 1
                from down
                join lateral (
                    select g.id from grid g where g.parent_id = down.id
                    union all
                    select s.grid_id from grid_shared_parent s where s.parent_id = down.id
                ) c on true
                where down.depth < 16
            )
            select distinct d.id from down d join grid g on g.id = d.id order by d.id
            """, new { id }, cancellationToken: cancellationToken))).AsList();
    }

    public async Task<IReadOnlyList<Grid>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Grid>(new CommandDefinition(
            "select id, code, name, level, parent_id, is_dedicated, version from grid order by id", cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
