using System.Net;
using System.Security.Cryptography;
using System.Text;
using GridLine.Storage;
using Microsoft.Extensions.DependencyInjection;
using static GridLine.BotGateway.Tests.Callbacks.CallbackFixture;

namespace GridLine.BotGateway.Tests.Callbacks;

public class IngestEndpointsTests
{
    private const string Body = """{"id":"evt-42","kind":"hotline_call","chat_id":"wrchat1","sender_id":"12345","text":"小区门口积水"}""";

    [Fact]
    public async Task Post_GoodSignature_StoredWithIdAsDedupeKey()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());

        using var response = await gateway.Client.SendAsync(Signed(Body, Now(), IngestSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await gateway.Services.GetRequiredService<InboxRepository>().GetByIdAsync(1);
        Assert.Equal(("ingest:ext", "evt-42", "hotline_call", "wrchat1", "12345"), (row!.Source, row.DedupeKey, row.Kind, row.ChatId, row.SenderId));
    }

    [Fact]
    public async Task Post_Repeat_200AndOneRow()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());

        using var first = await gateway.Client.SendAsync(Signed(Body, Now(), IngestSecret));
        using var second = await gateway.Client.SendAsync(Signed(Body, Now(), IngestSecret));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(1, await gateway.Services.GetRequiredService<InboxRepository>().CountBySourceAsync("ingest:ext"));
    }

    [Fact]
    public async Task Post_WrongSecret_Answers401AndStoresNothing()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());

        using var response = await gateway.Client.SendAsync(Signed(Body, Now(), "another-secret-0123456789"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await InboxCountAsync(gateway));
    }

    [Fact]
    public async Task Post_BodyChangedAfterSigning_Answers401()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());
        var request = Signed(Body, Now(), IngestSecret);
        request.Content = new StringContent(Body.Replace("42", "43"), Encoding.UTF8, "application/json");

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_StaleTimestamp_Answers401()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());

        using var response = await gateway.Client.SendAsync(Signed(Body, (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600).ToString(), IngestSecret));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"kind":"x"}""")]
    [InlineData("""{"id":"a"}""")]
    [InlineData("""{"id":1,"kind":"x"}""")]
    [InlineData("""[1]""")]
    [InlineData("""{"id":"a","kind":""")]
    public async Task Post_BodyWithoutIdOrKind_Answers400(string body)
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());

        using var response = await gateway.Client.SendAsync(Signed(body, Now(), IngestSecret));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_UnknownSource_Answers404()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());
        var request = Signed(Body, Now(), IngestSecret);
        request.RequestUri = new Uri("/ingest/nosuch", UriKind.Relative);

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Post_MissingSignatureHeader_Answers400()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());
        var request = Signed(Body, Now(), IngestSecret);
        request.Headers.Remove("X-GridLine-Signature");

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static HttpRequestMessage Signed(string body, string timestamp, string secret)
    {
        // Computed here independently of the gateway: hex(HMAC-SHA256(secret, timestamp + "\n" + body)).
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + body)));
        var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/ext") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GridLine-Timestamp", timestamp);
        request.Headers.Add("X-GridLine-Signature", signature);
        return request;
    }
}
