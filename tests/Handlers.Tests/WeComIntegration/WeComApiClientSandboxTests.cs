using GridLine.TestSupport;
using GridLine.WeCom.Api;
using GridLine.WeCom.Api.Models;
using GridLine.WeComSandbox;
using GridLine.WeComSandbox.State;

namespace GridLine.Handlers.Tests.WeComIntegration;

/// <summary>The API client against the WeCom sandbox over real HTTP, with tokens shared through PostgreSQL.</summary>
public sealed class WeComApiClientSandboxTests : IAsyncLifetime
{
    private SandboxHost _sandbox = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync();
        _sandbox = await SandboxApp.StartAsync($"http://127.0.0.1:{FreePort.Next()}", o => o.GatewayUrl = $"http://127.0.0.1:{FreePort.Next()}");
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task SendMessage_TwoInstancesSharingOneDatabase_OneGetTokenBetweenThem()
    {
        await using var first = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);
        await using var second = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);

        await first.Client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("zhangwei", "第一条"));
        await second.Client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("zhangwei", "第二条"));

        var requests = await _sandbox.GetRequestsAsync();
        Assert.Single(requests, r => r.Path == "/cgi-bin/gettoken");
        Assert.Equal(2, requests.Count(r => r.Path == "/cgi-bin/message/send" && r.Errcode == 0));
    }

    [Fact]
    public async Task GetAccessToken_TwoInstancesStartingAtTheSameMoment_OneGetTokenAndSameToken()
    {
        await using var first = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);
        await using var second = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);
        using var start = new ManualResetEventSlim();

        // Several callers per instance, all released together: the stampede the shared lock exists for.
        var calls = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await (i % 2 == 0 ? first : second).Client.GetAccessTokenAsync("main");
        })).ToList();
        start.Set();
        var tokens = await Task.WhenAll(calls);

        Assert.Single(await _sandbox.GetRequestsAsync(), r => r.Path == "/cgi-bin/gettoken");
        Assert.Single(tokens.Distinct());
    }

    [Fact]
    public async Task SendMessage_TokenExpiredAtWeCom_RefreshesOnceAndSucceeds()
    {
        await using var instance = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);
        await instance.Client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("zhangwei", "之前"));
        await _sandbox.Client.PostAsync("sandbox/expire-tokens", null);
        var mark = (await _sandbox.GetRequestsAsync()).Max(r => r.Id);

        var answer = await instance.Client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("zhangwei", "之后"));

        var after = await _sandbox.GetRequestsAsync(mark);
        Assert.Equal(0, answer.Errcode);
        Assert.Equal(["/cgi-bin/message/send", "/cgi-bin/gettoken", "/cgi-bin/message/send"], after.Select(r => r.Path));
        Assert.Equal([42001, 0, 0], after.Select(r => r.Errcode ?? -999));
    }

    [Fact]
    public async Task SendMessage_TokenRejectedWhileAnotherInstanceRefreshed_ReusesTheNewToken()
    {
        await using var first = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);
        await using var second = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);
        await first.Client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("zhangwei", "预热"));
        await second.Client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("zhangwei", "预热"));
        await _sandbox.Client.PostAsync("sandbox/expire-tokens", null);
        var mark = (await _sandbox.GetRequestsAsync()).Max(r => r.Id);

        await first.Client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("zhangwei", "一"));
        await second.Client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("zhangwei", "二"));

        Assert.Single(await _sandbox.GetRequestsAsync(mark), r => r.Path == "/cgi-bin/gettoken");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(45009)]
    [InlineData(45033)]
    public async Task SendMessage_RetryableErrcode_ThrowsRetryableWithoutResending(int errcode)
    {
        await using var instance = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);
        await _sandbox.SetFaultAsync(new FaultSpec("errcode", Errcode: errcode, Path: "message/send"));

        var error = await Assert.ThrowsAsync<WeComApiException>(() => instance.Client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("zhangwei", "x")));

        Assert.Equal(errcode, error.Errcode);
        Assert.True(error.IsRetryable);
        Assert.Single(await _sandbox.GetRequestsAsync(), r => r.Path == "/cgi-bin/message/send");
    }

    [Theory]
    [InlineData(40001)]
    [InlineData(93000)]
    [InlineData(81013)]
    public async Task SendMessage_OtherErrcode_ThrowsNotRetryable(int errcode)
    {
        await using var instance = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);
        await _sandbox.SetFaultAsync(new FaultSpec("errcode", Errcode: errcode, Path: "message/send"));

        var error = await Assert.ThrowsAsync<WeComApiException>(() => instance.Client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("zhangwei", "x")));

        Assert.Equal(errcode, error.Errcode);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task SendMessage_NoValidRecipient_Throws81013FromTheSandboxItself()
    {
        await using var instance = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);

        var error = await Assert.ThrowsAsync<WeComApiException>(() => instance.Client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("nobody", "x")));

        Assert.Equal(WeComErrorCodes.AllRecipientsInvalid, error.Errcode);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task SendWebhook_UnknownKey_Throws93000NotRetryable()
    {
        await using var instance = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);

        var error = await Assert.ThrowsAsync<WeComApiException>(() => instance.Client.SendWebhookAsync("no-such-key", CgibinWebhookSendRequest.ForText("x")));

        Assert.Equal(WeComErrorCodes.InvalidWebhookKey, error.Errcode);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task SendMessage_Http500_ThrowsRetryableTransportErrorAfterOneAttempt()
    {
        await using var instance = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);
        await instance.Client.GetAccessTokenAsync("main");
        await _sandbox.SetFaultAsync(new FaultSpec("http500", Path: "message/send"));

        var error = await Assert.ThrowsAsync<WeComApiException>(() => instance.Client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("zhangwei", "x")));

        Assert.True(error.IsTransportFailure);
        Assert.True(error.IsRetryable);
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        // Sends are never resent by the HTTP pipeline: the outbox owns that decision.
        Assert.Single(await _sandbox.GetRequestsAsync(), r => r.Path == "/cgi-bin/message/send");
    }

    [Fact]
    public async Task SendWebhook_SlowerThanTheTimeout_ThrowsRetryableTransportError()
    {
        await using var instance = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl, requestTimeoutSeconds: 1);
        await _sandbox.SetFaultAsync(new FaultSpec("timeout", Seconds: 5, Path: "webhook/send"));

        var error = await Assert.ThrowsAsync<WeComApiException>(() =>
            instance.Client.SendWebhookAsync("sandbox-webhook-east-001", CgibinWebhookSendRequest.ForText("x")));

        Assert.True(error.IsTransportFailure);
        Assert.True(error.IsRetryable);
        Assert.Null(error.Errcode);
    }

    [Fact]
    public async Task GetGroupChat_Http500Once_IsRetriedAndSucceeds()
    {
        await using var instance = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);
        await instance.Client.GetAccessTokenAsync("main");
        await _sandbox.SetFaultAsync(new FaultSpec("http500", Count: 1, Path: "externalcontact/groupchat/get"));

        var answer = await instance.Client.GetGroupChatAsync("main", "wrGridEast001");

        Assert.Equal("东苑社区第一网格群", answer.GroupChat!.Name);
        Assert.Contains(answer.GroupChat.MemberList, m => m.UserId == "wmResidentLi001" && m.Type == 2);
        Assert.Equal(2, (await _sandbox.GetRequestsAsync()).Count(r => r.Path == "/cgi-bin/externalcontact/groupchat/get"));
    }

    [Fact]
    public async Task SendWebhook_TextWithMentions_ArrivesAsWeComJson()
    {
        await using var instance = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);

        await instance.Client.SendWebhookAsync("sandbox-webhook-east-001", CgibinWebhookSendRequest.ForText("请处理", ["zhangwei"]));

        var sent = Assert.Single(await _sandbox.GetRequestsAsync());
        Assert.Equal("wrGridEast001", sent.ChatId);
        Assert.Equal("请处理", sent.Text);
        Assert.Contains("\"mentioned_list\":[\"zhangwei\"]", sent.Body);
        Assert.DoesNotContain("null", sent.Body);
    }

    [Fact]
    public async Task SendAiBotResponse_SameResponseUrlTwice_SecondThrowsNotRetryable()
    {
        await using var instance = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);
        var simulated = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(_sandbox.Client, "sandbox/simulate/group-message",
            new { chatId = "wrGridEast001", userId = "wmResidentLi001", text = "井盖丢了" });
        var responseUrl = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<WeComSandbox.Simulator.SimulationResult>(simulated.Content))!.ResponseUrl!;

        var first = await instance.Client.SendAiBotResponseAsync(responseUrl, CgibinAiBotResponseRequest.ForMarkdown("**已登记**，网格员马上处理"));
        var second = await Assert.ThrowsAsync<WeComApiException>(() => instance.Client.SendAiBotResponseAsync(responseUrl, CgibinAiBotResponseRequest.ForMarkdown("再说一次")));

        Assert.Equal(0, first.Errcode);
        Assert.False(second.IsRetryable);
        Assert.DoesNotContain(await _sandbox.GetRequestsAsync(), r => r.Path == "/cgi-bin/gettoken");
    }

    [Fact]
    public async Task SendAppChat_ConfiguredChat_Succeeds()
    {
        await using var instance = WeComClientInstance.Create(_database, _sandbox.ApiBaseUrl);

        var answer = await instance.Client.SendAppChatAsync("main", CgibinAppChatSendRequest.ForMarkdown("wrGridEast002", "今日工单 3 件"));

        Assert.Equal(0, answer.Errcode);
        Assert.Contains(await _sandbox.GetRequestsAsync(), r => r.Path == "/cgi-bin/appchat/send" && r.ChatId == "wrGridEast002" && r.Errcode == 0);
    }
}
