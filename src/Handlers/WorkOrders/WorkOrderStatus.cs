namespace GridLine.Handlers.WorkOrders;

/// <summary>Work-order status codes (stored in <c>work_order.status</c>) and the Chinese names residents and workers see.</summary>
public static class WorkOrderStatus
{
    /// <summary>Not yet dispatched: triage (unmapped chat group) or returned (退单) to the dispatcher.</summary>
    public const string PendingDispatch = "pending_dispatch";
    public const string PendingSign = "pending_sign";
    public const string Signed = "signed";
    public const string InProgress = "in_progress";
    public const string Concluded = "concluded";
    public const string Rated = "rated";
    public const string Closed = "closed";
    public const string Merged = "merged";
    public const string Voided = "voided";

    public static readonly IReadOnlyList<string> All =
        [PendingDispatch, PendingSign, Signed, InProgress, Concluded, Rated, Closed, Merged, Voided];

    /// <summary>Statuses no action leaves.</summary>
    public static readonly IReadOnlyList<string> Final = [Closed, Merged, Voided];

    /// <summary>Statuses in which somebody still has to act on the order (the clock runs).</summary>
    public static readonly IReadOnlyList<string> Open = [PendingDispatch, PendingSign, Signed, InProgress];

    private static readonly Dictionary<string, string> Names = new()
    {
        [PendingDispatch] = "待派单",
        [PendingSign] = "待签收",
        [Signed] = "已签收",
        [InProgress] = "办理中",
        [Concluded] = "已办结",
        [Rated] = "已评价",
        [Closed] = "已关闭",
        [Merged] = "已合并",
        [Voided] = "已作废",
    };

    /// <summary>The Chinese name, or the code itself for an unknown status.</summary>
    public static string NameOf(string status) => Names.GetValueOrDefault(status, status);
}
