using System.Net;
using System.Text;
using GridLine.WeCom.Crypto;
using Npgsql;

namespace GridLine.BotGateway.Tests.Callbacks;

/// <summary>Settings and helpers shared by the callback tests: one app ("main"), one bot ("grid"), one ingest source ("ext").</summary>
internal static class CallbackFixture
{
    public const string CorpId = "wwcorp0001";
    public const string AppToken = "apptoken";
    public const string AppKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    public const string BotToken = "bottoken";
    public const string BotKey = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
    public const string IngestSecret = "ingest-secret-0123456789";
    public const int MaxBody = 8192;

    public static readonly WeComCallbackCrypto App = new(AppToken, AppKey, CorpId);
    public static readonly WeComCallbackCrypto Bot = new(BotToken, BotKey, "");

    public static Dictionary<string, string?> Settings() => new()
    {
        ["WeCom:CorpId"] = CorpId,
        ["WeCom:Apps:0:Name"] = "main",
        ["WeCom:Apps:0:AgentId"] = "1000002",
        ["WeCom:Apps:0:Secret"] = "s",
        ["WeCom:Apps:0:Token"] = AppToken,
        ["WeCom:Apps:0:EncodingAesKey"] = AppKey,
        ["WeCom:Bots:0:Name"] = "grid",
        ["WeCom:Bots:0:Token"] = BotToken,
        ["WeCom:Bots:0:EncodingAesKey"] = BotKey,
        ["WeCom:Bots:0:BotId"] = "aib1",
        ["WeCom:MaxCallbackBodyBytes"] = MaxBody.ToString(),
        ["Ingest:Sources:0:Name"] = "ext",
        ["Ingest:Sources:0:Secret"] = IngestSecret,
    };

    public static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();

    public static HttpRequestMessage Post(string path, SignedCallbackRequest signed)
        => new(HttpMethod.Post, path + signed.QueryString) { Content = new StringContent(signed.Body, Encoding.UTF8, signed.ContentType) };

    public static string BotText(string msgId, string content = "@小区助手 楼道灯坏了") =>
        $$$"""{"msgid":"{{{msgId}}}","aibotid":"aib1","chatid":"wrchat1","chattype":"group","from":{"userid":"zhangsan"},"response_url":"https://x/y","msgtype":"text","text":{"content":"{{{content}}}"}}""";

    public static string AppText(string msgId) =>
        $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><FromUserName><![CDATA[lisi]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[门口路灯不亮]]></Content><MsgId>{msgId}</MsgId><AgentID>1000002</AgentID></xml>";

    public static async Task<long> InboxCountAsync(GatewayHost gateway)
    {
        await using var connection = new NpgsqlConnection(gateway.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from inbox_message", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Sends every request, <paramref name="parallelism"/> at a time, and returns the status codes in order.</summary>
    public static async Task<HttpStatusCode[]> SendAllAsync(HttpClient client, IReadOnlyList<Func<HttpRequestMessage>> requests, int parallelism = 16)
    {
        var statuses = new HttpStatusCode[requests.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            using var request = requests[i]();
            using var response = await client.SendAsync(request, ct);
            statuses[i] = response.StatusCode;
        });
        return statuses;
    }
}
