using GridLine.Storage;

namespace GridLine.Handlers.Metrics;

/// <summary>The rates of one group of orders, each null when its denominator is zero. Definitions: docs/metrics.md.</summary>
public sealed record WorkOrderRates(double? ConclusionRate, double? OnTimeRate, double? SatisfactionRate, double? FirstPetitionResolutionRate, double? RepeatReportRate)
{
    /// <summary>The one place where the dashboard's rates are computed from counts.</summary>
    public static WorkOrderRates From(FigureCountsRow c) => new(
        ConclusionRate: Ratio(c.Concluded, c.Received),                       // 办结率
        OnTimeRate: Ratio(c.ConcludedOnTime, c.Concluded),                    // 按时办结率
        SatisfactionRate: Ratio(c.Satisfied, c.Rated),                        // 满意率
        FirstPetitionResolutionRate: Ratio(c.PetitionsResolvedFirstTime, c.Petitions), // 初信初访化解率
        RepeatReportRate: Ratio(c.Repeats, c.Reports));                       // 重复反映率

    private static double? Ratio(long numerator, long denominator) => denominator == 0 ? null : Math.Round((double)numerator / denominator, 4);
}

/// <summary>One group's counts and rates.</summary>
public sealed record FigureGroup(string Key, string Label, FigureCountsRow Counts, WorkOrderRates Rates);

/// <summary>The dashboard for a period: totals, per-day flow and the breakdowns.</summary>
public sealed record DashboardSnapshot(DateTime From, DateTime To, FigureGroup Total, IReadOnlyList<DailyFlowRow> Daily,
    IReadOnlyList<FigureGroup> ByCommunity, IReadOnlyList<FigureGroup> ByGrid, IReadOnlyList<FigureGroup> ByCategory, IReadOnlyList<FigureGroup> ByAssignee);

/// <summary>Work-order figures by day, community, grid, category and assignee, limited to an admin's scope (null = everything).</summary>
public interface IWorkOrderFigures
{
    Task<DashboardSnapshot> GetAsync(DateTime from, DateTime to, IReadOnlyList<long>? scopeGridIds, CancellationToken cancellationToken = default);
}

/// <summary>Figures from <see cref="DashboardRepository"/>; rates through <see cref="WorkOrderRates.From"/>.</summary>
public sealed class DashboardFigures(DashboardRepository repository) : IWorkOrderFigures
{
    public async Task<DashboardSnapshot> GetAsync(DateTime from, DateTime to, IReadOnlyList<long>? scopeGridIds, CancellationToken cancellationToken = default)
    {
        var total = await repository.TotalsAsync(from, to, scopeGridIds, cancellationToken);
        var daily = await repository.DailyAsync(from, to, scopeGridIds, cancellationToken);
        async Task<IReadOnlyList<FigureGroup>> By(FigureDimension d) =>
            (await repository.CountsByAsync(d, from, to, scopeGridIds, cancellationToken)).Select(Group).ToList();
        return new DashboardSnapshot(from, to, Group(total), daily,
            await By(FigureDimension.Community), await By(FigureDimension.Grid), await By(FigureDimension.Category), await By(FigureDimension.Assignee));
    }

    private static FigureGroup Group(FigureCountsRow c) => new(c.Key, c.Label, c, WorkOrderRates.From(c));
}
