using System.Globalization;
using GridLine.Storage;

namespace GridLine.Handlers.Metrics;

/// <summary>One grid's figures for a period: the counts and the rates computed from them (definitions in docs/metrics.md).</summary>
public sealed record GridFigures(GridCounts Counts, double? ConclusionRate, double? OnTimeRate, double? SatisfactionRate, double? FirstPetitionResolutionRate)
{
    /// <summary>Orders that count towards rates: received minus voided (merged are already left out of received).</summary>
    public long Countable => Counts.Received - Counts.Voided;
}

/// <summary>
/// The one place GridLine's rates are computed (weekly and monthly reports, the console). Counts come from
/// <see cref="MetricsRepository"/>; a rate with an empty denominator is null ("—"), never 0 % or 100 %.
/// </summary>
public sealed class WorkOrderMetrics(MetricsRepository repository)
{
    /// <summary>Figures per grid for orders received in [from, to), as of now.</summary>
    public async Task<IReadOnlyList<GridFigures>> ForPeriodAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        (await repository.CountByGridAsync(from, to, cancellationToken)).Select(Compute).ToList();

    /// <summary>Rates from counts: 办结率, 按时办结率, 满意率, 初信初访化解率.</summary>
    public static GridFigures Compute(GridCounts c)
    {
        var countable = c.Received - c.Voided;
        return new GridFigures(c,
            ConclusionRate: Rate(c.Concluded, countable),
            OnTimeRate: Rate(c.ConcludedOnTime, c.Concluded),
            SatisfactionRate: Rate(c.Satisfied, c.Rated),
            FirstPetitionResolutionRate: Rate(c.PetitionsResolvedFirstTime, c.Petitions));
    }

    /// <summary>重复访率 (console dashboard): repeat reports among countable orders; null when nothing countable.</summary>
    public static double? RepeatReportRate(GridCounts c) => Rate(c.RepeatReports, c.Received - c.Voided);

    /// <summary>The figures summed over several grids (a community or the whole subdistrict).</summary>
    public static GridFigures Total(IEnumerable<GridFigures> grids, string name)
    {
        var list = grids.Select(g => g.Counts).ToList();
        return Compute(new GridCounts(0, name, list.Sum(c => c.Received), list.Sum(c => c.Voided), list.Sum(c => c.Merged), list.Sum(c => c.Concluded),
            list.Sum(c => c.ConcludedOnTime), list.Sum(c => c.Rated), list.Sum(c => c.Satisfied), list.Sum(c => c.AutoClosedUnrated),
            list.Sum(c => c.Petitions), list.Sum(c => c.PetitionsResolvedFirstTime), list.Sum(c => c.RepeatReports)));
    }

    /// <summary>One report line (Chinese, for admins).</summary>
    public static string FormatLine(GridFigures f) =>
        $"{f.Counts.GridName}：受理{f.Counts.Received}件，办结{f.Counts.Concluded}件，办结率{Percent(f.ConclusionRate)}，"
        + $"按时办结率{Percent(f.OnTimeRate)}，满意率{Percent(f.SatisfactionRate)}（参评{f.Counts.Rated}件，未评价自动关闭{f.Counts.AutoClosedUnrated}件），"
        + $"初信初访化解率{Percent(f.FirstPetitionResolutionRate)}*，重复访{f.Counts.RepeatReports}件";

    /// <summary>The footnote every report carries while petitions have no register of their own.</summary>
    public const string PetitionFootnote = "*初信初访化解率：首次信访在第一级化解（未重复信访、未越级上报、未重新办理、评价非不满意）的信访事项占比。";

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    private static double? Rate(long numerator, long denominator) => denominator <= 0 ? null : (double)numerator / denominator;
}
