using Dapper;

namespace GridLine.Storage;

/// <summary>How dashboard counts are grouped.</summary>
public enum FigureDimension { Community, Grid, Category, Assignee }

/// <summary>
/// Raw counts for the orders received in a period, one row per group. Every rate on the dashboard is a ratio of two of
/// these counts; the ratios themselves are computed in one place (GridLine.Handlers.Metrics.WorkOrderRates), and
/// docs/metrics.md defines each count.
/// </summary>
public sealed record FigureCountsRow(string Key, string Label, long Received, long Concluded, long ConcludedOnTime, long Rated, long Satisfied,
    long Petitions, long PetitionsResolvedFirstTime, long Reports, long Repeats, long Overdue);

/// <summary>Orders received and concluded on one day (China time).</summary>
public sealed record DailyFlowRow(DateTime Day, long Received, long Concluded);

/// <summary>Dashboard counts over work orders. <c>scope</c> null = every order; otherwise orders in those grids only.</summary>
public sealed class DashboardRepository(Npgsql.NpgsqlDataSource dataSource)
{
    // The counts, over orders w created in [from, to). See docs/metrics.md for each definition.
    private const string Counts = $"""
        count(*) filter (where w.status not in ('voided', 'merged'))                                                  as received,
        count(*) filter (where w.status in ('concluded', 'rated', 'closed') and w.concluded_at is not null)           as concluded,
        count(*) filter (where w.status in ('concluded', 'rated', 'closed') and w.concluded_at is not null
                           and w.concluded_at <= w.due_at)                                                            as concluded_on_time,
        count(*) filter (where w.satisfaction is not null)                                                            as rated,
        count(*) filter (where w.satisfaction in ('satisfied', 'basically_satisfied'))                                as satisfied,
        count(*) filter (where w.type = 'petition' and w.status not in ('voided', 'merged'))                          as petitions,
        count(*) filter (where w.type = 'petition' and w.status in ('concluded', 'rated', 'closed') and w.reopened_count = 0
                           and w.satisfaction is distinct from 'dissatisfied')                                        as petitions_resolved_first_time,
        count(*) filter (where w.status <> 'voided')                                                                  as reports,
        count(*) filter (where w.status = 'merged')                                                                   as repeats,
        count(*) filter (where {WorkOrderRepository.OverdueSql})                                                      as overdue
        """;

    private const string Where = """
        w.created_at >= @from and w.created_at < @to and (@scoped = false or w.grid_id = any(@scope))
        """;

    /// <summary>Counts per group, largest "received" first.</summary>
    public async Task<IReadOnlyList<FigureCountsRow>> CountsByAsync(FigureDimension dimension, DateTime from, DateTime to, IReadOnlyList<long>? scope,
        CancellationToken cancellationToken = default)
    {
        // Fixed SQL per dimension: nothing from the caller is spliced into the statement.
        var (key, label, join) = dimension switch
        {
            FigureDimension.Community => ("coalesce(c.community_id::text, '')", "coalesce(cg.name, '未绑定网格')", """
                left join lateral (
                    with recursive up (id, level, parent_id, depth) as (
                        select g0.id, g0.level, g0.parent_id, 0 from grid g0 where g0.id = w.grid_id
                        union all
                        select p.id, p.level, p.parent_id, up.depth + 1 from up join grid p on p.id = up.parent_id where up.level <> 'community' and up.depth < 8)
                    select id as community_id from up where level = 'community' limit 1) c on true
                left join grid cg on cg.id = c.community_id
                """),
            FigureDimension.Grid => ("coalesce(w.grid_id::text, '')", "coalesce(g.name, '未绑定网格')", "left join grid g on g.id = w.grid_id"),
            FigureDimension.Category => ("w.category", "w.category", ""),
            FigureDimension.Assignee => ("coalesce(w.assignee_member_id::text, '')", "coalesce(m.name, '未分派')", "left join member m on m.id = w.assignee_member_id"),
            _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<FigureCountsRow>(new CommandDefinition($"""
            select {key} as key, {label} as label, {Counts}
            from work_order w {join}
            where {Where}
            group by 1, 2
            order by received desc, key
            """, Args(from, to, scope), cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Counts over the whole period (one row, key "total").</summary>
    public async Task<FigureCountsRow> TotalsAsync(DateTime from, DateTime to, IReadOnlyList<long>? scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<FigureCountsRow>(new CommandDefinition($"""
            select 'total' as key, '合计' as label, {Counts} from work_order w where {Where}
            """, Args(from, to, scope), cancellationToken: cancellationToken));
    }

    /// <summary>Per China-time day in [from, to): orders received that day and orders concluded that day.</summary>
    public async Task<IReadOnlyList<DailyFlowRow>> DailyAsync(DateTime from, DateTime to, IReadOnlyList<long>? scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<DailyFlowRow>(new CommandDefinition("""
            with days as (
                select generate_series((@from at time zone 'Asia/Shanghai')::date, ((@to - interval '1 microsecond') at time zone 'Asia/Shanghai')::date, interval '1 day')::date as day)
            select d.day::timestamp as day,
                (select count(*) from work_order w where (w.created_at at time zone 'Asia/Shanghai')::date = d.day
                    and w.status not in ('voided', 'merged') and (@scoped = false or w.grid_id = any(@scope))) as received,
                (select count(*) from work_order w where (w.concluded_at at time zone 'Asia/Shanghai')::date = d.day
                    and w.status in ('concluded', 'rated', 'closed') and (@scoped = false or w.grid_id = any(@scope))) as concluded
            from days d order by d.day
            """, Args(from, to, scope), cancellationToken: cancellationToken))).AsList();
    }

    private static object Args(DateTime from, DateTime to, IReadOnlyList<long>? scope) =>
        new { from = DateTime.SpecifyKind(from, DateTimeKind.Utc), to = DateTime.SpecifyKind(to, DateTimeKind.Utc), scoped = scope is not null, scope = (scope ?? []).ToArray() };
}
