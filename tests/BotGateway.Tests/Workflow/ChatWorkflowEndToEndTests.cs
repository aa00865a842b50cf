using System.Text.RegularExpressions;

namespace GridLine.BotGateway.Tests.Workflow;

/// <summary>
/// The closed loop through the real gateway and the WeCom sandbox over HTTP: report → acknowledgement → 签收 → 进展 →
/// 办结 → rating, each reply in the right chat; refusals, unauthorised and resident commands answered and changing nothing.
/// </summary>
public partial class ChatWorkflowEndToEndTests
{
    [GeneratedRegex(@"工单号 (\d+)")]
    private static partial Regex OrderNumber();

    private static long NumberIn(string? text) => long.Parse(OrderNumber().Match(text ?? "").Groups[1].Value);

    [Fact]
    public async Task Complaint_FullClosedLoop_EveryStepAnsweredInTheRightChat()
    {
        await using var world = await SandboxWorld.StartAsync();

        // 1. A resident reports a broken lamp in the east grid's group: routed to that grid's worker, acknowledged in the group.
        Assert.Equal(200, await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentLi, "3号楼门口的路灯坏了好几天了 晚上黑漆漆的 老人出门不安全"));
        var ack = await world.WaitForSentAsync(r => r.Path.EndsWith("aibot/response") && r.Text!.Contains("工单号"));
        Assert.Equal(SandboxWorld.EastGroup, ack.ChatId);
        Assert.Contains("路灯照明", ack.Text);
        Assert.Contains("王伟", ack.Text);
        var number = NumberIn(ack.Text);
        var assignment = await world.WaitForSentAsync(r => r.Path.EndsWith("message/send") && r.UserIds.Contains(SandboxWorld.EastWorker) && r.Text!.Contains(number.ToString()));
        Assert.Contains($"sign:{number}", assignment.Body); // one-tap 签收 button on the card

        // 2. The worker signs 1:1 with the app; the resident's group hears it with an @-mention of the reporter.
        var mark = await world.MarkAsync();
        Assert.Equal(200, await world.SayToAppAsync(SandboxWorld.EastWorker, $"签收 {number}"));
        var signed = await world.WaitForSentAsync(r => r.Path.EndsWith("webhook/send") && r.Text!.Contains("签收"), mark);
        Assert.Equal(SandboxWorld.EastGroup, signed.ChatId);
        Assert.Contains(SandboxWorld.ResidentLi, signed.UserIds);
        await world.WaitForSentAsync(r => r.Path.EndsWith("message/send") && r.UserIds.Contains(SandboxWorld.EastWorker) && r.Text!.Contains("已签收"), mark);

