using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GridLine.TestSupport;

namespace GridLine.WeComSandbox.Tests;

/// <summary>The emulated /cgi-bin/ API answers as WeCom does, over real HTTP.</summary>
public sealed class SandboxApiTests
{
    private const string Secret = "sandbox-main-app-secret-not-for-production";
    private const string Corp = "wwsandbox0000000001";

    [Theory]
    [InlineData(Corp, "wrong-secret", 40001)]
    [InlineData("wwsomeoneelse", Secret, 40013)]
    [InlineData(Corp, Secret, 0)]
    public async Task GetToken_Credentials_AnswerMatchingErrcode(string corpId, string secret, int expected)
    {
        await using var sandbox = await StartAsync();

        var answer = await sandbox.Client.GetFromJsonAsync<JsonObject>($"cgi-bin/gettoken?corpid={corpId}&corpsecret={secret}");

        Assert.Equal(expected, (int)answer!["errcode"]!);
        if (expected == 0) Assert.Equal(7200, (int)answer["expires_in"]!);
    }

    [Fact]
    public async Task MessageSend_TokenStates_Answer41001_40014_42001()
    {
        await using var sandbox = await StartAsync();
        var token = await TokenAsync(sandbox);
        var body = new { touser = "zhangwei", msgtype = "text", agentid = 1000002, text = new { content = "你好" } };

        Assert.Equal(41001, await ErrcodeAsync(sandbox, "cgi-bin/message/send", body));
        Assert.Equal(40014, await ErrcodeAsync(sandbox, "cgi-bin/message/send?access_token=made-up", body));
        Assert.Equal(0, await ErrcodeAsync(sandbox, $"cgi-bin/message/send?access_token={token}", body));
        await sandbox.Client.PostAsync("sandbox/expire-tokens", null);
        Assert.Equal(42001, await ErrcodeAsync(sandbox, $"cgi-bin/message/send?access_token={token}", body));
    }

    [Fact]
    public async Task GetToken_LifetimeOver_TokenAnswers42001()
    {
        await using var sandbox = await StartAsync(o => o.TokenLifetimeSeconds = 1);
        var token = await TokenAsync(sandbox);

        await Task.Delay(1200);

        Assert.Equal(42001, await ErrcodeAsync(sandbox, $"cgi-bin/appchat/send?access_token={token}", new { chatid = "wrGridEast001", msgtype = "text", text = new { content = "x" } }));
    }

    [Fact]
    public async Task MessageSend_NoKnownRecipient_Answers81013()
    {
        await using var sandbox = await StartAsync();
        var token = await TokenAsync(sandbox);

        var errcode = await ErrcodeAsync(sandbox, $"cgi-bin/message/send?access_token={token}",
            new { touser = "nobody", msgtype = "text", agentid = 1000002, text = new { content = "你好" } });

        Assert.Equal(81013, errcode);
    }

    [Fact]
    public async Task MessageSend_DuplicateCheck_RepeatWithinTheIntervalAnsweredButNotDelivered()
    {
        await using var sandbox = await StartAsync();
        var url = $"cgi-bin/message/send?access_token={await TokenAsync(sandbox)}";
        object Body(string content, int check, int interval = 1800) => new
        {
            touser = "zhangwei", msgtype = "text", agentid = 1000002, text = new { content }, enable_duplicate_check = check, duplicate_check_interval = interval,
        };

        foreach (var body in new[]
                 {
                     Body("工单 7 待签收", 1), Body("工单 7 待签收", 1),  // the repeat is dropped
                     Body("工单 8 待签收", 1),                          // other content: delivered
                     Body("帮助", 0), Body("帮助", 0),                  // no check asked: both delivered
                     Body("限时", 1, interval: 1),
                 })
            Assert.Equal(0, await ErrcodeAsync(sandbox, url, body));
        await Task.Delay(1100);
        Assert.Equal(0, await ErrcodeAsync(sandbox, url, Body("限时", 1, interval: 1))); // the interval is over: delivered again

        var sends = (await sandbox.GetRequestsAsync()).Where(r => r.Path == "/cgi-bin/message/send").ToList();
        Assert.Equal([false, true, false, false, false, false, false], sends.Select(r => r.Duplicate));
    }

    [Fact]
    public async Task WebhookSend_TwentyFirstMessageWithinAMinute_Answers45009()
    {
        await using var sandbox = await StartAsync();
        var body = new { msgtype = "text", text = new { content = "通知" } };

        var answers = new List<int>();
        for (var i = 0; i < 21; i++) answers.Add(await ErrcodeAsync(sandbox, "cgi-bin/webhook/send?key=sandbox-webhook-east-001", body));

        Assert.All(answers.Take(20), errcode => Assert.Equal(0, errcode));
        Assert.Equal(45009, answers[20]);
        // The limit is per robot: another group's robot is unaffected.
        Assert.Equal(0, await ErrcodeAsync(sandbox, "cgi-bin/webhook/send?key=sandbox-webhook-east-002", body));
    }

    [Fact]
    public async Task WebhookSend_UnknownKey_Answers93000()
    {
        await using var sandbox = await StartAsync();

        Assert.Equal(93000, await ErrcodeAsync(sandbox, "cgi-bin/webhook/send?key=nope", new { msgtype = "text", text = new { content = "x" } }));
    }

