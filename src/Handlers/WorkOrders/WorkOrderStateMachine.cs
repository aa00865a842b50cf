using GridLine.Storage;

namespace GridLine.Handlers.WorkOrders;

/// <summary>
/// The one place that decides whether an action may change a work order, and how. Pure: no I/O, no clock of its own;
/// the caller supplies the order, the actor's role and "now", then applies <see cref="TransitionDecision.Change"/>
/// with <see cref="WorkOrderRepository.TryApplyAsync"/>.
/// </summary>
public sealed class WorkOrderStateMachine(WorkOrderPolicy policy)
{
    /// <summary>One action: who may take it, which arguments it needs, and the status it moves each source status to.</summary>
    public sealed record ActionRule(string Action, IReadOnlySet<ActorRole> Actors, IReadOnlyList<string> RequiredArguments,
        IReadOnlyDictionary<string, string> Transitions, string Usage);

    private const string Text = "text", Rating = "rating", Assignee = "assignee", Target = "target", Until = "until";

    private static readonly HashSet<ActorRole> Workers = [ActorRole.Handler, ActorRole.GridLeader, ActorRole.Admin];
    private static readonly string[] Active = [WorkOrderStatus.PendingSign, WorkOrderStatus.Signed, WorkOrderStatus.InProgress];
    private static readonly string[] Undone = [WorkOrderStatus.PendingDispatch, .. Active];

    /// <summary>The action table, also rendered in docs/workflow.md.</summary>
    public static readonly IReadOnlyDictionary<string, ActionRule> Rules = new Dictionary<string, ActionRule>
    {
        [WorkOrderAction.Sign] = Rule(WorkOrderAction.Sign, Workers, [], "签收 {n}",
            (WorkOrderStatus.PendingSign, WorkOrderStatus.Signed)),
        [WorkOrderAction.Progress] = Rule(WorkOrderAction.Progress, Workers, [Text], "进展 {n} 进展内容",
            (WorkOrderStatus.Signed, WorkOrderStatus.InProgress), (WorkOrderStatus.InProgress, WorkOrderStatus.InProgress)),
        [WorkOrderAction.Conclude] = Rule(WorkOrderAction.Conclude, Workers, [Text], "办结 {n} 办理结果",
            (WorkOrderStatus.Signed, WorkOrderStatus.Concluded), (WorkOrderStatus.InProgress, WorkOrderStatus.Concluded)),
        [WorkOrderAction.Rate] = Rule(WorkOrderAction.Rate, [ActorRole.Reporter, ActorRole.Admin], [Rating], "满意 / 基本满意 / 不满意",
            (WorkOrderStatus.Concluded, WorkOrderStatus.Rated)),
        [WorkOrderAction.Close] = Rule(WorkOrderAction.Close, [ActorRole.Admin, ActorRole.System], [], "关闭 {n}",
            (WorkOrderStatus.Concluded, WorkOrderStatus.Closed), (WorkOrderStatus.Rated, WorkOrderStatus.Closed)),
        [WorkOrderAction.Reopen] = Rule(WorkOrderAction.Reopen, [ActorRole.Reporter, ActorRole.Admin], [], "没解决 {n}",
            (WorkOrderStatus.Concluded, WorkOrderStatus.InProgress), (WorkOrderStatus.Rated, WorkOrderStatus.InProgress)),
        [WorkOrderAction.Return] = Rule(WorkOrderAction.Return, [ActorRole.Handler, ActorRole.GridLeader], [Text], "退单 {n} 原因",
            [.. Active.Select(s => (s, WorkOrderStatus.PendingDispatch))]),
        [WorkOrderAction.Reassign] = Rule(WorkOrderAction.Reassign, [ActorRole.GridLeader, ActorRole.Admin, ActorRole.System], [Assignee], "重派 {n} 给 处理人",
            [.. Undone.Select(s => (s, WorkOrderStatus.PendingSign))]),
        [WorkOrderAction.Escalate] = Rule(WorkOrderAction.Escalate, [.. Workers, ActorRole.System], [Text], "转社区 {n} 原因 / 转协同 {n} 原因",
            [.. Active.Select(s => (s, WorkOrderStatus.PendingSign))]),
        [WorkOrderAction.Extend] = Rule(WorkOrderAction.Extend, Workers, [Text, Until], "延期 {n} 天数 原因",
            (WorkOrderStatus.Signed, WorkOrderStatus.Signed), (WorkOrderStatus.InProgress, WorkOrderStatus.InProgress)),
        [WorkOrderAction.Merge] = Rule(WorkOrderAction.Merge, Workers, [Target], "合并 {n} 到 目标工单号",
            [.. Undone.Select(s => (s, WorkOrderStatus.Merged))]),
        [WorkOrderAction.Void] = Rule(WorkOrderAction.Void, Workers, [Text], "作废 {n} 原因",
            [.. Undone.Select(s => (s, WorkOrderStatus.Voided))]),
    };