        // 3. Progress, then conclusion (which invites a rating).
        mark = await world.MarkAsync();
        await world.SayToAppAsync(SandboxWorld.EastWorker, $"进展 {number} 已联系电工明天上午来修");
        await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("已联系电工"), mark);
        mark = await world.MarkAsync();
        await world.SayToAppAsync(SandboxWorld.EastWorker, $"办结 {number} 已更换灯泡");
        var concluded = await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("已办结"), mark);
        Assert.Contains("满意", concluded.Text);

        // 4. The resident rates it in the group.
        mark = await world.MarkAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentLi, "满意");
        var thanks = await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("感谢您的评价"), mark);
        Assert.Contains("满意", thanks.Text);
        Assert.Equal("rated", await world.QueryAsync<string>("select status from work_order where number = @number", new { number }));
        Assert.Equal("satisfied", await world.QueryAsync<string>("select satisfaction from work_order where number = @number", new { number }));
        var timeline = await world.QueryAsync<string>("select string_agg(w.action, ',' order by w.id) from work_order_event w join work_order o on o.id = w.work_order_id where o.number = @number", new { number });
        Assert.Equal("open,dispatch,sign,progress,conclude,rate", timeline);

        // 5. A refused transition: signing a rated order. The worker hears why; nothing changes.
        mark = await world.MarkAsync();
        await world.SayToAppAsync(SandboxWorld.EastWorker, $"签收 {number}");
        var refused = await world.WaitForSentAsync(r => r.UserIds.Contains(SandboxWorld.EastWorker) && r.Text!.Contains("不能签收"), mark);
        Assert.Contains("已评价", refused.Text);

        // 6. A worker of another grid may not act on it.
        await world.SayToAppAsync(SandboxWorld.WestWorker, $"办结 {number} 我来办");
        await world.WaitForSentAsync(r => r.UserIds.Contains(SandboxWorld.WestWorker) && r.Text!.Contains("没有处理工单"), mark);

        // 7. A resident trying a worker command gets the resident help text.
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentWang, $"办结 {number} 好了");
        await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("居民无法使用"), mark);

        // The refused, unauthorised and resident attempts left no trace on the timeline.
        Assert.Equal(6L, await world.QueryAsync<long>("select count(*) from work_order_event w join work_order o on o.id = w.work_order_id where o.number = @number", new { number }));
        Assert.Equal("rated", await world.QueryAsync<string>("select status from work_order where number = @number", new { number }));
    }

    [Fact]
    public async Task ResidentSpeechStartingWithACommandWord_TreatedAsAnOrdinaryMessage()
    {
        await using var world = await SandboxWorld.StartAsync();

        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentLi, "进展太慢了 小区东门的路灯坏了一个星期还没人修");

        var ack = await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("工单号"));
        Assert.DoesNotContain("居民无法使用", ack.Text);
        Assert.Equal(1L, await world.QueryAsync<long>("select count(*) from work_order"));
    }

    [Fact]
    public async Task MalformedWorkerCommand_AnsweredWithHelpAndNothingChanges()
    {
        await using var world = await SandboxWorld.StartAsync();

        await world.SayToAppAsync(SandboxWorld.EastWorker, "办结");

        var help = await world.WaitForSentAsync(r => r.UserIds.Contains(SandboxWorld.EastWorker) && r.Text!.Contains("指令格式"));
        Assert.Contains("请带上工单号", help.Text);
        Assert.Equal(0, await world.QueryAsync<long>("select count(*) from work_order"));
    }

    [Fact]
    public async Task StatusQuestions_ByNumberAndInPlainWords_AnsweredWithStatus()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentQian, "楼下垃圾桶满了好几天没人清 臭死了");
        var number = NumberIn((await world.WaitForSentAsync(r => r.Text!.Contains("工单号"))).Text);

        var mark = await world.MarkAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentQian, $"进度 {number}");
        var byNumber = await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("当前状态"), mark);
        Assert.Contains("待签收", byNumber.Text);

        mark = await world.MarkAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentQian, "我上次说的垃圾桶的事处理了吗");
        var plain = await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("当前状态"), mark);
        Assert.Contains(number.ToString(), plain.Text);
        Assert.Equal(1, await world.QueryAsync<long>("select count(*) from work_order"));
    }

    [Fact]
    public async Task UnmappedGroup_OrderGoesToTriageAndAdminsAreTold()
    {
        await using var world = await SandboxWorld.StartAsync();

        await world.SayInGroupAsync(SandboxWorld.UnmappedGroup, "wmOwnerFeng009", "小区门口天天有人乱停车 消防通道都堵了");

        var ack = await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.UnmappedGroup && r.Text!.Contains("工单号"));
        Assert.Contains("分派", ack.Text);
        await world.WaitForSentAsync(r => r.Path.EndsWith("message/send") && r.UserIds.Contains("yangfan") && r.Text!.Contains("尚未绑定网格"));
        Assert.Equal("pending_dispatch", await world.QueryAsync<string>("select status from work_order"));
        Assert.True(await world.QueryAsync<bool>("select is_triage from work_order"));
    }

    [Fact]
    public async Task PlusOneAfterComplaint_SubscribesInsteadOfOpeningAndHearsConclusion()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentLi, "2号楼电梯又坏了 困了好几个人 赶紧修");
        var number = NumberIn((await world.WaitForSentAsync(r => r.Text!.Contains("工单号"))).Text);

        var mark = await world.MarkAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentWang, "+1");
        var linked = await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("已有邻居反映"), mark);
        Assert.Contains(number.ToString(), linked.Text);

        await world.SayToAppAsync(SandboxWorld.EastWorker, $"签收 {number}");
        mark = await world.MarkAsync();
        await world.SayToAppAsync(SandboxWorld.EastWorker, $"办结 {number} 电梯已维修");
        var concluded = await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("已办结"), mark);
        Assert.Contains(SandboxWorld.ResidentLi, concluded.UserIds);
        Assert.Contains(SandboxWorld.ResidentWang, concluded.UserIds);
        Assert.Equal(1, await world.QueryAsync<long>("select count(*) from work_order"));
    }
}
