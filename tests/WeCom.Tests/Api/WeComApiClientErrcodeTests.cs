using System.Net;
using System.Text;
using GridLine.WeCom.Api;
using GridLine.WeCom.Api.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace GridLine.WeCom.Tests.Api;

/// <summary>How the client turns WeCom answers into results and typed errors, over a scripted HTTP handler.</summary>
public sealed class WeComApiClientErrcodeTests
{
    [Theory]
    [InlineData(-1, true)]
    [InlineData(45009, true)]
    [InlineData(45033, true)]
    [InlineData(40001, false)]
    [InlineData(93000, false)]
    [InlineData(81013, false)]
    [InlineData(60020, false)]
    public async Task SendWebhook_Errcode_ThrowsWithMatchingRetryability(int errcode, bool retryable)
    {
        var client = Create(_ => Json($$"""{"errcode":{{errcode}},"errmsg":"api freq out of limit"}"""));

        var error = await Assert.ThrowsAsync<WeComApiException>(() => client.SendWebhookAsync("k", CgibinWebhookSendRequest.ForText("x")));

        Assert.Equal(errcode, error.Errcode);
        Assert.Equal(retryable, error.IsRetryable);
    }

    [Fact]
    public async Task SendWebhook_ErrmsgSaysBusyButErrcodeIsPermanent_NotRetryable()
    {
        // Decided by errcode alone: a misleading errmsg must not change the outcome.
        var client = Create(_ => Json("""{"errcode":40058,"errmsg":"system busy, retry later (-1)"}"""));

        var error = await Assert.ThrowsAsync<WeComApiException>(() => client.SendWebhookAsync("k", CgibinWebhookSendRequest.ForText("x")));

        Assert.False(error.IsRetryable);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    public async Task SendWebhook_HttpStatus_ThrowsTransportError(HttpStatusCode status, bool retryable)
    {
        var client = Create(_ => new HttpResponseMessage(status));

        var error = await Assert.ThrowsAsync<WeComApiException>(() => client.SendWebhookAsync("k", CgibinWebhookSendRequest.ForText("x")));

        Assert.True(error.IsTransportFailure);
        Assert.Equal(retryable, error.IsRetryable);
    }

    [Fact]
    public async Task SendWebhook_ConnectionRefused_ThrowsRetryableTransportError()
    {
        var client = Create(_ => throw new HttpRequestException("connection refused"));

        var error = await Assert.ThrowsAsync<WeComApiException>(() => client.SendWebhookAsync("k", CgibinWebhookSendRequest.ForText("x")));

        Assert.True(error.IsTransportFailure);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task SendWebhook_NotJson_ThrowsRetryableTransportError()
    {
        var client = Create(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>gateway</html>") });

        var error = await Assert.ThrowsAsync<WeComApiException>(() => client.SendWebhookAsync("k", CgibinWebhookSendRequest.ForText("x")));

        Assert.True(error.IsTransportFailure);
    }

    [Fact]
    public async Task SendMessage_TokenRejectedTwice_RefreshesOnceThenThrows()
    {
        var requests = new List<string>();
        var client = Create(request =>
        {
            requests.Add(request.RequestUri!.AbsolutePath);
            return request.RequestUri!.AbsolutePath.EndsWith("gettoken")
                ? Json($$"""{"errcode":0,"errmsg":"ok","access_token":"t{{requests.Count}}","expires_in":7200}""")
                : Json("""{"errcode":40014,"errmsg":"invalid access_token"}""");
        });

        var error = await Assert.ThrowsAsync<WeComApiException>(() => client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("u", "x")));

        Assert.Equal(40014, error.Errcode);
        Assert.Equal(["/cgi-bin/gettoken", "/cgi-bin/message/send", "/cgi-bin/gettoken", "/cgi-bin/message/send"], requests);
    }

    [Fact]
    public async Task SendMessage_Body_CarriesAgentIdAndOmitsUnsetFields()
    {
        string? body = null;
        var client = Create(request =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("gettoken")) return Json("""{"errcode":0,"errmsg":"ok","access_token":"t","expires_in":7200}""");
            body = request.Content!.ReadAsStringAsync().Result;
            return Json("""{"errcode":0,"errmsg":"ok","invaliduser":"","msgid":"m1"}""");
        });

        var answer = await client.SendMessageAsync("main", CgibinMessageSendRequest.ForText("zhangwei", "你好"));

        Assert.Equal("m1", answer.MsgId);
        Assert.Equal("""{"touser":"zhangwei","msgtype":"text","agentid":1000002,"text":{"content":"你好"}}""", body);
    }

    private static HttpResponseMessage Json(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static IWeComApiClient Create(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeCom:BaseUrl"] = "https://wecom.test/cgi-bin/",
            ["WeCom:CorpId"] = "wwtest",
            ["WeCom:Apps:0:Name"] = "main",
            ["WeCom:Apps:0:AgentId"] = "1000002",
            ["WeCom:Apps:0:Secret"] = "s",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddWeComApi(configuration);
        services.AddSingleton<IAccessTokenStore, InMemoryAccessTokenStore>();
        // The scripted handler replaces the network at the bottom of every client's pipeline.
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = new ScriptedHandler(answer)));
        return services.BuildServiceProvider().GetRequiredService<IWeComApiClient>();
    }

    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
