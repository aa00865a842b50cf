using GridLine.Handlers.WorkOrders;

namespace GridLine.Handlers.Tests.WorkOrders;

/// <summary>Who may take each action, against a matrix written out here.</summary>
public class WorkOrderStateMachineActorTests
{
    private static readonly ActorRole[] Roles =
        [ActorRole.Resident, ActorRole.Reporter, ActorRole.Handler, ActorRole.GridLeader, ActorRole.Admin, ActorRole.System];

    // Columns: Resident, Reporter, Handler, GridLeader, Admin, System ("y" may act). The status is one the action accepts.
    private static readonly string[] Matrix =
    [
        "sign      pending_sign  - - y y y -",
        "progress  signed        - - y y y -",
        "conclude  in_progress   - - y y y -",
        "rate      concluded     - y - - y -",
        "close     rated         - - - - y y",
        "reopen    concluded     - y - - y -",
        "return    signed        - - y y - -",
        "reassign  pending_sign  - - - y y y",
        "escalate  in_progress   - - y y y y",
        "extend    in_progress   - - y y y -",
        "merge     pending_sign  - - y y y -",
        "void      signed        - - y y y -",
    ];

    private static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 0, 0, TimeSpan.FromHours(8));

    public static TheoryData<string, string, ActorRole, bool> Cells()
    {
        var data = new TheoryData<string, string, ActorRole, bool>();
        foreach (var row in Matrix)
        {
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < Roles.Length; i++) data.Add(cells[0], cells[1], Roles[i], cells[i + 2] == "y");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Decide_ActorRole_AllowedOnlyWhereMatrixSays(string action, string status, ActorRole actor, bool allowed)
    {
        var machine = new WorkOrderStateMachine(new WorkOrderPolicy());
        var order = new WorkOrderSnapshot(1, 1024, status, HandlingLevel.Grid, 7, Now.AddDays(-1), 0);
        var request = new TransitionRequest(action, actor, Text: "说明", Rating: "满意", AssigneeMemberId: 8,
            Target: new MergeTarget(2, 1025, "signed"), ExtendUntil: Now.AddDays(2));

        var decision = machine.Decide(order, request, Now);

        Assert.Equal(allowed, decision.IsAllowed);
        if (!allowed)
        {
            Assert.Equal(RefusalCode.ActorNotAllowed, decision.Refusal);
            Assert.StartsWith("您无权对工单1024执行", decision.Reply);
        }
    }

    [Fact]
    public void Matrix_CoversEveryAction_TwelveRows()
    {
        Assert.Equal(WorkOrderAction.All.Order(), Matrix.Select(r => r.Split(' ')[0]).Order());
        Assert.Equal(72, Cells().Count());
    }
}
