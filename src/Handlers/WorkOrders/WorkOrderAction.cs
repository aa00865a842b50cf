namespace GridLine.Handlers.WorkOrders;

/// <summary>Work-order action codes (stored in <c>work_order_event.action</c>) and their Chinese command words.</summary>
public static class WorkOrderAction
{
    public const string Sign = "sign";
    public const string Progress = "progress";
    public const string Conclude = "conclude";
    public const string Rate = "rate";
    public const string Close = "close";
    public const string Reopen = "reopen";
    public const string Return = "return";
    public const string Reassign = "reassign";
    public const string Escalate = "escalate";
    public const string Extend = "extend";
    public const string Merge = "merge";
    public const string Void = "void";

    public static readonly IReadOnlyList<string> All =
        [Sign, Progress, Conclude, Rate, Close, Reopen, Return, Reassign, Escalate, Extend, Merge, Void];

    private static readonly Dictionary<string, string> Names = new()
    {
        [Sign] = "签收",
        [Progress] = "进展",
        [Conclude] = "办结",
        [Rate] = "评价",
        [Close] = "关闭",
        [Reopen] = "重新办理",
        [Return] = "退单",
        [Reassign] = "重派",
        [Escalate] = "升级",
        [Extend] = "延期",
        [Merge] = "合并",
        [Void] = "作废",
    };

    public static string NameOf(string action) => Names.GetValueOrDefault(action, action);
}

/// <summary>Who is acting, as the caller established it (the state machine does no look-ups).</summary>
public enum ActorRole
{
    /// <summary>A resident who is not the reporter of this order: may never act on it.</summary>
    Resident,
    /// <summary>The resident who reported the order (or a subscriber the caller treats as such).</summary>
    Reporter,
    /// <summary>The assignee, or a worker assigned to the order's grid.</summary>
    Handler,
    /// <summary>The grid leader (网格长) over the order's grid.</summary>
    GridLeader,
    /// <summary>An administrator (console, community or subdistrict admin).</summary>
    Admin,
    /// <summary>GridLine itself: routing, timers, auto-close, supervision escalation.</summary>
    System,
}

/// <summary>Satisfaction codes for 评价.</summary>
public static class Satisfaction
{
    public const string Satisfied = "satisfied";
    public const string Basic = "basically_satisfied";
    public const string Dissatisfied = "dissatisfied";

    public static readonly IReadOnlyList<string> All = [Satisfied, Basic, Dissatisfied];

    public static string NameOf(string code) => code switch
    {
        Satisfied => "满意",
        Basic => "基本满意",
        Dissatisfied => "不满意",
        _ => code,
    };

    /// <summary>Parses 满意 / 基本满意 / 不满意 or a code; null when it is neither.</summary>
    public static string? Parse(string? text) => text?.Trim() switch
    {
        "满意" or Satisfied => Satisfied,
        "基本满意" or Basic => Basic,
        "不满意" or Dissatisfied => Dissatisfied,
        _ => null,
    };
}

/// <summary>Handling levels (办理层级) in escalation order.</summary>
public static class HandlingLevel
{
    public const string Grid = "grid";
    public const string Community = "community";
    public const string Collaborative = "collaborative";

    public static readonly IReadOnlyList<string> Chain = [Grid, Community, Collaborative];

    public static string NameOf(string level) => level switch
    {
        Grid => "网格办",
        Community => "社区办",
        Collaborative => "协同办",
        _ => level,
    };

    /// <summary>The next level up, or null at the top (协同办).</summary>
    public static string? Next(string level) => level switch
    {
        Grid => Community,
        Community => Collaborative,
        _ => null,
    };
}
