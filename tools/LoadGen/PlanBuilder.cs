using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using GridLine.WeCom.Crypto;

namespace GridLine.Tools.LoadGen;

/// <summary>The whole schedule, built (signed, encrypted) before the clock starts so building costs nothing during the run.</summary>
public sealed class Plan
{
    public required IReadOnlyList<PlannedRequest> Requests { get; init; }
    public required IReadOnlyList<UniqueMessage> Messages { get; init; }

    public const string BotSourcePrefix = "bot:", AppSourcePrefix = "app:";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds <see cref="LoadGenOptions.Total"/> requests: exact shares of hostile and repeated requests, the rest unique.</summary>
    /// <param name="responseCodes">e2e: one sandbox response code per unique message, per chat (null in ack mode).</param>
    public static Plan Build(LoadGenOptions o, IReadOnlyList<string> corpus, IReadOnlyDictionary<string, Queue<string>>? responseCodes)
    {
        var random = new Random(o.Seed);
        var bot = new WeComCallbackCrypto(o.BotToken, o.BotKey, receiveId: "");
        var app = new WeComCallbackCrypto(o.AppToken, o.AppKey, receiveId: o.CorpId);
        var total = o.Total;
        var hostile = (int)Math.Round(total * o.HostileShare);
        var valid = total - hostile;
        var repeats = (int)Math.Round(valid * o.RepeatShare);

        // Exact counts, shuffled: 0 = unique, 1 = repeat, 2 = hostile. The first valid request is always unique.
        var kinds = new byte[total];
        for (var i = 0; i < hostile; i++) kinds[i] = 2;
        for (var i = hostile; i < hostile + repeats; i++) kinds[i] = 1;
        random.Shuffle(kinds);
        var firstValid = Array.FindIndex(kinds, k => k != 2);
        if (firstValid >= 0 && kinds[firstValid] == 1)
        {
            var swap = Array.FindIndex(kinds, k => k == 0);
            if (swap >= 0) (kinds[firstValid], kinds[swap]) = (kinds[swap], kinds[firstValid]);
        }

        var planStart = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var requests = new List<PlannedRequest>(total);
        var messages = new List<UniqueMessage>(valid - repeats);
        var uniqueRequests = new List<PlannedRequest>(valid - repeats);
        var hostileCount = 0;
        for (var i = 0; i < total; i++)
        {
            if (kinds[i] == 2) { requests.Add(HostileRequests.Create(hostileCount++, o, bot, random)); continue; }
            if (kinds[i] == 1 && uniqueRequests.Count > 0)
            {
                // WeCom retries within seconds: repeat one of the last few seconds' messages (an older one would also
                // carry a timestamp outside the gateway's replay window).
                var recent = Math.Max(1, (int)Math.Min(uniqueRequests.Count, o.Rate * 5));
                var original = uniqueRequests[uniqueRequests.Count - 1 - random.Next(recent)];
                requests.Add(original with { Kind = RequestKind.Repeat });
                continue;
            }
            var n = messages.Count;
            // Signed with the time it is due to be sent (the gateway rejects timestamps outside its replay window, and a
            // long run's last requests are sent many minutes after the plan is built).
            var timestamp = (planStart + (long)(i / o.Rate)).ToString(CultureInfo.InvariantCulture);
            var text = corpus[random.Next(corpus.Count)];
            var user = "wmLoad" + random.Next(1, 2001).ToString("D4", CultureInfo.InvariantCulture);
            PlannedRequest request;
            if (random.NextDouble() < o.AppShare)
            {
                var msgId = "9" + o.RunId + n.ToString("D8", CultureInfo.InvariantCulture);
                var xml = new StringBuilder("<xml>")
                    .Append($"<ToUserName>{Cdata(o.CorpId)}</ToUserName><FromUserName>{Cdata(user)}</FromUserName>")
                    .Append(CultureInfo.InvariantCulture, $"<CreateTime>{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</CreateTime><MsgType>{Cdata("text")}</MsgType>")
                    .Append($"<Content>{Cdata(text)}</Content><MsgId>{msgId}</MsgId><AgentID>{o.AgentId}</AgentID></xml>").ToString();
                var signed = app.CreateAppCallbackRequest(xml, o.AgentId, timestamp);
                request = new PlannedRequest(RequestKind.App, $"/wecom/app/{o.AppName}{signed.QueryString}", Encoding.UTF8.GetBytes(signed.Body), signed.ContentType, n);
                messages.Add(new UniqueMessage(AppSourcePrefix + o.AppName, "msg|" + msgId, null, text));
            }
            else
            {
                var msgId = $"lg-{o.RunId}-{n}";
                var chat = o.Chats[random.Next(o.Chats.Length)];
                string? code = null;
                if (responseCodes is not null && responseCodes[chat].TryDequeue(out var c)) code = c;
                var plaintext = new JsonObject
                {
                    ["msgid"] = msgId, ["aibotid"] = o.BotId, ["chatid"] = chat, ["chattype"] = "group",
                    ["from"] = new JsonObject { ["userid"] = user },
                    ["response_url"] = code is null ? $"{o.SandboxUrl.TrimEnd('/')}/cgi-bin/aibot/response?response_code=lg{n}" : $"{o.SandboxUrl.TrimEnd('/')}/cgi-bin/aibot/response?response_code={code}",
                    ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = "@网格助手 " + text },
                }.ToJsonString(Json);
                var signed = bot.CreateBotCallbackRequest(plaintext, timestamp);
                request = new PlannedRequest(RequestKind.Bot, $"/wecom/bot/{o.BotName}{signed.QueryString}", Encoding.UTF8.GetBytes(signed.Body), signed.ContentType, n);
                messages.Add(new UniqueMessage(BotSourcePrefix + o.BotName, "msg|" + msgId, code, plaintext));
            }
            uniqueRequests.Add(request);
            requests.Add(request);
        }
        return new Plan { Requests = requests, Messages = messages };
    }

    /// <summary>The same schedule against the bare endpoint: each valid request inserts its message's plaintext under its key.</summary>
    public Plan ToBare(LoadGenOptions o)
    {
        var bodies = new byte[Messages.Count][];
        for (var i = 0; i < Messages.Count; i++) bodies[i] = Encoding.UTF8.GetBytes(Messages[i].Text.StartsWith('{') ? Messages[i].Text : JsonSerializer.Serialize(new { text = Messages[i].Text }, Json));
        var requests = Requests.Select((r, i) => r.MessageIndex < 0
                ? new PlannedRequest(RequestKind.Bare, $"/bench/bare-insert?key=bare-{o.RunId}-h{i}", bodies[0], "application/json", -1)
                : new PlannedRequest(RequestKind.Bare, $"/bench/bare-insert?key=bare-{o.RunId}-{r.MessageIndex}", bodies[r.MessageIndex], "application/json", r.MessageIndex))
            .ToList();
        var messages = Messages.Select((m, i) => new UniqueMessage("bench:bare", $"msg|bare-{o.RunId}-{i}", null, m.Text)).ToList();
        return new Plan { Requests = requests, Messages = messages };
    }

    private static string Cdata(string value) => "<![CDATA[" + value.Replace("]]>", "]]]]><![CDATA[>") + "]]>";
}
