using System.Net;
using System.Security.Cryptography;
using System.Text;
using GridLine.WeCom.Crypto;
using static GridLine.BotGateway.Tests.Callbacks.CallbackFixture;

namespace GridLine.BotGateway.Tests.Callbacks;

/// <summary>Over a thousand hostile or broken callbacks: each must get its 4xx, none a 5xx, and nothing may reach the inbox.</summary>
public class MalformedCallbackTests
{
    private const string AppPath = "/wecom/app/main";
    private const string BotPath = "/wecom/bot/grid";

    [Fact]
    public async Task Post_1000MalformedRequests_Only4xxAndNoInboxRows()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());
        var cases = Generate(perCategory: 60);

        var statuses = await SendAllAsync(gateway.Client, cases.Select(c => c.Request).ToList());

        Assert.True(cases.Count >= 1000, $"only {cases.Count} cases");
        var mismatches = cases.Zip(statuses).Where(p => p.First.Expected != p.Second).Select(p => $"{p.First.Name}: expected {(int)p.First.Expected}, got {(int)p.Second}").Distinct().ToList();
        Assert.Empty(mismatches);
        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        Assert.Equal(0, await InboxCountAsync(gateway));
    }

    private sealed record Case(string Name, HttpStatusCode Expected, Func<HttpRequestMessage> Request);

    private static List<Case> Generate(int perCategory)
    {
        var cases = new List<Case>();
        for (var i = 0; i < perCategory; i++)
        {
            var ts = Now();
            var nonce = "n" + i;
            var good = Bot.CreateBotCallbackRequest(BotText("x" + i), ts, nonce);
            var goodApp = App.CreateAppCallbackRequest(AppText("9" + i), "1000002", ts, nonce);

            cases.Add(new("bad base64", HttpStatusCode.BadRequest, () => BotRaw("!!not*base64" + i, ts, nonce)));
            cases.Add(new("bad length", HttpStatusCode.BadRequest, () => BotRaw(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16 + i % 15)), ts, nonce)));
            cases.Add(new("bad padding", HttpStatusCode.BadRequest, () => BotRaw(RawEncrypt(BotKey, BadPadBuffer(i)), ts, nonce)));
            cases.Add(new("wrong receiveid (bot)", HttpStatusCode.BadRequest, () => Post(BotPath, new WeComCallbackCrypto(BotToken, BotKey, CorpId).CreateBotCallbackRequest(BotText("w" + i), ts, nonce))));
            cases.Add(new("wrong receiveid (app)", HttpStatusCode.BadRequest, () => Post(AppPath, new WeComCallbackCrypto(AppToken, AppKey, "wwother").CreateAppCallbackRequest(AppText("1" + i), "1", ts, nonce))));
            cases.Add(new("XXE plaintext", HttpStatusCode.BadRequest, () => Post(AppPath, App.CreateAppCallbackRequest(Xxe(i), "1", ts, nonce))));
            cases.Add(new("billion laughs plaintext", HttpStatusCode.BadRequest, () => Post(AppPath, App.CreateAppCallbackRequest(BillionLaughs(), "1", ts, nonce))));
            cases.Add(new("XXE envelope", HttpStatusCode.BadRequest, () => AppBody($"<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&e;</Encrypt></xml>", goodApp)));
            cases.Add(new("billion laughs envelope", HttpStatusCode.BadRequest, () => AppBody(BillionLaughs(), goodApp)));
            cases.Add(new("truncated XML envelope", HttpStatusCode.BadRequest, () => AppBody(goodApp.Body[..(10 + i % (goodApp.Body.Length - 20))], goodApp)));
            cases.Add(new("truncated JSON envelope", HttpStatusCode.BadRequest, () => BotBody(good.Body[..(i % (good.Body.Length - 1))], good)));
            cases.Add(new("truncated XML plaintext", HttpStatusCode.BadRequest, () => Post(AppPath, App.CreateAppCallbackRequest(AppText("2" + i)[..(20 + i)], "1", ts, nonce))));
            cases.Add(new("truncated JSON plaintext", HttpStatusCode.BadRequest, () => Post(BotPath, Bot.CreateBotCallbackRequest(BotText("t" + i)[..(10 + i)], ts, nonce))));
            cases.Add(new("invalid UTF-8 body", HttpStatusCode.BadRequest, () => Bytes(BotPath + good.QueryString, [.. Encoding.UTF8.GetBytes("{\"encrypt\":\""), 0xC3, 0x28, (byte)i, .. Encoding.UTF8.GetBytes("\"}")])));
            cases.Add(new("invalid UTF-8 plaintext", HttpStatusCode.BadRequest, () => BotRaw(RawEncrypt(BotKey, Buffer([0x7B, 0xFF, 0xFE, 0x7D], "")), ts, nonce)));
            cases.Add(new("oversized body", HttpStatusCode.RequestEntityTooLarge, () => BotBody(new string('a', MaxBody + 1 + i), good)));
            cases.Add(new("oversized chunked body", HttpStatusCode.RequestEntityTooLarge, () => Chunked(BotPath + good.QueryString, MaxBody + 1 + i)));
            cases.Add(new("missing nonce", HttpStatusCode.BadRequest, () => BotQuery($"?msg_signature={good.MsgSignature}&timestamp={ts}", good)));
            cases.Add(new("missing signature", HttpStatusCode.BadRequest, () => BotQuery($"?timestamp={ts}&nonce={nonce}", good)));
            cases.Add(new("repeated timestamp", HttpStatusCode.BadRequest, () => BotQuery(good.QueryString + "&timestamp=" + ts, good)));
            cases.Add(new("repeated signature", HttpStatusCode.BadRequest, () => BotQuery(good.QueryString + "&msg_signature=" + good.MsgSignature, good)));
            cases.Add(new("GET missing echostr", HttpStatusCode.BadRequest, () => new HttpRequestMessage(HttpMethod.Get, AppPath + good.QueryString)));
            cases.Add(new("bad signature", HttpStatusCode.Unauthorized, () => BotQuery(good.QueryString.Replace(good.MsgSignature, Flip(good.MsgSignature, i)), good)));
            cases.Add(new("bad signature app", HttpStatusCode.Unauthorized, () => Post(AppPath, goodApp with { Nonce = nonce + "x" })));
            cases.Add(new("stale timestamp", HttpStatusCode.Unauthorized, () => Post(BotPath, Bot.CreateBotCallbackRequest(BotText("s" + i), (long.Parse(ts) - 301 - i * 100).ToString(), nonce))));
            cases.Add(new("future timestamp", HttpStatusCode.Unauthorized, () => Post(AppPath, App.CreateAppCallbackRequest(AppText("3" + i), "1", (long.Parse(ts) + 301 + i).ToString(), nonce))));
            cases.Add(new("non-numeric timestamp", HttpStatusCode.BadRequest, () => Post(BotPath, Bot.CreateBotCallbackRequest(BotText("q" + i), "later" + i, nonce))));
            cases.Add(new("empty body", HttpStatusCode.BadRequest, () => BotBody("", good)));
            cases.Add(new("JSON plaintext without msgid", HttpStatusCode.BadRequest, () => Post(BotPath, Bot.CreateBotCallbackRequest("{\"msgtype\":\"text\",\"n\":" + i + "}", ts, nonce))));
            cases.Add(new("NUL in JSON string", HttpStatusCode.BadRequest, () => Post(BotPath, Bot.CreateBotCallbackRequest(BotText("z" + i, "a\\u0000b"), ts, nonce))));
        }
        return cases;
    }

    private static HttpRequestMessage BotRaw(string encrypt, string ts, string nonce)
    {
        var query = $"?msg_signature={Bot.Sign(ts, nonce, encrypt)}&timestamp={ts}&nonce={nonce}";
        return new HttpRequestMessage(HttpMethod.Post, BotPath + query)
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { encrypt }), Encoding.UTF8, "application/json"),
        };
    }

    private static HttpRequestMessage BotBody(string body, SignedCallbackRequest signed)
        => new(HttpMethod.Post, BotPath + signed.QueryString) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static HttpRequestMessage AppBody(string body, SignedCallbackRequest signed)
        => new(HttpMethod.Post, AppPath + signed.QueryString) { Content = new StringContent(body, Encoding.UTF8, "application/xml") };

    private static HttpRequestMessage BotQuery(string query, SignedCallbackRequest signed)
        => new(HttpMethod.Post, BotPath + query) { Content = new StringContent(signed.Body, Encoding.UTF8, "application/json") };

    private static HttpRequestMessage Bytes(string uri, byte[] body)
        => new(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };

    private static HttpRequestMessage Chunked(string uri, int length)
    {
        var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("{\"encrypt\":\"" + new string('A', length) + "\"}")));
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    private static string Flip(string signature, int i)
    {
        var chars = signature.ToCharArray();
        var at = i % chars.Length;
        chars[at] = chars[at] == '0' ? '1' : '0';
        return new string(chars);
    }

    private static string Xxe(int i) =>
        $"<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]><xml><FromUserName>&xxe;</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>{i}</MsgId></xml>";

    private static string BillionLaughs()
    {
        var entities = string.Concat(Enumerable.Range(1, 9).Select(n => $"<!ENTITY l{n} \"{string.Concat(Enumerable.Repeat($"&l{n - 1};", 10))}\">"));
        return $"<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY l0 \"lol\">{entities}]><xml><Content>&l9;</Content><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId></xml>";
    }

    private static byte[] BadPadBuffer(int i)
    {
        var buffer = Buffer(Encoding.UTF8.GetBytes("{\"msgid\":\"p\"}"), "");
        buffer[^1] = (byte)(i % 2 == 0 ? 0 : 33 + i % 200); // pad value outside 1..32
        return buffer;
    }

    private static byte[] Buffer(byte[] message, string receiveId)
    {
        var rid = Encoding.UTF8.GetBytes(receiveId);
        var content = 20 + message.Length + rid.Length;
        var pad = 32 - content % 32;
        var buffer = new byte[content + pad];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(16, 4), (uint)message.Length);
        message.CopyTo(buffer, 20);
        rid.CopyTo(buffer, 20 + message.Length);
        buffer.AsSpan(content).Fill((byte)pad);
        return buffer;
    }

    private static string RawEncrypt(string encodingAesKey, byte[] buffer)
    {
        var key = Convert.FromBase64String(encodingAesKey + "=");
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(buffer, key.AsSpan(0, 16), PaddingMode.None));
    }
}