    /// <summary>Decides <paramref name="request"/> against <paramref name="order"/> at <paramref name="now"/>.</summary>
    public TransitionDecision Decide(WorkOrderSnapshot order, TransitionRequest request, DateTimeOffset now)
    {
        var n = order.Number;
        if (!Rules.TryGetValue(request.Action, out var rule))
            return TransitionDecision.Refuse(order, request.Action, RefusalCode.UnknownAction, $"无法识别的操作“{request.Action}”。");
        var name = WorkOrderAction.NameOf(rule.Action);
        if (!rule.Actors.Contains(request.Actor))
            return TransitionDecision.Refuse(order, rule.Action, RefusalCode.ActorNotAllowed, $"您无权对工单{n}执行{name}。");
        if (!rule.Transitions.TryGetValue(order.Status, out var to))
            return TransitionDecision.Refuse(order, rule.Action, RefusalCode.InvalidStatus,
                $"工单{n}当前状态为{WorkOrderStatus.NameOf(order.Status)}，不能{name}。");
        var missing = rule.RequiredArguments.FirstOrDefault(a => !Has(request, a));
        if (missing is not null)
            return TransitionDecision.Refuse(order, rule.Action, RefusalCode.MissingArgument,
                $"{name}需要{ArgumentName(missing)}，格式：{rule.Usage.Replace("{n}", n.ToString(), StringComparison.Ordinal)}");

        var utcNow = now.UtcDateTime;
        var change = new WorkOrderChange(to);
        return rule.Action switch
        {
            WorkOrderAction.Sign => TransitionDecision.Allow(order, rule.Action, change with { SignedAt = utcNow }, $"工单{n}已签收。"),
            WorkOrderAction.Progress => TransitionDecision.Allow(order, rule.Action, change, $"工单{n}进展已记录：{request.Text}"),
            WorkOrderAction.Conclude => TransitionDecision.Allow(order, rule.Action, change with { ConcludedAt = utcNow }, $"工单{n}已办结：{request.Text}"),
            WorkOrderAction.Rate => DecideRate(order, request, now, change),
            WorkOrderAction.Close => TransitionDecision.Allow(order, rule.Action, change, $"工单{n}已关闭。"),
            WorkOrderAction.Reopen => WithinReopenWindow(order, now)
                ? TransitionDecision.Allow(order, rule.Action, Reopened(to), $"工单{n}已重新办理，我们会尽快处理。")
                : TransitionDecision.Refuse(order, rule.Action, RefusalCode.ReopenWindowPassed,
                    $"工单{n}办结已超过{policy.ReopenWindow.TotalDays:0.#}天，不能重新办理，请重新反映问题。"),
            WorkOrderAction.Return => TransitionDecision.Allow(order, rule.Action, change with { SetAssignee = true, AssigneeMemberId = null },
                $"工单{n}已退单，原因：{request.Text}。等待重新派单。"),
            WorkOrderAction.Reassign => TransitionDecision.Allow(order, rule.Action,
                change with { SetAssignee = true, AssigneeMemberId = request.AssigneeMemberId, IsTriage = false }, $"工单{n}已重派。"),
            WorkOrderAction.Escalate => DecideEscalate(order, request, change),
            WorkOrderAction.Extend => request.ExtendUntil <= now
                ? TransitionDecision.Refuse(order, rule.Action, RefusalCode.InvalidArgument, "延期时间必须晚于现在。")
                : TransitionDecision.Allow(order, rule.Action, change with { ExtendedUntil = request.ExtendUntil!.Value.UtcDateTime },
                    $"工单{n}已延期至{ChinaTime.Format(request.ExtendUntil!.Value)}，原因：{request.Text}"),
            WorkOrderAction.Merge => DecideMerge(order, request.Target!, change),
            WorkOrderAction.Void => TransitionDecision.Allow(order, rule.Action, change with { VoidReason = request.Text },
                $"工单{n}已作废，原因：{request.Text}"),
            _ => throw new InvalidOperationException($"Action {rule.Action} is in the table but not decided."),
        };
    }

