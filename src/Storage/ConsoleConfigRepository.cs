using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A member with the ids of the grids they serve.</summary>
public sealed record MemberWithGrids
{
    public long Id { get; init; }
    public string Userid { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Phone { get; init; }
    public string Role { get; init; } = "";
    public bool IsActive { get; init; }
    public int Version { get; init; }
    // Settable rather than positional: Dapper reports bigint[] as System.Array to constructors.
    public long[] GridIds { get; init; } = [];
}

/// <summary>Operational gauges for /metrics.</summary>
public sealed record OperationalStats(double InboxLagSeconds, long InboxPending, long OutboxPending, long OutboxFailed, long OrdersOverdue);

/// <summary>The console's configuration reads and guarded writes that the workflow's repositories do not need.</summary>
public sealed class ConsoleConfigRepository(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<MemberWithGrids>> ListMembersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<MemberWithGrids>(new CommandDefinition("""
            select m.id, m.userid, m.name, m.phone, m.role, m.is_active, m.version,
                   coalesce(array_agg(mg.grid_id order by mg.grid_id) filter (where mg.grid_id is not null), '{}') as grid_ids
            from member m left join member_grid mg on mg.member_id = m.id
            group by m.id order by m.id
            """, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Updates a member and replaces their grids at <paramref name="expectedVersion"/>; false on a conflict or unknown id.</summary>
    public async Task<bool> UpdateMemberAsync(long id, int expectedVersion, string name, string? phone, string role, bool isActive, IReadOnlyList<long> gridIds,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(new CommandDefinition("""
            update member set name = @name, phone = @phone, role = @role, is_active = @isActive, version = version + 1
            where id = @id and version = @expectedVersion
            """, new { id, expectedVersion, name, phone, role, isActive }, tx, cancellationToken: cancellationToken));
        if (rows != 1) return false;
        await connection.ExecuteAsync(new CommandDefinition("delete from member_grid where member_id = @id", new { id }, tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into member_grid (member_id, grid_id) select @id, unnest(@gridIds)", new { id, gridIds = gridIds.ToArray() }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<ChatGroup>> ListChatGroupsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ChatGroup>(new CommandDefinition(
            "select id, chat_id, name, grid_id, webhook_key, version from chat_group order by id", cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Maps a chat group to a grid (null: unmapped) and renames it at <paramref name="expectedVersion"/>; null on a conflict.</summary>
    public async Task<ChatGroup?> UpdateChatGroupAsync(long id, int expectedVersion, string name, long? gridId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ChatGroup>(new CommandDefinition("""
            update chat_group set name = @name, grid_id = @gridId, version = version + 1 where id = @id and version = @expectedVersion
            returning id, chat_id, name, grid_id, webhook_key, version
            """, new { id, expectedVersion, name, gridId }, cancellationToken: cancellationToken));
    }

    /// <summary>Renames a grid at <paramref name="expectedVersion"/>; null on a conflict.</summary>
    public async Task<Grid?> RenameGridAsync(long id, int expectedVersion, string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Grid>(new CommandDefinition("""
            update grid set name = @name, version = version + 1 where id = @id and version = @expectedVersion
            returning id, code, name, level, parent_id, is_dedicated, version
            """, new { id, expectedVersion, name }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<RoutingRule>> ListRoutingRulesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<RoutingRule>(new CommandDefinition("""
            select id, name, priority, grid_id, category, type, assignee_member_id, assignee_role, assignee_level, handling_level, clock,
                   sign_sla_minutes, due_sla_minutes, max_extension_minutes, is_default, is_active, version, created_at, updated_at
            from routing_rule order by priority, is_default, id
            """, cancellationToken: cancellationToken))).AsList();
    }

    public async Task<IReadOnlyList<ClassifierRule>> ListClassifierRulesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ClassifierRule>(new CommandDefinition(
            "select id, pattern, is_regex, priority, force_type, force_category, is_active, note, version, created_at, updated_at from classifier_rule order by priority desc, id",
            cancellationToken: cancellationToken))).AsList();
    }

    public async Task<ClassifierRule?> GetClassifierRuleAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ClassifierRule>(new CommandDefinition(
            "select id, pattern, is_regex, priority, force_type, force_category, is_active, note, version, created_at, updated_at from classifier_rule where id = @id",
            new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Inbox lag (age of the oldest unprocessed message), outbox pending/failed and overdue open orders.</summary>
    public async Task<OperationalStats> GetOperationalStatsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<OperationalStats>(new CommandDefinition($"""
            select coalesce(extract(epoch from now() - (select min(received_at) from inbox_message where state in ('new', 'processing'))), 0)::float8 as inbox_lag_seconds,
                   (select count(*) from inbox_message where state in ('new', 'processing')) as inbox_pending,
                   (select count(*) from outbox_message where state in ('pending', 'sending')) as outbox_pending,
                   (select count(*) from outbox_message where state = 'failed') as outbox_failed,
                   (select count(*) from work_order w where {WorkOrderRepository.OverdueSql}) as orders_overdue
            """, cancellationToken: cancellationToken));
    }
}
