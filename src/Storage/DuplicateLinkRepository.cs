using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A report joined to an existing order as a duplicate (or a repeat by the same resident).</summary>
public sealed record DuplicateLink(long Id, long WorkOrderId, string Userid, string? ChatId, long? InboxMessageId, string Text, double Similarity,
    bool IsRepeat, DateTime CreatedAt, DateTime? SplitAt, long? SplitWorkOrderId);

/// <summary>A candidate order for duplicate detection.</summary>
public sealed record DuplicateCandidate(long Id, long Number, string Description, string? LocationText, string? ReporterUserid, DateTime CreatedAt);

/// <summary>Duplicate links and the candidates they are chosen from; all in the caller's transaction.</summary>
public static class DuplicateLinkRepository
{
    /// <summary>
    /// The 50 newest open orders of <paramref name="type"/>/<paramref name="category"/> since <paramref name="since"/> in one of
    /// the grids, or, for a chat mapped to no grid, in the chat. Each grid is read newest first through an index and stops at
    /// 50 (0072). A mapped chat's orders are routed to its grid, so its grid covers them: reading the chat as well walked all
    /// of the chat's recent orders (0061's index has no type or category) and cost 0.57 ms a call after 10 minutes at 1,000/s.
    /// </summary>
    public static async Task<IReadOnlyList<DuplicateCandidate>> ListCandidatesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<long> gridIds, string? chatId, string type, string category, DateTime since, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<DuplicateCandidate>(new CommandDefinition("""
            select id, number, description, location_text, reporter_userid, created_at from (
                select w.* from unnest(@gridIds::bigint[]) g (id)
                cross join lateral (
                    select id, number, description, location_text, reporter_userid, created_at from work_order
                    where type = @type and category = @category and grid_id = g.id and created_at >= @since
                      and status in ('pending_dispatch', 'pending_sign', 'signed', 'in_progress')
                    order by created_at desc limit 50) w
                union
                (select id, number, description, location_text, reporter_userid, created_at from work_order
                 where cardinality(@gridIds::bigint[]) = 0 and @chatId::text is not null and chat_id = @chatId and created_at >= @since
                   and type = @type and category = @category
                   and status in ('pending_dispatch', 'pending_sign', 'signed', 'in_progress')
                 order by created_at desc limit 50)) c
            order by created_at desc limit 50
            """, new { gridIds = gridIds.ToArray(), chatId, type, category, since }, transaction, cancellationToken: cancellationToken))).AsList();

    /// <summary>
    /// Joins a report to an open order in one round trip: reads the order, subscribes the reporter unless they reported
    /// it or follow it already (then it is a repeat, 重复访), records the link and appends the timeline entry
    /// (<paramref name="linkNote"/> or <paramref name="repeatNote"/>, with <paramref name="actorKind"/>). Null when the order is gone.
    /// </summary>
    public static async Task<(WorkOrder Order, bool IsRepeat)?> LinkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long workOrderId,
        string userid, string chatId, long? inboxMessageId, string text, double similarity, string actorKind, string linkNote, string repeatNote,
        CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<WorkOrder, LinkOutcome, (WorkOrder, bool)>(new CommandDefinition($"""
            with w as (select {WorkOrderRepository.Columns} from work_order where id = @workOrderId),
            s as (
                insert into work_order_subscriber (work_order_id, userid, chat_id, kind)
                select w.id, @userid, @chatId, 'subscriber' from w where w.reporter_userid is distinct from @userid
                on conflict (work_order_id, userid) do nothing
                returning 1),
            r as (select not exists (select 1 from s) as is_repeat),
            l as (
                insert into duplicate_link (work_order_id, userid, chat_id, inbox_message_id, text, similarity, is_repeat)
                select w.id, @userid, @chatId, @inboxMessageId, @text, @similarity, r.is_repeat from w, r),
            e as (
                insert into work_order_event (work_order_id, actor_kind, actor_id, action, from_status, to_status, note, inbox_message_id)
                select w.id, @actorKind, @userid, case when r.is_repeat then 'repeat_report' else 'link_duplicate' end, w.status, w.status,
                       case when r.is_repeat then @repeatNote else @linkNote end, @inboxMessageId
                from w, r)
            select w.*, r.is_repeat from w, r
            """, new { workOrderId, userid, chatId, inboxMessageId, text, similarity, actorKind, linkNote, repeatNote }, transaction,
            cancellationToken: cancellationToken), (order, outcome) => (order, outcome.IsRepeat), splitOn: "is_repeat");
        return rows.AsList() is [var row] ? row : null;
    }

    private sealed record LinkOutcome(bool IsRepeat);

    /// <summary>Links of an order not yet split off, oldest first.</summary>
    public static async Task<IReadOnlyList<DuplicateLink>> ListOpenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long workOrderId,
        CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<DuplicateLink>(new CommandDefinition("""
            select id, work_order_id, userid, chat_id, inbox_message_id, text, similarity, is_repeat, created_at, split_at, split_work_order_id
            from duplicate_link where work_order_id = @workOrderId and split_at is null order by id
            """, new { workOrderId }, transaction, cancellationToken: cancellationToken))).AsList();

    /// <summary>Marks a link split off into its own order and removes the resident from the old order's subscribers (unless they reported it).</summary>
    public static async Task SplitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DuplicateLink link, long newWorkOrderId,
        CancellationToken cancellationToken = default)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "update duplicate_link set split_at = now(), split_work_order_id = @newWorkOrderId where id = @Id", new { link.Id, newWorkOrderId }, transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from work_order_subscriber where work_order_id = @WorkOrderId and userid = @Userid and kind = 'subscriber'",
            new { link.WorkOrderId, link.Userid }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Repeat reports (重复访) in a period, for the weekly figures.</summary>
    public static Task<long> CountRepeatsAsync(NpgsqlConnection connection, DateTime from, DateTime to, CancellationToken cancellationToken = default) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from duplicate_link where is_repeat and created_at >= @from and created_at < @to", new { from, to }, cancellationToken: cancellationToken));
}
