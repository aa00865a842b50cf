using GridLine.Storage;

namespace GridLine.Handlers.Metrics;

/// <summary>The rates of one group, all from <see cref="WorkOrderMetrics"/> (docs/metrics.md); null when a denominator is zero.</summary>
public sealed record FigureRates(double? ConclusionRate, double? OnTimeRate, double? SatisfactionRate, double? FirstPetitionResolutionRate, double? RepeatReportRate)
{
    public static FigureRates From(GridFigures f) => new(f.ConclusionRate, f.OnTimeRate, f.SatisfactionRate, f.FirstPetitionResolutionRate,
        WorkOrderMetrics.RepeatReportRate(f.Counts));
}

/// <summary>One group's counts (as WorkOrderMetrics counts them) and rates.</summary>
public sealed record FigureGroup(string Key, string Label, GridCounts Counts, FigureRates Rates);

/// <summary>The dashboard for a period: totals, per-day flow, by community and grid, top categories, and the current overdue load per assignee.</summary>
public sealed record DashboardSnapshot(DateTime From, DateTime To, FigureGroup Total, long OverdueNow, IReadOnlyList<DailyFlowRow> Daily,
    IReadOnlyList<FigureGroup> ByCommunity, IReadOnlyList<FigureGroup> ByGrid, IReadOnlyList<CategoryCountRow> ByCategory, IReadOnlyList<AssigneeLoadRow> ByAssignee);

/// <summary>Work-order figures by day, community, grid, category and assignee, limited to an admin's scope (null = everything).</summary>
public interface IWorkOrderFigures
{
    Task<DashboardSnapshot> GetAsync(DateTime from, DateTime to, IReadOnlyList<long>? scopeGridIds, CancellationToken cancellationToken = default);
}

/// <summary>
/// Rates per grid from <see cref="WorkOrderMetrics"/> (the one place they are computed), summed per community with
/// <see cref="WorkOrderMetrics.Total"/>; plain counts (per day, per category, overdue per assignee) from <see cref="DashboardRepository"/>.
/// </summary>
public sealed class DashboardFigures(WorkOrderMetrics metrics, DashboardRepository dashboard, GridRepository grids) : IWorkOrderFigures
{
    public async Task<DashboardSnapshot> GetAsync(DateTime from, DateTime to, IReadOnlyList<long>? scopeGridIds, CancellationToken cancellationToken = default)
    {
        var perGrid = (await metrics.ForPeriodAsync(Utc(from), Utc(to), cancellationToken))
            .Where(g => scopeGridIds is null || scopeGridIds.Contains(g.Counts.GridId)).ToList();
        var all = await grids.ListAllAsync(cancellationToken);
        var byId = all.ToDictionary(g => g.Id);
        var byCommunity = perGrid.GroupBy(g => CommunityOf(g.Counts.GridId, byId))
            .Select(c => Group(c.Key?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", c.Key?.Name ?? "街道直属", WorkOrderMetrics.Total(c, c.Key?.Name ?? "街道直属")))
            .OrderByDescending(g => g.Counts.Received).ToList();
        var load = await dashboard.AssigneeLoadAsync(scopeGridIds, cancellationToken);
        return new DashboardSnapshot(from, to, Group("total", "合计", WorkOrderMetrics.Total(perGrid, "合计")), load.Sum(a => a.Overdue),
            await dashboard.DailyAsync(from, to, scopeGridIds, cancellationToken), byCommunity,
            perGrid.OrderByDescending(g => g.Counts.Received).Select(g => Group(g.Counts.GridId.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Counts.GridName, g)).ToList(),
            await dashboard.CategoriesAsync(from, to, scopeGridIds, cancellationToken), load);
    }

    // The community a grid belongs to through its primary parents (a subdistrict-level grid has none).
    private static Grid? CommunityOf(long gridId, IReadOnlyDictionary<long, Grid> byId)
    {
        for (var (g, depth) = (byId.GetValueOrDefault(gridId), 0); g is not null && depth < 16; g = g.ParentId is { } p ? byId.GetValueOrDefault(p) : null, depth++)
            if (g.Level == "community") return g;
        return null;
    }

    private static FigureGroup Group(string key, string label, GridFigures f) => new(key, label, f.Counts, FigureRates.From(f));

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
