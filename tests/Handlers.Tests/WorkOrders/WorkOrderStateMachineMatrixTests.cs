using GridLine.Handlers.WorkOrders;

namespace GridLine.Handlers.Tests.WorkOrders;

/// <summary>Every (status × action) pair, against a matrix written out here rather than read from the production table.</summary>
public class WorkOrderStateMachineMatrixTests
{
    // Row: status; columns: the actions in this order; a cell is the resulting status, or "-" for refused.
    private static readonly string[] Actions =
        ["sign", "progress", "conclude", "rate", "close", "reopen", "return", "reassign", "escalate", "extend", "merge", "void"];

    private static readonly string[] Matrix =
    [
        //                  sign    progress     conclude   rate   close   reopen       return            reassign      escalate      extend       merge   void
        "pending_dispatch   -       -            -          -      -       -            -                 pending_sign  -             -            merged  voided",
        "pending_sign       signed  -            -          -      -       -            pending_dispatch  pending_sign  pending_sign  -            merged  voided",
        "signed             -       in_progress  concluded  -      -       -            pending_dispatch  pending_sign  pending_sign  signed       merged  voided",
        "in_progress        -       in_progress  concluded  -      -       -            pending_dispatch  pending_sign  pending_sign  in_progress  merged  voided",
        "concluded          -       -            -          rated  closed  in_progress  -                 -             -             -            -       -",
        "rated              -       -            -          -      closed  in_progress  -                 -             -             -            -       -",
        "closed             -       -            -          -      -       -            -                 -             -             -            -       -",
        "merged             -       -            -          -      -       -            -                 -             -             -            -       -",
        "voided             -       -            -          -      -       -            -                 -             -             -            -       -",
    ];

    private static readonly Dictionary<string, string> StatusNames = new()
    {
        ["pending_dispatch"] = "待派单", ["pending_sign"] = "待签收", ["signed"] = "已签收", ["in_progress"] = "办理中",
        ["concluded"] = "已办结", ["rated"] = "已评价", ["closed"] = "已关闭", ["merged"] = "已合并", ["voided"] = "已作废",
    };

    private static readonly Dictionary<string, string> ActionNames = new()
    {
        ["sign"] = "签收", ["progress"] = "进展", ["conclude"] = "办结", ["rate"] = "评价", ["close"] = "关闭", ["reopen"] = "重新办理",
        ["return"] = "退单", ["reassign"] = "重派", ["escalate"] = "升级", ["extend"] = "延期", ["merge"] = "合并", ["void"] = "作废",
    };

    private static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 0, 0, TimeSpan.FromHours(8));

    public static TheoryData<string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in Matrix)
        {
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < Actions.Length; i++) data.Add(cells[0], Actions[i], cells[i + 1]);
        }
        return data;
    }

    [Fact]
    public void Matrix_CoversEveryStatusAndAction_NineByTwelve()
    {
        Assert.Equal(108, Cells().Count());
        Assert.Equal(WorkOrderStatus.All.Order(), Matrix.Select(r => r.Split(' ')[0]).Order());
        Assert.Equal(WorkOrderAction.All.Order(), Actions.Order());
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Decide_StatusAndAction_MatchesExpectedMatrix(string status, string action, string expected)
    {
        var machine = new WorkOrderStateMachine(new WorkOrderPolicy());
        var order = new WorkOrderSnapshot(1, 1024, status, HandlingLevel.Grid, 7, Now.AddDays(-1), 0);

        var decision = machine.Decide(order, ValidRequest(action), Now);

        if (expected == "-")
        {
            Assert.False(decision.IsAllowed);
            Assert.Equal(RefusalCode.InvalidStatus, decision.Refusal);
            Assert.Null(decision.Change);
            Assert.Equal($"工单1024当前状态为{StatusNames[status]}，不能{ActionNames[action]}。", decision.Reply);
        }
        else
        {
            Assert.True(decision.IsAllowed, decision.Reply);
            Assert.Equal(expected, decision.ToStatus);
            Assert.Equal(expected, decision.Change!.Status);
            Assert.Contains("1024", decision.Reply);
        }
    }

    // An actor allowed to take the action and every argument it needs, so only the status decides.
    private static TransitionRequest ValidRequest(string action) => action switch
    {
        "sign" => new(action, ActorRole.Handler),
        "progress" => new(action, ActorRole.Handler, Text: "已联系物业"),
        "conclude" => new(action, ActorRole.Handler, Text: "路灯已修好"),
        "rate" => new(action, ActorRole.Reporter, Rating: "满意"),
        "close" => new(action, ActorRole.System),
        "reopen" => new(action, ActorRole.Reporter),
        "return" => new(action, ActorRole.Handler, Text: "不属于本网格"),
        "reassign" => new(action, ActorRole.GridLeader, AssigneeMemberId: 8),
        "escalate" => new(action, ActorRole.Handler, Text: "需社区协调", AssigneeMemberId: 9),
        "extend" => new(action, ActorRole.Handler, Text: "等待配件", ExtendUntil: Now.AddDays(3)),
        "merge" => new(action, ActorRole.Handler, Target: new MergeTarget(2, 1025, "in_progress")),
        "void" => new(action, ActorRole.Handler, Text: "重复反映"),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