    [Fact]
    public async Task AiBotResponse_SecondUseOfResponseCode_IsRefused()
    {
        await using var sandbox = await StartAsync();
        var simulated = await SimulateGroupMessageAsync(sandbox);
        var reply = new { msgtype = "markdown", markdown = new { content = "已收到，正在派单" } };

        var first = await ErrcodeAsync(sandbox, simulated.ResponseUrl!, reply);
        var second = await ErrcodeAsync(sandbox, simulated.ResponseUrl!, reply);

        Assert.Equal(0, first);
        Assert.Equal(40099, second);
    }

    [Fact]
    public async Task AiBotResponse_OlderThanItsValidity_IsRefused()
    {
        await using var sandbox = await StartAsync(o => o.ResponseUrlLifetimeSeconds = 1);
        var simulated = await SimulateGroupMessageAsync(sandbox);

        await Task.Delay(1200);

        Assert.Equal(40099, await ErrcodeAsync(sandbox, simulated.ResponseUrl!, new { msgtype = "markdown", markdown = new { content = "晚了" } }));
    }

    [Fact]
    public async Task GroupChatGet_ConfiguredGroup_ReturnsNameAndMembers()
    {
        await using var sandbox = await StartAsync();
        var token = await TokenAsync(sandbox);

        var answer = await (await sandbox.Client.PostAsJsonAsync($"cgi-bin/externalcontact/groupchat/get?access_token={token}", new { chat_id = "wrGridEast001" }))
            .Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal("东苑社区第一网格群", (string?)answer!["group_chat"]!["name"]);
        Assert.Contains(answer["group_chat"]!["member_list"]!.AsArray(), m => (string?)m!["userid"] == "wmResidentLi001" && (int)m["type"]! == 2);
    }

    [Fact]
    public async Task Requests_SinceAndDelete_FilterAndForgetEntries()
    {
        await using var sandbox = await StartAsync();
        await TokenAsync(sandbox);
        var first = (await sandbox.GetRequestsAsync()).Single();
        await TokenAsync(sandbox);

        var later = await sandbox.GetRequestsAsync(first.Id);
        await sandbox.Client.DeleteAsync("sandbox/requests");
        var afterDelete = await sandbox.GetRequestsAsync();

        Assert.Equal("/cgi-bin/gettoken", first.Path);
        Assert.Equal(0, first.Errcode);
        Assert.Single(later);
        Assert.True(later[0].Id > first.Id);
        Assert.Empty(afterDelete);
    }

    [Fact]
    public async Task Faults_ErrcodeWithCount_AnswersThenStops()
    {
        await using var sandbox = await StartAsync();
        await sandbox.SetFaultAsync(new State.FaultSpec("errcode", Errcode: -1, Count: 2, Path: "webhook/send"));
        var body = new { msgtype = "text", text = new { content = "x" } };

        var answers = new[]
        {
            await ErrcodeAsync(sandbox, "cgi-bin/webhook/send?key=sandbox-webhook-east-001", body),
            await ErrcodeAsync(sandbox, "cgi-bin/webhook/send?key=sandbox-webhook-east-001", body),
            await ErrcodeAsync(sandbox, "cgi-bin/webhook/send?key=sandbox-webhook-east-001", body),
        };

        Assert.Equal([-1, -1, 0], answers);
    }

    [Fact]
    public async Task Faults_Http500_AnswersStatus500UntilCleared()
    {
        await using var sandbox = await StartAsync();
        await sandbox.SetFaultAsync(new State.FaultSpec("http500"));

        var during = await sandbox.Client.GetAsync($"cgi-bin/gettoken?corpid={Corp}&corpsecret={Secret}");
        await sandbox.SetFaultAsync(new State.FaultSpec("none"));
        var after = await sandbox.Client.GetAsync($"cgi-bin/gettoken?corpid={Corp}&corpsecret={Secret}");

        Assert.Equal(500, (int)during.StatusCode);
        Assert.Equal(200, (int)after.StatusCode);
    }

    [Fact]
    public async Task Page_Root_ServesChinesePageWithoutExternalResources()
    {
        await using var sandbox = await StartAsync();

        var html = await sandbox.Client.GetStringAsync("/");

        Assert.Contains("网格群模拟", html);
        Assert.DoesNotContain("innerHTML", html);
        Assert.DoesNotContain("https://", html);
    }

    /// <summary>A sandbox on a free port whose gateway URL points at nothing (a gateway from ./run.sh may be on 5080).</summary>
    internal static Task<SandboxHost> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var unusedGateway = $"http://127.0.0.1:{FreePort.Next()}";
        return SandboxApp.StartAsync($"http://127.0.0.1:{FreePort.Next()}", o =>
        {
            o.GatewayUrl = unusedGateway;
            configure?.Invoke(o);
        });
    }

    private static async Task<string> TokenAsync(SandboxHost sandbox) =>
        (string)(await sandbox.Client.GetFromJsonAsync<JsonObject>($"cgi-bin/gettoken?corpid={Corp}&corpsecret={Secret}"))!["access_token"]!;

    private static async Task<int> ErrcodeAsync(SandboxHost sandbox, string url, object body)
    {
        using var response = await sandbox.Client.PostAsJsonAsync(url, body);
        response.EnsureSuccessStatusCode();
        return (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["errcode"]!;
    }

    private static async Task<Simulator.SimulationResult> SimulateGroupMessageAsync(SandboxHost sandbox)
    {
        // No gateway is listening: the callback fails, but the response_url is issued all the same.
        using var response = await sandbox.Client.PostAsJsonAsync("sandbox/simulate/group-message",
            new { chatId = "wrGridEast001", userId = "wmResidentLi001", text = "3号楼电梯坏了" });
        return (await response.Content.ReadFromJsonAsync<Simulator.SimulationResult>())!;
    }
}
