using System.Globalization;
using System.Text;
using GridLine.WeCom.Crypto;

namespace GridLine.Tools.LoadGen;

/// <summary>Malformed and hostile callbacks; every one must be answered 4xx, never 5xx, and store nothing.</summary>
public static class HostileRequests
{
    public static readonly string[] Kinds =
    [
        "bad_signature", "bad_base64", "xxe", "billion_laughs", "oversized", "truncated_json", "invalid_utf8",
        "missing_signature", "stale_timestamp", "wrong_receive_id", "unknown_bot", "not_json",
    ];

    public static PlannedRequest Create(int n, LoadGenOptions o, WeComCallbackCrypto bot, Random random)
    {
        var kind = Kinds[n % Kinds.Length];
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var plaintext = "{\"msgid\":\"hostile-" + o.RunId + "-" + n.ToString(CultureInfo.InvariantCulture) + "\",\"aibotid\":\"x\",\"chattype\":\"group\",\"chatid\":\"wrX\",\"from\":{\"userid\":\"evil\"},\"msgtype\":\"text\",\"text\":{\"content\":\"@x hi\"}}";
        var botPath = "/wecom/bot/" + o.BotName;
        PlannedRequest Bot(SignedCallbackRequest r, string? path = null, byte[]? body = null, string? query = null)
            => new(RequestKind.Hostile, (path ?? botPath) + (query ?? r.QueryString), body ?? Encoding.UTF8.GetBytes(r.Body), "application/json", -1, kind);
        switch (kind)
        {
            case "bad_signature":
            {
                var r = bot.CreateBotCallbackRequest(plaintext);
                return Bot(r with { MsgSignature = new string('0', 40) });
            }
            case "bad_base64":
            {
                const string encrypt = "!!!not*base64~~";
                var r = new SignedCallbackRequest(bot.Sign(now, "1", encrypt), now, "1", null, $$"""{"encrypt":"{{encrypt}}"}""", "application/json");
                return Bot(r);
            }
            case "xxe":
            {
                var body = """<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>&xxe;</ToUserName><Encrypt><![CDATA[abc]]></Encrypt><AgentID>1</AgentID></xml>""";
                return new(RequestKind.Hostile, $"/wecom/app/{o.AppName}?msg_signature={new string('a', 40)}&timestamp={now}&nonce=1", Encoding.UTF8.GetBytes(body), "application/xml", -1, kind);
            }
            case "billion_laughs":
            {
                var sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
                for (var i = 1; i < 10; i++) sb.Append(CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString(CultureInfo.InvariantCulture))};", 10))}\">");
                sb.Append("]><xml><Encrypt>&lol9;</Encrypt></xml>");
                return new(RequestKind.Hostile, $"/wecom/app/{o.AppName}?msg_signature={new string('a', 40)}&timestamp={now}&nonce=1", Encoding.UTF8.GetBytes(sb.ToString()), "application/xml", -1, kind);
            }
            case "oversized":
            {
                var encrypt = new string('A', 70_000);
                var r = new SignedCallbackRequest(bot.Sign(now, "1", encrypt), now, "1", null, $$"""{"encrypt":"{{encrypt}}"}""", "application/json");
                return Bot(r);
            }
            case "truncated_json":
            {
                var r = bot.CreateBotCallbackRequest(plaintext);
                return Bot(r, body: Encoding.UTF8.GetBytes(r.Body[..(r.Body.Length / 2)]));
            }
            case "invalid_utf8":
            {
                var r = bot.CreateBotCallbackRequest(plaintext);
                var bytes = Encoding.UTF8.GetBytes(r.Body);
                bytes[bytes.Length / 2] = 0xFF;
                bytes[bytes.Length / 2 + 1] = 0xFE;
                return Bot(r, body: bytes);
            }
            case "missing_signature":
            {
                var r = bot.CreateBotCallbackRequest(plaintext);
                return Bot(r, query: $"?timestamp={r.Timestamp}&nonce={r.Nonce}");
            }
            case "stale_timestamp":
                return Bot(bot.CreateBotCallbackRequest(plaintext, timestamp: (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600).ToString(CultureInfo.InvariantCulture)));
            case "wrong_receive_id":
            {
                var evil = new WeComCallbackCrypto(o.BotToken, o.BotKey, receiveId: "wwevilcorp");
                return Bot(evil.CreateBotCallbackRequest(plaintext));
            }
            case "unknown_bot":
                return Bot(bot.CreateBotCallbackRequest(plaintext), path: "/wecom/bot/nobody" + random.Next(1000));
            default: // not_json
            {
                var encrypt = bot.Encrypt("this is not json at all");
                var r = new SignedCallbackRequest(bot.Sign(now, "2", encrypt), now, "2", null, $$"""{"encrypt":"{{encrypt}}"}""", "application/json");
                return Bot(r);
            }
        }
    }
}
