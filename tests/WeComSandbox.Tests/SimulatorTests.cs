using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using GridLine.TestSupport;
using GridLine.WeComSandbox.Simulator;

namespace GridLine.WeComSandbox.Tests;

/// <summary>The simulator posts callbacks a WeCom receiver can verify and decrypt, and reports the receiver's status.</summary>
public sealed class SimulatorTests
{
    [Fact]
    public async Task SimulateGroupMessage_ReceiverWithDefaultKeys_DecryptsAiBotJson()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sandbox = await StartAsync(receiver);

        using var response = await sandbox.Client.PostAsJsonAsync("sandbox/simulate/group-message",
            new { chatId = "wrGridEast001", userId = "wmResidentLi001", text = "3号楼电梯坏了" });
        var result = await response.Content.ReadFromJsonAsync<SimulationResult>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, result!.GatewayStatus);
        var (path, plaintext) = Assert.Single(receiver.Received);
        Assert.Equal("/wecom/bot/grid", path);
        var json = JsonNode.Parse(plaintext)!;
        Assert.Equal("group", (string?)json["chattype"]);
        Assert.Equal("wrGridEast001", (string?)json["chatid"]);
        Assert.Equal("wmResidentLi001", (string?)json["from"]!["userid"]);
        Assert.Equal("text", (string?)json["msgtype"]);
        Assert.Equal("@网格助手 3号楼电梯坏了", (string?)json["text"]!["content"]);
        Assert.Equal(result.MsgId, (string?)json["msgid"]);
        Assert.StartsWith(sandbox.BaseUrl + "/cgi-bin/aibot/response?response_code=", (string?)json["response_url"]);
    }

    [Fact]
    public async Task SimulateAppMessage_ReceiverWithDefaultKeys_DecryptsXmlTextMessage()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sandbox = await StartAsync(receiver);

        using var response = await sandbox.Client.PostAsJsonAsync("sandbox/simulate/app-message", new { userId = "zhangwei", text = "工单 <已处理> ]]> 完成" });
        var result = await response.Content.ReadFromJsonAsync<SimulationResult>();

        Assert.Equal(200, result!.GatewayStatus);
        var (path, plaintext) = Assert.Single(receiver.Received);
        Assert.Equal("/wecom/app/main", path);
        var xml = XElement.Parse(plaintext);
        Assert.Equal("zhangwei", xml.Element("FromUserName")!.Value);
        Assert.Equal("text", xml.Element("MsgType")!.Value);
        Assert.Equal("工单 <已处理> ]]> 完成", xml.Element("Content")!.Value);
        Assert.Equal("1000002", xml.Element("AgentID")!.Value);
    }

    [Fact]
    public async Task SimulateGroupMessage_GatewayAnswers500_ReportsThatStatusAndLogsIt()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Status = 500;
        await using var sandbox = await StartAsync(receiver);

        var result = await (await sandbox.Client.PostAsJsonAsync("sandbox/simulate/group-message",
            new { chatId = "wrGridEast001", userId = "wmResidentWang002", text = "路灯不亮" })).Content.ReadFromJsonAsync<SimulationResult>();
        var logged = Assert.Single(await sandbox.GetRequestsAsync(), r => r.Kind == "callback");

        Assert.Equal(500, result!.GatewayStatus);
        Assert.Equal(500, logged.Status);
        Assert.Equal("wrGridEast001", logged.ChatId);
        Assert.Equal(["wmResidentWang002"], logged.UserIds);
        Assert.Equal("路灯不亮", logged.Text);
    }

    [Fact]
    public async Task SimulateGroupMessage_NoGateway_Answers502WithReason()
    {
        await using var sandbox = await SandboxApiTests.StartAsync();

        using var response = await sandbox.Client.PostAsJsonAsync("sandbox/simulate/group-message",
            new { chatId = "wrGridEast001", userId = "wmResidentLi001", text = "有人吗" });
        var result = await response.Content.ReadFromJsonAsync<SimulationResult>();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Null(result!.GatewayStatus);
        Assert.NotNull(result.Error);
    }

    [Theory]
    [InlineData("wrGridEast001", "stranger")]
    [InlineData("wrNoSuchGroup", "wmResidentLi001")]
    public async Task SimulateGroupMessage_UnknownGroupOrNonMember_Answers400(string chatId, string userId)
    {
        await using var sandbox = await SandboxApiTests.StartAsync();

        using var response = await sandbox.Client.PostAsJsonAsync("sandbox/simulate/group-message", new { chatId, userId, text = "你好" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SimulateAppMessage_Resident_Answers400()
    {
        await using var sandbox = await SandboxApiTests.StartAsync();

        using var response = await sandbox.Client.PostAsJsonAsync("sandbox/simulate/app-message", new { userId = "wmResidentLi001", text = "你好" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static Task<SandboxHost> StartAsync(CallbackReceiver receiver) =>
        SandboxApp.StartAsync($"http://127.0.0.1:{FreePort.Next()}", o => o.GatewayUrl = receiver.Url);
}
