using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>Raw counts per grid for one period; the rates are computed from these in one place (WorkOrderMetrics).</summary>
public sealed record GridCounts(long GridId, string GridName, long Received, long Voided, long Merged, long Concluded, long ConcludedOnTime,
    long Rated, long Satisfied, long AutoClosedUnrated, long Petitions, long PetitionsResolvedFirstTime, long RepeatReports);

/// <summary>An admin who receives reports, with the grids (their own and all below) the report covers.</summary>
public sealed record ReportRecipient(string Userid, string Role, long[] GridIds);

/// <summary>A grid worker's open orders for the daily digest.</summary>
public sealed record WorkerOpenOrder(string Userid, long Number, string Category, string Status, DateTime? DueAt);

/// <summary>The SQL behind the figures in docs/metrics.md. Every definition lives here and in WorkOrderMetrics, nowhere else.</summary>
public sealed class MetricsRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Repeat report: the same reporter, category and grid within this many days before.</summary>
    public const int RepeatWindowDays = 30;

    /// <summary>Counts per grid for orders received in [from, to), as of now.</summary>
    public async Task<IReadOnlyList<GridCounts>> CountByGridAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<GridCounts>(new CommandDefinition("""
            with cohort as (
                select w.*, (w.status not in ('merged', 'voided')) as counts,
                       (w.concluded_at is not null and w.status in ('concluded', 'rated', 'closed')) as done,
                       exists (select 1 from work_order_event e where e.work_order_id = w.id and e.action = 'close'
                               and e.actor_kind = 'system' and w.satisfaction is null) as auto_closed,
                       exists (select 1 from work_order p where p.reporter_userid = w.reporter_userid and p.category = w.category
                               and p.grid_id = w.grid_id and p.id <> w.id and p.status <> 'merged'
                               and p.created_at < w.created_at and p.created_at >= w.created_at - make_interval(days => @repeatDays)) as repeat
                from work_order w
                where w.created_at >= @from and w.created_at < @to and w.grid_id is not null
            ),
            -- 重复访 also arrives as a link to an open order (the same resident again): counted when the link is made.
            repeat_links as (
                select w.grid_id, count(*) as n from duplicate_link d join work_order w on w.id = d.work_order_id
                where d.is_repeat and d.created_at >= @from and d.created_at < @to and w.grid_id is not null
                group by w.grid_id
            ),
            petitions as (
                select p.work_order_id, p.repeat_of_petition_id, p.resolved_at_first_level from petition p
            )
            select g.id as grid_id, g.name as grid_name,
                   count(*) filter (where c.status <> 'merged')                                             as received,
                   count(*) filter (where c.status = 'voided')                                              as voided,
                   count(*) filter (where c.status = 'merged')                                              as merged,
                   count(*) filter (where c.counts and c.done)                                              as concluded,
                   count(*) filter (where c.counts and c.done
                                    and c.concluded_at <= coalesce(greatest(c.due_at, c.extended_until), c.concluded_at)) as concluded_on_time,
                   count(*) filter (where c.counts and c.satisfaction is not null)                          as rated,
                   count(*) filter (where c.counts and c.satisfaction in ('satisfied', 'basically_satisfied')) as satisfied,
                   count(*) filter (where c.counts and c.auto_closed)                                       as auto_closed_unrated,
                   count(*) filter (where c.counts and p.work_order_id is not null and p.repeat_of_petition_id is null) as petitions,
                   count(*) filter (where c.counts and p.work_order_id is not null and p.repeat_of_petition_id is null
                                    and p.resolved_at_first_level)                                          as petitions_resolved_first_time,
                   count(*) filter (where c.status <> 'merged' and c.repeat) + coalesce(max(r.n), 0)        as repeat_reports
            from cohort c join grid g on g.id = c.grid_id
            left join petitions p on p.work_order_id = c.id
            left join repeat_links r on r.grid_id = c.grid_id
            group by g.id, g.name
            order by g.id
            """, new { from = from.UtcDateTime, to = to.UtcDateTime, repeatDays = RepeatWindowDays }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Active community and subdistrict staff, each with the grids under the grids they are assigned to.</summary>
    public async Task<IReadOnlyList<ReportRecipient>> ListReportRecipientsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReportRecipient>(new CommandDefinition("""
            with recursive down (member_id, grid_id, depth) as (
                select mg.member_id, mg.grid_id, 0 from member_grid mg join member m on m.id = mg.member_id
                where m.is_active and m.role in ('community', 'subdistrict')
                union
                select d.member_id, c.id, d.depth + 1 from down d
                join lateral (select g.id from grid g where g.parent_id = d.grid_id
                              union all select s.grid_id from grid_shared_parent s where s.parent_id = d.grid_id) c on true
                where d.depth < 16
            )
            select m.userid, m.role, array_agg(distinct d.grid_id order by d.grid_id) as grid_ids
            from down d join member m on m.id = d.member_id
            group by m.userid, m.role
            order by m.userid
            """, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Open orders (pending sign, signed, in progress) of every active assignee, for the daily digest.</summary>
    public async Task<IReadOnlyList<WorkerOpenOrder>> ListOpenOrdersByAssigneeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<WorkerOpenOrder>(new CommandDefinition("""
            select m.userid, w.number, w.category, w.status, greatest(w.due_at, w.extended_until) as due_at
            from work_order w join member m on m.id = w.assignee_member_id
            where m.is_active and w.status in ('pending_sign', 'signed', 'in_progress')
            order by m.userid, w.due_at nulls last, w.number
            """, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
