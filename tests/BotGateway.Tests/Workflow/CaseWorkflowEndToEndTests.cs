using System.Text.RegularExpressions;
using GridLine.Handlers.Petitions;
using Microsoft.Extensions.DependencyInjection;

namespace GridLine.BotGateway.Tests.Workflow;

/// <summary>Proxy petitions, FAQ answers and duplicate reports through the real gateway and the WeCom sandbox over HTTP.</summary>
public partial class CaseWorkflowEndToEndTests
{
    [GeneratedRegex(@"工单号 (\d+)")]
    private static partial Regex OrderNumber();

    private static long NumberIn(string? text) => long.Parse(OrderNumber().Match(text ?? "").Groups[1].Value);

    private static Task<string> OneToOneAsync(SandboxWorld world, string userid, string contains, long mark) =>
        world.WaitForSentAsync(r => r.Path.EndsWith("message/send") && r.UserIds.Contains(userid) && r.Text!.Contains(contains), mark).ContinueWith(t => t.Result.Text!);

    [Fact]
    public async Task Petition_GuidedRecordEscalationAnswerAndRating_FactsRecordedAndFormRenders()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentLi, "我家小孩没有户口 上学办不了 能不能帮我代办信访");
        var ack = await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("信访代办请求已收到"));
        var number = NumberIn(ack.Text);
        var mark = await world.MarkAsync();
        await OneToOneAsync(world, SandboxWorld.EastWorker, $"信访 {number}", 0);

        // Guided record, 1:1: the bot asks for each field in turn.
        foreach (var (answer, nextPrompt) in new[] { ("", "信访人姓名"), ("张三", "联系电话"), ("13800001111", "信访事项"), ("孩子落户和入学", "请求内容"),
                     ("尽快办理落户让孩子入学", "事实和理由"), ("材料齐全但派出所两次退回", "同意由网格员代办"), ("是", "登记完成") })
        {
            mark = await world.MarkAsync();
            await world.SayToAppAsync(SandboxWorld.EastWorker, answer.Length == 0 ? $"信访 {number}" : answer);
            var reply = await OneToOneAsync(world, SandboxWorld.EastWorker, nextPrompt, mark);
            Assert.DoesNotContain("13800001111", reply);
        }

        // One escalation: the proxy reports it to the community; the petitioner is told.
        mark = await world.MarkAsync();
        await world.SayToAppAsync(SandboxWorld.EastWorker, $"上报 {number} 社区 需社区协调派出所");
        await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("上报至社区"), mark);
        // The grid worker may not accept at the community's level; community staff accept and answer.
        await world.SayToAppAsync(SandboxWorld.EastWorker, $"受理 {number}");
        await OneToOneAsync(world, SandboxWorld.EastWorker, "应由社区工作人员", mark);
        await world.SayToAppAsync("xuhui", $"受理 {number}");
        await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("已由社区受理"), mark);
        mark = await world.MarkAsync();
        await world.SayToAppAsync("xuhui", $"答复 {number} 已协调派出所办理落户 说明：材料齐全后5个工作日办结");
        var answered = await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("已办结"), mark);
        Assert.Contains("已协调派出所办理落户", answered.Text);
        Assert.Contains("满意", answered.Text);
        await OneToOneAsync(world, SandboxWorld.EastWorker, "做好反馈和解释", mark);

        mark = await world.MarkAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentLi, "满意");
        await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("感谢您的评价"), mark);
        Assert.Equal("satisfied", await world.QueryAsync<string>("select satisfaction from petition"));
        Assert.True(await world.QueryAsync<bool>("select resolved_at_first_level from petition"));
        Assert.Equal("community", await world.QueryAsync<string>("select current_level from petition"));
        Assert.Equal(15, await world.QueryAsync<int>("select extract(day from acceptance_due_at - received_at)::int from petition"));
        var timeline = await world.QueryAsync<string>("select string_agg(action, ',' order by id) from work_order_event");
        Assert.Contains("petition_report", timeline);
        Assert.Contains("petition_accept", timeline);
        Assert.Contains("petition_answer", timeline);

        // The printable form: every field, the proxy, the timeline; contact masked; admins only over HTTP.
        var html = (await world.Gateway.Services.GetRequiredService<PetitionFormRenderer>().RenderAsync(number, showContact: false))!;
        foreach (var expected in new[] { "信访事项代办登记表", "张三", "138****1111", "孩子落户和入学", "尽快办理落户让孩子入学", "材料齐全但派出所两次退回", "同意", "王伟", "受理", "答复", "已协调派出所办理落户", "满意" })
            Assert.Contains(expected, html);
        Assert.DoesNotContain("13800001111", html);
        Assert.Contains("@media print", html);
        // Without the admin cookie the console sends the browser to its login page; the form is never served.
        var anonymous = await world.Gateway.Client.GetAsync($"/console/petitions/{number}/form");
        Assert.Equal("/console/login", anonymous.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.DoesNotContain("张三", await anonymous.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Faq_HitAnsweredWithoutOrder_MissBecomesQueryOrderWhoseAnswerBecomesEntry()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentLi, "请问城乡医保今年在哪交 交多少");
        await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("城乡居民医保"));
        Assert.Equal(0, await world.QueryAsync<long>("select count(*) from work_order"));

        // A miss: a query order for the grid worker, who answers and saves it as an FAQ entry.
        var mark = await world.MarkAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentWang, "管家 物业费再哪交啊");
        var ack = await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("咨询已记录"), mark);
        var number = NumberIn(ack.Text);
        await world.SayToAppAsync(SandboxWorld.EastWorker, $"签收 {number}");
        await world.SayToAppAsync(SandboxWorld.EastWorker, $"办结 {number} 物业费在物业服务中心一楼交，也可以用微信缴费");
        mark = await world.MarkAsync();
        await world.SayToAppAsync(SandboxWorld.EastWorker, $"存为FAQ {number}");
        await OneToOneAsync(world, SandboxWorld.EastWorker, "存为常见问题", mark);

        // The next resident asking the same gets the saved answer, and no order.
        mark = await world.MarkAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentQian, "物业费在哪交啊");
        await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("物业服务中心一楼"), mark);
        Assert.Equal(1, await world.QueryAsync<long>("select count(*) from work_order"));

        // "没用" right after an answer: counted, and the question goes to the grid worker as a query order.
        mark = await world.MarkAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentLi, "没用");
        await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("咨询已记录"), mark);
        Assert.Equal(1, await world.QueryAsync<long>("select count(a.not_helpful_at) from faq_answer a join faq_entry e on e.id = a.faq_entry_id where e.question like '%医保%'"));
        Assert.Equal(2, await world.QueryAsync<long>("select count(*) from work_order where type = 'query'"));
    }

    [Fact]
    public async Task SameLamp_ThreeResidentsOneOrderAllHearConclusion_OtherBuildingOwnOrder()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentLi, "3号楼门口的路灯坏了好几天了 晚上黑漆漆的");
        var number = NumberIn((await world.WaitForSentAsync(r => r.Text!.Contains("工单号"))).Text);
        var mark = await world.MarkAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentWang, "3号楼门口路灯不亮了 晚上出门很不方便");
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentQian, "3号楼那边的路灯坏了 赶紧派人修一下吧");
        await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("已有邻居反映") && r.UserIds.Contains(SandboxWorld.ResidentQian), mark);
        Assert.Equal(1, await world.QueryAsync<long>("select count(*) from work_order"));
        Assert.Equal(3, await world.QueryAsync<long>("select count(*) from work_order_subscriber"));

        // A different lamp in another building is its own order.
        mark = await world.MarkAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentLi, "5号楼门口的路灯坏了好几天了 晚上黑漆漆的");
        var other = NumberIn((await world.WaitForSentAsync(r => r.Text!.Contains("工单号") && r.Text!.Contains("负责"), mark)).Text);
        Assert.NotEqual(number, other);
        Assert.Equal(2, await world.QueryAsync<long>("select count(*) from work_order"));

        await world.SayToAppAsync(SandboxWorld.EastWorker, $"签收 {number}");
        mark = await world.MarkAsync();
        await world.SayToAppAsync(SandboxWorld.EastWorker, $"办结 {number} 已更换灯泡");
        var concluded = await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("已办结"), mark);
        Assert.Contains(SandboxWorld.ResidentLi, concluded.UserIds);
        Assert.Contains(SandboxWorld.ResidentWang, concluded.UserIds);
        Assert.Contains(SandboxWorld.ResidentQian, concluded.UserIds);
    }
}
