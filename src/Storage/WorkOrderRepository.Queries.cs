using System.Data;
using System.Globalization;
using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>Reads and inserts the in-chat workflow needs, inside the caller's transaction.</summary>
public sealed partial class WorkOrderRepository
{
    /// <summary>Statuses of an order still being worked on (mirrors WorkOrderStatus in the domain; a check constraint guards the codes).</summary>
    public static readonly IReadOnlyList<string> OpenStatuses = ["pending_dispatch", "pending_sign", "signed", "in_progress"];

    /// <summary>The one insert of an order (parameters from <see cref="NewWorkOrder"/>), without its RETURNING clause.</summary>
    internal const string InsertOrderSql = """
        insert into work_order (type, category, grid_id, chat_id, reporter_userid, description, location_text, handling_level,
                                assignee_member_id, status, sign_due_at, due_at, is_triage, dispatcher_rule_id, dispatcher_member_id, clock, created_at)
        values (@Type, @Category, @GridId, @ChatId, @ReporterUserid, @Description, @LocationText, @HandlingLevel,
                @AssigneeMemberId, @Status, @SignDueAt, @DueAt, @IsTriage, @DispatcherRuleId, @DispatcherMemberId, @Clock, coalesce(@CreatedAt, now()))
        """;

    /// <summary>Stands for the new order's id in <see cref="InsertOpenedAsync"/>'s messages until the insert assigns it.</summary>
    public const long IdToBeAssigned = -4_611_686_018_427_387_901;

    /// <summary>Stands for the new order's number in <see cref="InsertOpenedAsync"/>'s messages until the insert assigns it.</summary>
    public const long NumberToBeAssigned = -4_611_686_018_427_387_903;

    /// <summary>
    /// Opens an order in one round trip: the order, its reporter as a subscriber (when given), its first timeline
    /// entries (<paramref name="events"/>' WorkOrderId is ignored; ids follow the list's order), its first reminders and
    /// the messages announcing it, inside the caller's transaction. One statement instead of four for every message that
    /// opens an order (docs/benchmarks.md). The reminders were computed from <paramref name="order"/>, so it must carry
    /// the <see cref="NewWorkOrder.CreatedAt"/> they were computed with. The messages were rendered before the order had an
    /// id and a number: <see cref="IdToBeAssigned"/> and <see cref="NumberToBeAssigned"/> in their keys and payloads are
    /// replaced by the assigned ones.
    /// </summary>
    public static Task<WorkOrder> InsertOpenedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewWorkOrder order,
        string? reporterChatId, IReadOnlyList<NewWorkOrderEvent> events, IReadOnlyList<(string Kind, DateTimeOffset DueAt)> reminders,
        IReadOnlyList<NewOutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        var parameters = new DynamicParameters(order);
        parameters.Add("subChat", reporterChatId, DbType.String);
        parameters.Add("ek", events.Select(e => e.ActorKind).ToArray());
        parameters.Add("ea", events.Select(e => e.ActorId).ToArray());
        parameters.Add("ex", events.Select(e => e.Action).ToArray());
        parameters.Add("ef", events.Select(e => e.FromStatus).ToArray());
        parameters.Add("et", events.Select(e => e.ToStatus).ToArray());
        parameters.Add("en", events.Select(e => e.Note).ToArray());
        parameters.Add("em", events.Select(e => e.InboxMessageId).ToArray());
        parameters.Add("ed", events.Select(e => e.DataJson).ToArray());
        parameters.Add("rk", reminders.Select(r => r.Kind).ToArray());
        parameters.Add("rd", reminders.Select(r => r.DueAt.UtcDateTime).ToArray());
        parameters.Add("mk", messages.Select(m => m.IdempotencyKey).ToArray());
        parameters.Add("mc", messages.Select(m => m.Channel).ToArray());
        parameters.Add("mt", messages.Select(m => m.Target).ToArray());
        parameters.Add("mp", messages.Select(m => m.PayloadJson).ToArray());
        parameters.Add("mr", messages.Select(m => m.RateKey).ToArray());
        parameters.Add("idMark", IdToBeAssigned.ToString(CultureInfo.InvariantCulture));
        parameters.Add("numberMark", NumberToBeAssigned.ToString(CultureInfo.InvariantCulture));
        return connection.QuerySingleAsync<WorkOrder>(new CommandDefinition($"""
            with o as ({InsertOrderSql} returning {Columns}),
            s as (
                insert into work_order_subscriber (work_order_id, userid, chat_id, kind)
                select o.id, o.reporter_userid, @subChat, 'reporter' from o where o.reporter_userid is not null
                on conflict (work_order_id, userid) do nothing),
            e as (
                insert into work_order_event (work_order_id, actor_kind, actor_id, action, from_status, to_status, note, inbox_message_id, data)
                select o.id, u.k, u.a, u.x, u.f, u.t, u.n, u.m, u.d::jsonb
                from o, unnest(@ek::text[], @ea::text[], @ex::text[], @ef::text[], @et::text[], @en::text[], @em::bigint[], @ed::text[])
                        with ordinality as u (k, a, x, f, t, n, m, d, ord)
                order by u.ord),
            r as (
                insert into reminder (work_order_id, kind, due_at)
                select o.id, u.k, u.d from o, unnest(@rk::text[], @rd::timestamptz[]) as u (k, d)),
            m as (
                insert into outbox_message (idempotency_key, channel, target, payload, rate_key)
                select replace(replace(u.k, @idMark, o.id::text), @numberMark, o.number::text), u.c, u.t,
                       replace(replace(u.p, @idMark, o.id::text), @numberMark, o.number::text)::jsonb, u.r
                from o, unnest(@mk::text[], @mc::text[], @mt::text[], @mp::text[], @mr::text[]) with ordinality as u (k, c, t, p, r, ord)
                order by u.ord
                on conflict on constraint outbox_message_idempotency_key_uq do nothing)
            select * from o
            """, parameters, transaction, cancellationToken: cancellationToken));
    }

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
            where w.id in (select id from work_order where chat_id = @chatId and reporter_userid = @userid
                           union
                           select work_order_id from work_order_subscriber where userid = @userid)
              and w.chat_id = @chatId and w.status = any(@statuses)
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
