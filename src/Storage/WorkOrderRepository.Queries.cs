using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>Reads and inserts the in-chat workflow needs, inside the caller's transaction.</summary>
public sealed partial class WorkOrderRepository
{
    /// <summary>Statuses of an order still being worked on (mirrors WorkOrderStatus in the domain; a check constraint guards the codes).</summary>
    public static readonly IReadOnlyList<string> OpenStatuses = ["pending_dispatch", "pending_sign", "signed", "in_progress"];

    /// <summary>Inserts an order inside the caller's transaction (so its timeline, subscribers and outbox rows commit with it).</summary>
    public static Task<WorkOrder> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewWorkOrder order, CancellationToken cancellationToken = default) =>
        connection.QuerySingleAsync<WorkOrder>(new CommandDefinition($"""
            insert into work_order (type, category, grid_id, chat_id, reporter_userid, description, location_text, handling_level,
                                    assignee_member_id, status, sign_due_at, due_at, is_triage, dispatcher_rule_id, dispatcher_member_id, clock)
            values (@Type, @Category, @GridId, @ChatId, @ReporterUserid, @Description, @LocationText, @HandlingLevel,
                    @AssigneeMemberId, @Status, @SignDueAt, @DueAt, @IsTriage, @DispatcherRuleId, @DispatcherMemberId, @Clock)
            returning {Columns}
            """, order, transaction, cancellationToken: cancellationToken));

    /// <summary>Appends a timeline entry inside the caller's transaction.</summary>
    public static Task AppendEventAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewWorkOrderEvent e, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition("""
            insert into work_order_event (work_order_id, actor_kind, actor_id, action, from_status, to_status, note, inbox_message_id, data)
            values (@WorkOrderId, @ActorKind, @ActorId, @Action, @FromStatus, @ToStatus, @Note, @InboxMessageId, @DataJson::jsonb)
            """, e, transaction, cancellationToken: cancellationToken));

    public static Task<WorkOrder?> GetByNumberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long number, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<WorkOrder>(new CommandDefinition(
            $"select {Columns} from work_order where number = @number", new { number }, transaction, cancellationToken: cancellationToken));

    public static Task<WorkOrder?> GetByIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<WorkOrder>(new CommandDefinition(
            $"select {Columns} from work_order where id = @id", new { id }, transaction, cancellationToken: cancellationToken));

    /// <summary>The resident's most recent order in a chat (as reporter or subscriber) whose status is one of <paramref name="statuses"/>.</summary>
    public static Task<WorkOrder?> FindLatestForResidentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string chatId, string userid,
        IReadOnlyList<string> statuses, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<WorkOrder>(new CommandDefinition($"""
            select {Columns} from work_order w
            where w.chat_id = @chatId and w.status = any(@statuses)
              and (w.reporter_userid = @userid
                   or exists (select 1 from work_order_subscriber s where s.work_order_id = w.id and s.userid = @userid))
            order by w.updated_at desc, w.id desc
            limit 1
            """, new { chatId, userid, statuses = statuses.ToArray() }, transaction, cancellationToken: cancellationToken));

    /// <summary>Userids to @-mention about an order: its reporter and subscribers who are in <paramref name="chatId"/>.</summary>
    public static async Task<IReadOnlyList<string>> ListMentionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long workOrderId, string chatId,
        CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<string>(new CommandDefinition("""
            select userid from work_order_subscriber where work_order_id = @workOrderId and chat_id = @chatId order by created_at, userid
            """, new { workOrderId, chatId }, transaction, cancellationToken: cancellationToken))).AsList();

    /// <summary>Chats in which an order's reporter and subscribers take part (a merged order's reporters may be elsewhere).</summary>
    public static async Task<IReadOnlyList<string>> ListSubscriberChatsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long workOrderId,
        CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<string>(new CommandDefinition("""
            select distinct chat_id from work_order_subscriber where work_order_id = @workOrderId and chat_id is not null order by chat_id
            """, new { workOrderId }, transaction, cancellationToken: cancellationToken))).AsList();

    /// <summary>The latest note of a given timeline action (e.g. the last 进展) for status replies.</summary>
    public static Task<string?> LatestNoteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long workOrderId, string action,
        CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            select note from work_order_event where work_order_id = @workOrderId and action = @action order by id desc limit 1
            """, new { workOrderId, action }, transaction, cancellationToken: cancellationToken));

    /// <summary>Changes type and category under optimistic concurrency and appends the timeline entry; null on a version conflict.</summary>
    public static async Task<WorkOrder?> TryRecategoriseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, int expectedVersion,
        string type, string category, NewWorkOrderEvent timelineEvent, CancellationToken cancellationToken = default)
    {
        var updated = await connection.QuerySingleOrDefaultAsync<WorkOrder>(new CommandDefinition($"""
            update work_order set type = @type, category = @category, updated_at = now(), version = version + 1
            where id = @id and version = @expectedVersion
            returning {Columns}
            """, new { id, expectedVersion, type, category }, transaction, cancellationToken: cancellationToken));
        if (updated is not null) await AppendEventAsync(connection, transaction, timelineEvent with { WorkOrderId = id }, cancellationToken);
        return updated;
    }

    /// <summary>The inbox message an order was opened from (its "open" timeline entry).</summary>
    public static Task<long?> SourceInboxIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long workOrderId, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "select inbox_message_id from work_order_event where work_order_id = @workOrderId and action = 'open' order by id limit 1",
            new { workOrderId }, transaction, cancellationToken: cancellationToken));

    /// <summary>The order opened from an inbox message, if any.</summary>
    public static Task<WorkOrder?> FindBySourceInboxIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long inboxMessageId, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<WorkOrder>(new CommandDefinition($"""
            select {Columns} from work_order where id = (
                select work_order_id from work_order_event where inbox_message_id = @inboxMessageId and action = 'open' order by id limit 1)
            """, new { inboxMessageId }, transaction, cancellationToken: cancellationToken));
}
