using Dapper;

namespace GridLine.Storage;

/// <summary>Orders received and concluded on one day (China time).</summary>
public sealed record DailyFlowRow(DateTime Day, long Received, long Concluded);

/// <summary>Orders received in a period in one category.</summary>
public sealed record CategoryCountRow(string Category, long Received);

/// <summary>An assignee's open orders now, and how many of them are past a deadline.</summary>
public sealed record AssigneeLoadRow(long? MemberId, string Name, long Open, long Overdue);

/// <summary>
/// The dashboard's plain counts that are not rates: per-day flow, top categories, the overdue load per assignee.
/// Every rate comes from <see cref="MetricsRepository"/> through WorkOrderMetrics (docs/metrics.md); nothing here is a ratio.
/// <c>scope</c> null = every order; otherwise orders in those grids only.
/// </summary>
public sealed class DashboardRepository(Npgsql.NpgsqlDataSource dataSource)
{
    /// <summary>Per China-time day in [from, to): orders received that day (not merged) and orders concluded that day.</summary>
    public async Task<IReadOnlyList<DailyFlowRow>> DailyAsync(DateTime from, DateTime to, IReadOnlyList<long>? scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<DailyFlowRow>(new CommandDefinition("""
            with days as (
                select generate_series((@from at time zone 'Asia/Shanghai')::date, ((@to - interval '1 microsecond') at time zone 'Asia/Shanghai')::date, interval '1 day')::date as day)
            select d.day::timestamp as day,
                (select count(*) from work_order w where (w.created_at at time zone 'Asia/Shanghai')::date = d.day
                    and w.status <> 'merged' and (@scoped = false or w.grid_id = any(@scope))) as received,
                (select count(*) from work_order w where (w.concluded_at at time zone 'Asia/Shanghai')::date = d.day
                    and w.status in ('concluded', 'rated', 'closed') and (@scoped = false or w.grid_id = any(@scope))) as concluded
            from days d order by d.day
            """, Args(from, to, scope), cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Orders received in [from, to) per category (not merged), most first.</summary>
    public async Task<IReadOnlyList<CategoryCountRow>> CategoriesAsync(DateTime from, DateTime to, IReadOnlyList<long>? scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<CategoryCountRow>(new CommandDefinition("""
            select w.category, count(*) as received from work_order w
            where w.created_at >= @from and w.created_at < @to and w.status <> 'merged' and (@scoped = false or w.grid_id = any(@scope))
            group by w.category order by received desc, w.category
            """, Args(from, to, scope), cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Open orders per assignee right now, with those past a deadline (<see cref="WorkOrderRepository.OverdueSql"/>); most overdue first.</summary>
    public async Task<IReadOnlyList<AssigneeLoadRow>> AssigneeLoadAsync(IReadOnlyList<long>? scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AssigneeLoadRow>(new CommandDefinition($"""
            select w.assignee_member_id as member_id, coalesce(m.name, '未分派') as name, count(*) as open,
                   count(*) filter (where {WorkOrderRepository.OverdueSql}) as overdue
            from work_order w left join member m on m.id = w.assignee_member_id
            where w.status in ('pending_dispatch', 'pending_sign', 'signed', 'in_progress') and (@scoped = false or w.grid_id = any(@scope))
            group by 1, 2 order by overdue desc, open desc, name
            """, Args(DateTime.UnixEpoch, DateTime.UnixEpoch, scope), cancellationToken: cancellationToken))).AsList();
    }

    private static object Args(DateTime from, DateTime to, IReadOnlyList<long>? scope) =>
        new { from = DateTime.SpecifyKind(from, DateTimeKind.Utc), to = DateTime.SpecifyKind(to, DateTimeKind.Utc), scoped = scope is not null, scope = (scope ?? []).ToArray() };
}
