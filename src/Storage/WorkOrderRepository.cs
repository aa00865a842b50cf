using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A work order (工单) row.</summary>
public sealed record WorkOrder(long Id, long Number, string Type, string Category, long? GridId, string? ChatId, string? ReporterUserid,
    string Description, string? LocationText, string HandlingLevel, long? AssigneeMemberId, string Status,
    DateTime? SignDueAt, DateTime? DueAt, DateTime? SignedAt, DateTime? ConcludedAt, string? Satisfaction,
    DateTime CreatedAt, DateTime UpdatedAt, int Version, long? MergedIntoId, string? VoidReason, int ReopenedCount,
    DateTime? ExtendedUntil, long? DispatcherRuleId, long? DispatcherMemberId, bool IsTriage, string Clock, DateTime? SignWindowStart);

/// <summary>Fields of a new work order.</summary>
public sealed record NewWorkOrder(string Type, string Category, long? GridId, string? ChatId, string? ReporterUserid, string Description,
    string? LocationText, string HandlingLevel, long? AssigneeMemberId, string Status, DateTime? SignDueAt, DateTime? DueAt,
    bool IsTriage = false, long? DispatcherRuleId = null, long? DispatcherMemberId = null, string Clock = "working", DateTime? CreatedAt = null);

/// <summary>One entry of a work order's append-only timeline.</summary>
public sealed record WorkOrderEvent(long Id, long WorkOrderId, DateTime At, string ActorKind, string? ActorId, string Action,
    string? FromStatus, string? ToStatus, string? Note, long? InboxMessageId, string? Data);

/// <summary>Fields of a new timeline entry.</summary>
public sealed record NewWorkOrderEvent(long WorkOrderId, string ActorKind, string? ActorId, string Action, string? FromStatus, string? ToStatus,
    string? Note, long? InboxMessageId = null, string? DataJson = null);

/// <summary>Work orders and their timeline.</summary>
public sealed partial class WorkOrderRepository(NpgsqlDataSource dataSource)
{
    internal const string Columns = """
        id, number, type, category, grid_id, chat_id, reporter_userid, description, location_text, handling_level,
        assignee_member_id, status, sign_due_at, due_at, signed_at, concluded_at, satisfaction, created_at, updated_at, version,
        merged_into_id, void_reason, reopened_count, extended_until, dispatcher_rule_id, dispatcher_member_id, is_triage, clock, sign_window_start
        """;

    public async Task<WorkOrder> InsertAsync(NewWorkOrder order, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<WorkOrder>(new CommandDefinition(
            $"{InsertOrderSql} returning {Columns}", order, cancellationToken: cancellationToken));
    }

    public async Task<WorkOrder?> GetByNumberAsync(long number, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<WorkOrder>(new CommandDefinition(
            $"select {Columns} from work_order where number = @number", new { number }, cancellationToken: cancellationToken));
    }

    public async Task<long> AppendEventAsync(NewWorkOrderEvent e, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into work_order_event (work_order_id, actor_kind, actor_id, action, from_status, to_status, note, inbox_message_id, data)
            values (@WorkOrderId, @ActorKind, @ActorId, @Action, @FromStatus, @ToStatus, @Note, @InboxMessageId, @DataJson::jsonb)
            returning id
            """, e, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<WorkOrderEvent>> ListEventsAsync(long workOrderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<WorkOrderEvent>(new CommandDefinition("""
            select id, work_order_id, at, actor_kind, actor_id, action, from_status, to_status, note, inbox_message_id, data::text as data
            from work_order_event where work_order_id = @workOrderId order by id
            """, new { workOrderId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
