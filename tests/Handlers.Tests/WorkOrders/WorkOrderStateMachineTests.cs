using GridLine.Handlers.WorkOrders;

namespace GridLine.Handlers.Tests.WorkOrders;

public class WorkOrderStateMachineTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 0, 0, TimeSpan.FromHours(8));
    private readonly WorkOrderStateMachine _machine = new(new WorkOrderPolicy { ReopenWindow = TimeSpan.FromDays(7) });

    private static WorkOrderSnapshot Order(string status, string level = HandlingLevel.Grid, DateTimeOffset? concludedAt = null) =>
        new(1, 1024, status, level, 7, concludedAt ?? Now.AddDays(-1), 0);

    [Fact]
    public void Decide_SignConcludedOrder_RefusedWithChineseReply()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.Concluded), new(WorkOrderAction.Sign, ActorRole.Handler), Now);

        Assert.False(decision.IsAllowed);
        Assert.Equal("工单1024当前状态为已办结，不能签收。", decision.Reply);
    }

    [Fact]
    public void Decide_ResidentTriesWorkerCommand_RefusedBeforeStatusIsConsidered()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.PendingSign), new(WorkOrderAction.Sign, ActorRole.Reporter), Now);

        Assert.Equal(RefusalCode.ActorNotAllowed, decision.Refusal);
        Assert.Equal("您无权对工单1024执行签收。", decision.Reply);
    }

    [Fact]
    public void Decide_Sign_RecordsSignedAt()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.PendingSign), new(WorkOrderAction.Sign, ActorRole.Handler), Now);

        Assert.Equal(Now.UtcDateTime, decision.Change!.SignedAt);
        Assert.Equal("工单1024已签收。", decision.Reply);
    }

    [Theory]
    [InlineData(WorkOrderAction.Return, "退单需要说明（原因或内容），格式：退单 1024 原因")]
    [InlineData(WorkOrderAction.Escalate, "升级需要说明（原因或内容），格式：转社区 1024 原因 / 转协同 1024 原因")]
    [InlineData(WorkOrderAction.Void, "作废需要说明（原因或内容），格式：作废 1024 原因")]
    [InlineData(WorkOrderAction.Progress, "进展需要说明（原因或内容），格式：进展 1024 进展内容")]
    public void Decide_ReasonMissing_RefusedWithUsage(string action, string reply)
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.InProgress), new(action, ActorRole.Handler, Text: "  "), Now);

        Assert.Equal(RefusalCode.MissingArgument, decision.Refusal);
        Assert.Equal(reply, decision.Reply);
    }

    [Fact]
    public void Decide_ReturnWithReason_ClearsAssigneeAndWaitsForDispatch()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.Signed), new(WorkOrderAction.Return, ActorRole.Handler, Text: "不属于本网格"), Now);

        Assert.Equal(WorkOrderStatus.PendingDispatch, decision.ToStatus);
        Assert.True(decision.Change!.SetAssignee);
        Assert.Null(decision.Change.AssigneeMemberId);
        Assert.Equal("工单1024已退单，原因：不属于本网格。等待重新派单。", decision.Reply);
    }

    [Theory]
    [InlineData(HandlingLevel.Grid, HandlingLevel.Community, "工单1024已升级为社区办，原因：涉及多个小区")]
    [InlineData(HandlingLevel.Community, HandlingLevel.Collaborative, "工单1024已升级为协同办，原因：涉及多个小区")]
    public void Decide_Escalate_MovesOneLevelUp(string from, string to, string reply)
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.InProgress, from),
            new(WorkOrderAction.Escalate, ActorRole.GridLeader, Text: "涉及多个小区", AssigneeMemberId: 42), Now);

        Assert.Equal(to, decision.Change!.HandlingLevel);
        Assert.Equal(42, decision.Change.AssigneeMemberId);
        Assert.Equal(WorkOrderStatus.PendingSign, decision.ToStatus);
        Assert.Equal(reply, decision.Reply);
    }

    [Fact]
    public void Decide_EscalateWithoutNewAssignee_WaitsForDispatchAtNewLevel()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.Signed), new(WorkOrderAction.Escalate, ActorRole.System, Text: "超时督办"), Now);

        Assert.Equal(WorkOrderStatus.PendingDispatch, decision.ToStatus);
        Assert.Equal(HandlingLevel.Community, decision.Change!.HandlingLevel);
        Assert.True(decision.Change.SetAssignee);
        Assert.Null(decision.Change.AssigneeMemberId);
    }

    [Fact]
    public void Decide_EscalateBeyondCollaborative_Refused()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.InProgress, HandlingLevel.Collaborative),
            new(WorkOrderAction.Escalate, ActorRole.Admin, Text: "仍未解决"), Now);

        Assert.Equal(RefusalCode.EscalationAtTop, decision.Refusal);
        Assert.Equal("工单1024已由协同办办理，不能再升级。", decision.Reply);
    }

    [Theory]
    [InlineData(1, 1025, WorkOrderStatus.InProgress, "不能把工单1024合并到它自己。")]
    [InlineData(2, 1025, WorkOrderStatus.Merged, "工单1025当前状态为已合并，不能作为合并目标。")]
    [InlineData(2, 1025, WorkOrderStatus.Closed, "工单1025当前状态为已关闭，不能作为合并目标。")]
    [InlineData(2, 1025, WorkOrderStatus.Voided, "工单1025当前状态为已作废，不能作为合并目标。")]
    public void Decide_MergeIntoInvalidTarget_Refused(long targetId, long targetNumber, string targetStatus, string reply)
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.Signed),
            new(WorkOrderAction.Merge, ActorRole.Handler, Target: new MergeTarget(targetId, targetNumber, targetStatus)), Now);

        Assert.Equal(RefusalCode.InvalidMergeTarget, decision.Refusal);
        Assert.Equal(reply, decision.Reply);
    }

    [Fact]
    public void Decide_MergeIntoConcludedTarget_RecordsSurvivor()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.PendingSign),
            new(WorkOrderAction.Merge, ActorRole.Handler, Target: new MergeTarget(2, 1025, WorkOrderStatus.Concluded)), Now);

        Assert.Equal(2, decision.Change!.MergedIntoId);
        Assert.Equal("工单1024已合并到工单1025，后续进展请关注工单1025。", decision.Reply);
    }

    [Fact]
    public void Decide_ExtendIntoThePast_Refused()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.InProgress),
            new(WorkOrderAction.Extend, ActorRole.Handler, Text: "等待配件", ExtendUntil: Now.AddHours(-1)), Now);

        Assert.Equal(RefusalCode.InvalidArgument, decision.Refusal);
    }

    [Fact]
    public void Decide_Extend_RecordsUntilAndTellsTheLocalTime()
    {
        var until = new DateTimeOffset(2026, 3, 13, 10, 0, 0, TimeSpan.Zero); // 18:00 in Shanghai
        var decision = _machine.Decide(Order(WorkOrderStatus.InProgress),
            new(WorkOrderAction.Extend, ActorRole.Handler, Text: "等待配件", ExtendUntil: until), Now);

        Assert.Equal(until.UtcDateTime, decision.Change!.ExtendedUntil);
        Assert.Equal("工单1024已延期至3月13日 18:00，原因：等待配件", decision.Reply);
    }

    [Fact]
    public void Decide_VoidWithReason_KeepsReasonForTheReporter()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.PendingDispatch), new(WorkOrderAction.Void, ActorRole.Admin, Text: "非本辖区事项"), Now);

        Assert.Equal("非本辖区事项", decision.Change!.VoidReason);
        Assert.Equal("工单1024已作废，原因：非本辖区事项", decision.Reply);
    }

    [Theory]
    [InlineData("满意", Satisfaction.Satisfied, "感谢您的评价！工单1024评价为满意。")]
    [InlineData("基本满意", Satisfaction.Basic, "感谢您的评价！工单1024评价为基本满意。")]
    public void Decide_RateSatisfied_Rated(string text, string code, string reply)
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.Concluded), new(WorkOrderAction.Rate, ActorRole.Reporter, Rating: text), Now);

        Assert.Equal(WorkOrderStatus.Rated, decision.ToStatus);
        Assert.Equal(code, decision.Change!.Satisfaction);
        Assert.Equal(reply, decision.Reply);
    }

    [Fact]
    public void Decide_RateDissatisfiedWithinWindow_ReopensAndKeepsRating()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.Concluded), new(WorkOrderAction.Rate, ActorRole.Reporter, Rating: "不满意"), Now);

        Assert.Equal(WorkOrderStatus.InProgress, decision.ToStatus);
        Assert.Equal(Satisfaction.Dissatisfied, decision.Change!.Satisfaction);
        Assert.True(decision.Change.IncrementReopened);
        Assert.True(decision.Change.ClearConclusion);
    }

    [Fact]
    public void Decide_RateDissatisfiedWhenPolicySaysNoReopen_Rated()
    {
        var machine = new WorkOrderStateMachine(new WorkOrderPolicy { ReopenOnDissatisfied = false });

        var decision = machine.Decide(Order(WorkOrderStatus.Concluded), new(WorkOrderAction.Rate, ActorRole.Reporter, Rating: "不满意"), Now);

        Assert.Equal(WorkOrderStatus.Rated, decision.ToStatus);
        Assert.False(decision.Change!.IncrementReopened);
    }

    [Fact]
    public void Decide_RateDissatisfiedAfterWindow_RatedNotReopened()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.Concluded, concludedAt: Now.AddDays(-8)),
            new(WorkOrderAction.Rate, ActorRole.Reporter, Rating: "不满意"), Now);

        Assert.Equal(WorkOrderStatus.Rated, decision.ToStatus);
    }

    [Fact]
    public void Decide_RateWithUnknownWord_RefusedWithChoices()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.Concluded), new(WorkOrderAction.Rate, ActorRole.Reporter, Rating: "还行吧"), Now);

        Assert.Equal(RefusalCode.InvalidArgument, decision.Refusal);
        Assert.Equal("请回复：满意、基本满意 或 不满意。", decision.Reply);
    }

    [Fact]
    public void Decide_ReopenWithinWindow_BackInProgressAndCounted()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.Rated, concludedAt: Now.AddDays(-7)), new(WorkOrderAction.Reopen, ActorRole.Reporter), Now);

        Assert.Equal(WorkOrderStatus.InProgress, decision.ToStatus);
        Assert.True(decision.Change!.IncrementReopened);
    }

    [Fact]
    public void Decide_ReopenAfterWindow_RefusedAskingForANewReport()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.Concluded, concludedAt: Now.AddDays(-7).AddMinutes(-1)),
            new(WorkOrderAction.Reopen, ActorRole.Reporter), Now);

        Assert.Equal(RefusalCode.ReopenWindowPassed, decision.Refusal);
        Assert.Equal("工单1024办结已超过7天，不能重新办理，请重新反映问题。", decision.Reply);
    }

    [Fact]
    public void Decide_UnknownAction_RefusedNotThrown()
    {
        var decision = _machine.Decide(Order(WorkOrderStatus.Signed), new("teleport", ActorRole.Admin), Now);

        Assert.Equal(RefusalCode.UnknownAction, decision.Refusal);
    }

    [Fact]
    public void Rules_EveryActionDeclaresActorsAndUsage_AllTwelve()
    {
        Assert.Equal(WorkOrderAction.All.Order(), WorkOrderStateMachine.Rules.Keys.Order());
        Assert.All(WorkOrderStateMachine.Rules.Values, r => Assert.NotEmpty(r.Actors));
        Assert.All(WorkOrderStateMachine.Rules.Values, r => Assert.DoesNotContain(ActorRole.Resident, r.Actors));
    }
}
