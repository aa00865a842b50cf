namespace GridLine.Handlers.WorkOrders;

/// <summary>Admin-tunable rules of the work-order lifecycle, bound to section <c>WorkOrders</c>.</summary>
public sealed class WorkOrderPolicy
{
    public const string Section = "WorkOrders";

    /// <summary>How long after 办结 the reporter may still say "没解决" and have the order reopened.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Whether a 不满意 rating (within the reopen window) reopens the order instead of just recording it.</summary>
    public bool ReopenOnDissatisfied { get; set; } = true;
}
