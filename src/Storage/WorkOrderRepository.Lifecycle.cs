using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>Lifecycle writes: state changes under optimistic concurrency, and subscribers.</summary>
public sealed partial class WorkOrderRepository
{
    public async Task<WorkOrder?> GetByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<WorkOrder>(new CommandDefinition(
            $"select {Columns} from work_order where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Applies <paramref name="change"/> if the order is still at <paramref name="expectedVersion"/>, and appends
    /// <paramref name="timelineEvent"/>, both inside the caller's transaction (so the caller can enqueue outbox rows in it too).
    /// A merge also makes the source's reporters and subscribers follow the surviving order.
    /// Returns the updated order, or null when another writer got there first (version conflict): nothing is written then.
    /// </summary>
    public static async Task<WorkOrder?> TryApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, int expectedVersion,
        WorkOrderChange change, NewWorkOrderEvent timelineEvent, CancellationToken cancellationToken = default)
    {
        var updated = await connection.QuerySingleOrDefaultAsync<WorkOrder>(new CommandDefinition($"""
            update work_order set
                status               = @Status,
                handling_level       = coalesce(@HandlingLevel::text, handling_level),
                assignee_member_id   = case when @SetAssignee then @AssigneeMemberId::bigint else assignee_member_id end,
                satisfaction         = coalesce(@Satisfaction::text, satisfaction),
                merged_into_id       = coalesce(@MergedIntoId::bigint, merged_into_id),
                void_reason          = coalesce(@VoidReason::text, void_reason),
                reopened_count       = reopened_count + case when @IncrementReopened then 1 else 0 end,
                extended_until       = coalesce(@ExtendedUntil::timestamptz, extended_until),
                signed_at            = coalesce(@SignedAt::timestamptz, signed_at),
                concluded_at         = case when @ClearConclusion then null else coalesce(@ConcludedAt::timestamptz, concluded_at) end,
                sign_due_at          = coalesce(@SignDueAt::timestamptz, sign_due_at),
                sign_window_start    = coalesce(@SignWindowStart::timestamptz, sign_window_start),
                due_at               = coalesce(@DueAt::timestamptz, due_at),
                is_triage            = coalesce(@IsTriage::boolean, is_triage),
                dispatcher_rule_id   = coalesce(@DispatcherRuleId::bigint, dispatcher_rule_id),
                dispatcher_member_id = coalesce(@DispatcherMemberId::bigint, dispatcher_member_id),
                updated_at           = now(),
                version              = version + 1
            where id = @id and version = @expectedVersion
            returning {Columns}
            """, new
        {
            id, expectedVersion, change.Status, change.HandlingLevel, change.SetAssignee, change.AssigneeMemberId, change.Satisfaction,
            change.MergedIntoId, change.VoidReason, change.IncrementReopened, change.ExtendedUntil, change.SignedAt, change.ClearConclusion,
            change.ConcludedAt, change.SignDueAt, change.SignWindowStart, change.DueAt, change.IsTriage, change.DispatcherRuleId, change.DispatcherMemberId,
        }, transaction, cancellationToken: cancellationToken));
        if (updated is null) return null;

        await connection.ExecuteAsync(new CommandDefinition("""
            insert into work_order_event (work_order_id, actor_kind, actor_id, action, from_status, to_status, note, inbox_message_id, data)
            values (@WorkOrderId, @ActorKind, @ActorId, @Action, @FromStatus, @ToStatus, @Note, @InboxMessageId, @DataJson::jsonb)
            """, timelineEvent with { WorkOrderId = id }, transaction, cancellationToken: cancellationToken));

        if (change.MergedIntoId is { } survivor)
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into work_order_subscriber (work_order_id, userid, chat_id, kind)
                select @survivor, userid, chat_id, kind from work_order_subscriber where work_order_id = @id
                on conflict (work_order_id, userid) do nothing
                """, new { survivor, id }, transaction, cancellationToken: cancellationToken));
        return updated;
    }

    /// <summary>Adds a reporter or subscriber; a repeat is a no-op. Returns true when a row was written.</summary>
    public static async Task<bool> TryAddSubscriberAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long workOrderId,
        string userid, string? chatId, string kind, CancellationToken cancellationToken = default)
    {
        var rows = await connection.ExecuteAsync(new CommandDefinition("""
            insert into work_order_subscriber (work_order_id, userid, chat_id, kind) values (@workOrderId, @userid, @chatId, @kind)
            on conflict (work_order_id, userid) do nothing
            """, new { workOrderId, userid, chatId, kind }, transaction, cancellationToken: cancellationToken));
        return rows == 1;
    }

    public async Task<bool> TryAddSubscriberAsync(long workOrderId, string userid, string? chatId, string kind, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await TryAddSubscriberAsync(connection, null, workOrderId, userid, chatId, kind, cancellationToken);
    }

    public async Task<IReadOnlyList<WorkOrderSubscriber>> ListSubscribersAsync(long workOrderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<WorkOrderSubscriber>(new CommandDefinition("""
            select work_order_id, userid, chat_id, kind, created_at from work_order_subscriber
            where work_order_id = @workOrderId order by created_at, userid
            """, new { workOrderId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
