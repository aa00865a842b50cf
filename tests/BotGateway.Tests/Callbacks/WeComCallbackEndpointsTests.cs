using System.Net;
using System.Text;
using System.Text.Json;
using GridLine.Storage;
using GridLine.TestSupport;
using GridLine.WeCom.Crypto;
using Microsoft.Extensions.DependencyInjection;
using static GridLine.BotGateway.Tests.Callbacks.CallbackFixture;

namespace GridLine.BotGateway.Tests.Callbacks;

public class WeComCallbackEndpointsTests
{
    [Fact]
    public async Task GetApp_ValidVerification_AnswersPlaintextOnly()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());
        var signed = App.CreateVerificationRequest("1616140317555161061", Now());

        using var response = await gateway.Client.GetAsync("/wecom/app/main" + signed.QueryString);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Encoding.ASCII.GetBytes("1616140317555161061"), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GetBot_ValidVerification_AnswersPlaintext()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());
        var signed = Bot.CreateVerificationRequest("5927782489442352469", Now());

        using var response = await gateway.Client.GetAsync("/wecom/bot/grid" + signed.QueryString);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5927782489442352469", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetBot_EchostrEncryptedWithCorpReceiveId_Answers400()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());
        var wrong = new WeComCallbackCrypto(BotToken, BotKey, CorpId).CreateVerificationRequest("123", Now());

        using var response = await gateway.Client.GetAsync("/wecom/bot/grid" + wrong.QueryString);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/wecom/app/nosuch")]
    [InlineData("/wecom/bot/nosuch")]
    [InlineData("/wecom/bot/GRID")] // names match exactly: the name is the inbox source
    public async Task Post_UnknownName_Answers404(string path)
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());

        using var response = await gateway.Client.SendAsync(Post(path, Bot.CreateBotCallbackRequest(BotText("m1"), Now())));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PostApp_TextMessage_StoredWithParsedFieldsAndEmptyBody()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());
        var plaintext = AppText("4561255354251345929");

        using var response = await gateway.Client.SendAsync(Post("/wecom/app/main", App.CreateAppCallbackRequest(plaintext, "1000002", Now())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var row = await gateway.Services.GetRequiredService<InboxRepository>().GetByIdAsync(1);
        Assert.NotNull(row);
        Assert.Equal(("app:main", "msg|4561255354251345929", "text", "lisi", (string?)null), (row.Source, row.DedupeKey, row.Kind, row.SenderId, row.ChatId));
        using var payload = JsonDocument.Parse(row.Payload);
        Assert.Equal("门口路灯不亮", payload.RootElement.GetProperty("Content").GetString());
        Assert.Equal(plaintext, payload.RootElement.GetProperty("raw_xml").GetString());
    }

    [Fact]
    public async Task PostBot_1000CallbacksWith200Repeats_All200AndExactly800Rows()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());
        var unique = Enumerable.Range(0, 800).Select(i => Bot.CreateBotCallbackRequest(BotText($"msg-{i:D4}"), Now())).ToList();
        // Repeats are byte-identical redeliveries, as WeCom sends them, interleaved with the originals.
        var all = unique.Concat(unique.Take(200)).OrderBy(_ => Random.Shared.Next()).ToList();

        var statuses = await SendAllAsync(gateway.Client, all.Select(s => (Func<HttpRequestMessage>)(() => Post("/wecom/bot/grid", s))).ToList());

        Assert.Equal(1000, statuses.Length);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(800, await gateway.Services.GetRequiredService<InboxRepository>().CountBySourceAsync("bot:grid"));
    }

    [Fact]
    public async Task PostBot_StoredRowKeepsDecryptedJsonAndChat()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());

        using var response = await gateway.Client.SendAsync(Post("/wecom/bot/grid", Bot.CreateBotCallbackRequest(BotText("only"), Now())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await gateway.Services.GetRequiredService<InboxRepository>().GetByIdAsync(1);
        Assert.Equal(("bot:grid", "msg|only", "text", "wrchat1", "zhangsan"), (row!.Source, row.DedupeKey, row.Kind, row.ChatId, row.SenderId));
        Assert.Equal("@小区助手 楼道灯坏了", JsonDocument.Parse(row.Payload).RootElement.GetProperty("text").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Post_DatabaseDown_Answers503()
    {
        var deadDatabase = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=none;Timeout=2";
        var settings = Settings();
        settings["Storage:MigrateOnStartup"] = "false";
        await using var gateway = await GatewayHost.StartAsync(settings, connectionString: deadDatabase);

        using var bot = await gateway.Client.SendAsync(Post("/wecom/bot/grid", Bot.CreateBotCallbackRequest(BotText("m1"), Now())));
        using var app = await gateway.Client.SendAsync(Post("/wecom/app/main", App.CreateAppCallbackRequest(AppText("1"), "1000002", Now())));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, bot.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, app.StatusCode);
    }

    [Fact]
    public void Build_AppKeyTooShort_FailsAtStartupNamingTheSetting()
    {
        var settings = Settings();
        settings["WeCom:Apps:0:EncodingAesKey"] = "short";
        var args = new List<string> { "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--ConnectionStrings:GridLine=Host=127.0.0.1;Database=x", "--Storage:MigrateOnStartup=false" };
        args.AddRange(settings.Select(kv => $"--{kv.Key}={kv.Value}"));
        var app = GatewayApp.Build(args.ToArray());

        var ex = Assert.ThrowsAny<Exception>(() => app.StartAsync().GetAwaiter().GetResult());

        Assert.Contains("WeCom:Apps:0:EncodingAesKey must be 43 characters", ex.Message);
    }
}
