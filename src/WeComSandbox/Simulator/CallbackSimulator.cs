using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GridLine.WeCom.Crypto;
using GridLine.WeComSandbox.State;
using Microsoft.Extensions.Options;

namespace GridLine.WeComSandbox.Simulator;

/// <summary>Posts encrypted, signed callbacks to the gateway exactly as WeCom would, and logs them for the chat page.</summary>
public sealed class CallbackSimulator(IHttpClientFactory httpClientFactory, IOptions<SandboxOptions> options, ResponseCodeRegistry responseCodes,
    RequestLog log, TimeProvider timeProvider)
{
    /// <summary>Named HttpClient for posting to the gateway; its timeout is WeCom's callback timeout.</summary>
    public const string GatewayClient = "GridLine.WeComSandbox.Gateway";

    /// <summary>An AI-bot JSON callback for a group message; its response_url points at <paramref name="sandboxBaseUrl"/>.</summary>
    public async Task<SimulationResult> PostGroupMessageAsync(GroupMessageRequest message, string sandboxBaseUrl, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var bot = (message.Bot is null ? o.Bots.FirstOrDefault() : o.Bots.FirstOrDefault(b => b.Name == message.Bot))
            ?? throw new ArgumentException("unknown bot");
        var group = o.Groups.FirstOrDefault(g => g.ChatId == message.ChatId) ?? throw new ArgumentException("unknown chatId");
        if (group.Members.All(m => m.UserId != message.UserId)) throw new ArgumentException("userId is not a member of the group");

        var code = responseCodes.Issue(new ResponseTarget(group.ChatId, message.UserId), TimeSpan.FromSeconds(o.ResponseUrlLifetimeSeconds));
        var responseUrl = $"{(o.PublicUrl.Length > 0 ? o.PublicUrl : sandboxBaseUrl).TrimEnd('/')}/cgi-bin/aibot/response?response_code={code}";
        var msgId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        // Real group messages keep the "@bot" prefix in the content; add it unless the user typed a mention already.
        var content = message.Text.StartsWith('@') ? message.Text : $"@{bot.MentionName} {message.Text}";
        var plaintext = new JsonObject
        {
            ["msgid"] = msgId, ["aibotid"] = bot.BotId, ["chatid"] = group.ChatId, ["chattype"] = "group",
            ["from"] = new JsonObject { ["userid"] = message.UserId }, ["response_url"] = responseUrl,
            ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = content },
        }.ToJsonString(SandboxJson.Options);
        var request = new WeComCallbackCrypto(bot.Token, bot.EncodingAesKey, receiveId: "").CreateBotCallbackRequest(plaintext);
        var (status, error) = await PostAsync($"/wecom/bot/{Uri.EscapeDataString(bot.Name)}", request, plaintext, group.ChatId, message.UserId, message.Text, cancellationToken);
        return new SimulationResult(status, msgId, responseUrl, error);
    }

    /// <summary>An XML text-message callback to the self-built app from a grid worker.</summary>
    public async Task<SimulationResult> PostAppMessageAsync(AppMessageRequest message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var app = (message.App is null ? o.Apps.FirstOrDefault() : o.Apps.FirstOrDefault(a => a.Name == message.App))
            ?? throw new ArgumentException("unknown app");
        if (!o.Groups.SelectMany(g => g.Members).Any(m => m.UserId == message.UserId && m.Type == 1))
            throw new ArgumentException("userId is not a corp member (Type 1)");

        var msgId = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(CultureInfo.InvariantCulture) + "0000000";
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var plaintext = new StringBuilder("<xml>")
            .Append($"<ToUserName>{Cdata(o.CorpId)}</ToUserName><FromUserName>{Cdata(message.UserId)}</FromUserName>")
            .Append($"<CreateTime>{now}</CreateTime><MsgType>{Cdata("text")}</MsgType><Content>{Cdata(message.Text)}</Content>")
            .Append($"<MsgId>{msgId}</MsgId><AgentID>{app.AgentId}</AgentID></xml>").ToString();
        var request = new WeComCallbackCrypto(app.Token, app.EncodingAesKey, receiveId: o.CorpId)
            .CreateAppCallbackRequest(plaintext, app.AgentId.ToString(CultureInfo.InvariantCulture));
        var (status, error) = await PostAsync($"/wecom/app/{Uri.EscapeDataString(app.Name)}", request, plaintext, null, message.UserId, message.Text, cancellationToken);
        return new SimulationResult(status, msgId, null, error);
    }

    private async Task<(int? Status, string? Error)> PostAsync(string path, SignedCallbackRequest request, string plaintext,
        string? chatId, string userId, string text, CancellationToken cancellationToken)
    {
        var time = timeProvider.GetUtcNow();
        int? status = null;
        string? error = null;
        try
        {
            var client = httpClientFactory.CreateClient(GatewayClient);
            using var content = new StringContent(request.Body, Encoding.UTF8, request.ContentType);
            using var response = await client.PostAsync(options.Value.GatewayUrl.TrimEnd('/') + path + request.QueryString, content, cancellationToken);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException ex) { error = $"gateway unreachable: {ex.Message}"; }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { error = "gateway did not answer in time"; }

        // The log keeps the plaintext: the page shows what the user wrote, and a tester can read what was sent.
        log.Add(id => new SandboxRequest(id, time, "callback", "POST", path, request.QueryString, plaintext, status ?? 0, null, chatId, [userId], text));
        return (status, error);
    }

    // A "]]>" inside user text would end the CDATA section early; split it across two sections.
    private static string Cdata(string value) => "<![CDATA[" + value.Replace("]]>", "]]]]><![CDATA[>") + "]]>";
}
