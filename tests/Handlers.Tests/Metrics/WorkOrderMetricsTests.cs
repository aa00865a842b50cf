using GridLine.Handlers.Metrics;
using GridLine.Storage;

namespace GridLine.Handlers.Tests.Metrics;

public class WorkOrderMetricsTests
{
    private static GridCounts Counts(long received = 10, long voided = 0, long concluded = 0, long onTime = 0, long rated = 0, long satisfied = 0,
        long autoClosed = 0, long petitions = 0, long petitionsResolved = 0) =>
        new(1, "东苑一网格", received, voided, 0, concluded, onTime, rated, satisfied, autoClosed, petitions, petitionsResolved, 0);

    [Fact]
    public void Compute_VoidedOrders_LeftOutOfTheConclusionDenominator()
    {
        var figures = WorkOrderMetrics.Compute(Counts(received: 10, voided: 2, concluded: 6, onTime: 3));

        Assert.Equal(0.75, figures.ConclusionRate);
        Assert.Equal(0.5, figures.OnTimeRate);
    }

    [Fact]
    public void Compute_AutoClosedWithoutRating_NeverCountedAsSatisfied()
    {
        // 4 rated (3 satisfied), 5 auto-closed with no rating: 75 %, not 8/9 and not 3/9.
        var figures = WorkOrderMetrics.Compute(Counts(concluded: 9, rated: 4, satisfied: 3, autoClosed: 5));

        Assert.Equal(0.75, figures.SatisfactionRate);
    }

    [Fact]
    public void Compute_EmptyDenominators_NullShownAsDash()
    {
        var figures = WorkOrderMetrics.Compute(Counts(received: 0));

        Assert.Null(figures.ConclusionRate);
        Assert.Null(figures.SatisfactionRate);
        Assert.Null(figures.FirstPetitionResolutionRate);
        Assert.Contains("办结率—", WorkOrderMetrics.FormatLine(figures));
    }
}