    private TransitionDecision DecideRate(WorkOrderSnapshot order, TransitionRequest request, DateTimeOffset now, WorkOrderChange change)
    {
        var rating = Satisfaction.Parse(request.Rating);
        if (rating is null)
            return TransitionDecision.Refuse(order, WorkOrderAction.Rate, RefusalCode.InvalidArgument, "请回复：满意、基本满意 或 不满意。");
        // A dissatisfied resident within the window gets the order reopened: the rating is kept, the work goes on.
        if (rating == Satisfaction.Dissatisfied && policy.ReopenOnDissatisfied && WithinReopenWindow(order, now))
            return TransitionDecision.Allow(order, WorkOrderAction.Rate, Reopened(WorkOrderStatus.InProgress) with { Satisfaction = rating },
                $"工单{order.Number}评价为不满意，已重新办理，我们会尽快处理。");
        return TransitionDecision.Allow(order, WorkOrderAction.Rate, change with { Satisfaction = rating },
            $"感谢您的评价！工单{order.Number}评价为{Satisfaction.NameOf(rating)}。");
    }

    private static TransitionDecision DecideEscalate(WorkOrderSnapshot order, TransitionRequest request, WorkOrderChange change)
    {
        if (HandlingLevel.Next(order.HandlingLevel) is not { } next)
            return TransitionDecision.Refuse(order, WorkOrderAction.Escalate, RefusalCode.EscalationAtTop,
                $"工单{order.Number}已由{HandlingLevel.NameOf(order.HandlingLevel)}办理，不能再升级。");
        // The caller routes at the new level and passes the new assignee; without one the order waits for dispatch at that level.
        var status = request.AssigneeMemberId is null ? WorkOrderStatus.PendingDispatch : change.Status;
        return TransitionDecision.Allow(order, WorkOrderAction.Escalate,
            change with { Status = status, HandlingLevel = next, SetAssignee = true, AssigneeMemberId = request.AssigneeMemberId },
            $"工单{order.Number}已升级为{HandlingLevel.NameOf(next)}，原因：{request.Text}");
    }

    private static TransitionDecision DecideMerge(WorkOrderSnapshot order, MergeTarget target, WorkOrderChange change)
    {
        if (target.Id == order.Id)
            return TransitionDecision.Refuse(order, WorkOrderAction.Merge, RefusalCode.InvalidMergeTarget, $"不能把工单{order.Number}合并到它自己。");
        if (target.Status is WorkOrderStatus.Merged or WorkOrderStatus.Closed or WorkOrderStatus.Voided)
            return TransitionDecision.Refuse(order, WorkOrderAction.Merge, RefusalCode.InvalidMergeTarget,
                $"工单{target.Number}当前状态为{WorkOrderStatus.NameOf(target.Status)}，不能作为合并目标。");
        return TransitionDecision.Allow(order, WorkOrderAction.Merge, change with { MergedIntoId = target.Id },
            $"工单{order.Number}已合并到工单{target.Number}，后续进展请关注工单{target.Number}。");
    }

    private bool WithinReopenWindow(WorkOrderSnapshot order, DateTimeOffset now) =>
        order.ConcludedAt is null || now - order.ConcludedAt.Value <= policy.ReopenWindow;

    private static WorkOrderChange Reopened(string to) => new(to) { IncrementReopened = true, ClearConclusion = true };

    private static bool Has(TransitionRequest r, string argument) => argument switch
    {
        Text => !string.IsNullOrWhiteSpace(r.Text),
        Rating => !string.IsNullOrWhiteSpace(r.Rating),
        Assignee => r.AssigneeMemberId is not null,
        Target => r.Target is not null,
        Until => r.ExtendUntil is not null,
        _ => false,
    };

    private static string ArgumentName(string argument) => argument switch
    {
        Text => "说明（原因或内容）",
        Rating => "评价",
        Assignee => "处理人",
        Target => "目标工单号",
        Until => "延期时间",
        _ => argument,
    };

    private static ActionRule Rule(string action, IEnumerable<ActorRole> actors, string[] arguments, string usage,
        params (string From, string To)[] transitions) =>
        new(action, actors.ToHashSet(), arguments, transitions.ToDictionary(t => t.From, t => t.To), usage);
}
