using System.Text.Json.Nodes;
using GridLine.WeComSandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace GridLine.WeComSandbox.CgiBin;

/// <summary>The emulated WeCom API under /cgi-bin/: the subset GridLine calls, with WeCom's errcodes.</summary>
internal static class CgiBinEndpoints
{
    public static IEndpointRouteBuilder MapCgiBin(this IEndpointRouteBuilder app)
    {
        var cgi = app.MapGroup("/cgi-bin");
        cgi.MapGet("/gettoken", GetToken);
        cgi.MapPost("/message/send", MessageSend);
        cgi.MapPost("/appchat/send", AppChatSend);
        cgi.MapPost("/webhook/send", WebhookSend);
        cgi.MapPost("/aibot/response", AiBotResponse);
        cgi.MapPost("/externalcontact/groupchat/get", GroupChatGet);
        return app;
    }

    private static IResult GetToken(HttpContext context, string? corpid, string? corpsecret, IOptions<SandboxOptions> options, TokenRegistry tokens)
    {
        var call = CgiBinCall.Of(context);
        var o = options.Value;
        if (string.IsNullOrEmpty(corpid)) return call.Answer(SandboxErrcodes.MissingCorpId, "corpid missing");
        if (string.IsNullOrEmpty(corpsecret)) return call.Answer(SandboxErrcodes.MissingSecret, "corpsecret missing");
        if (corpid != o.CorpId) return call.Answer(SandboxErrcodes.InvalidCorpId, "invalid corpid");
        var app = o.Apps.FirstOrDefault(a => a.Secret == corpsecret);
        if (app is null) return call.Answer(SandboxErrcodes.InvalidSecret, "invalid credential, access_token is invalid or not latest");
        var token = tokens.Issue(app.Name, TimeSpan.FromSeconds(o.TokenLifetimeSeconds));
        return call.Ok(new JsonObject { ["access_token"] = token, ["expires_in"] = o.TokenLifetimeSeconds });
    }

    private static IResult MessageSend(HttpContext context, string? access_token, IOptions<SandboxOptions> options, TokenRegistry tokens,
        MessageDuplicateCheck duplicates)
    {
        var call = CgiBinCall.Of(context);
        var (tokenError, appName) = tokens.Check(access_token);
        if (tokenError != 0) return TokenError(call, tokenError);
        if (call.Json() is not { } body) return call.Answer(SandboxErrcodes.InvalidJson, "Warning: wrong json format.");
        var o = options.Value;
        if ((int?)body["agentid"] != o.Apps.First(a => a.Name == appName).AgentId) return call.Answer(SandboxErrcodes.InvalidAgentId, "invalid agentid");
        var known = o.Groups.SelectMany(g => g.Members).Where(m => m.Type == 1).Select(m => m.UserId).ToHashSet();
        var requested = ((string?)body["touser"] ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries);
        var valid = requested.Where(known.Contains).ToList();
        var invalid = requested.Where(u => !known.Contains(u)).ToList();
        call.UserIds.AddRange(requested);
        call.Text = MessageText.Of(body);
        if (valid.Count == 0) return call.Answer(SandboxErrcodes.AllRecipientsInvalid, "all touser invalid");
        // A repeat inside enable_duplicate_check's interval is answered like a send and delivered to nobody.
        call.Duplicate = duplicates.IsDuplicate(appName!, body);
        return call.Ok(new JsonObject
        {
            ["invaliduser"] = string.Join('|', invalid).ToLowerInvariant(),
            ["msgid"] = Guid.NewGuid().ToString("N"),
        });
    }

    private static IResult AppChatSend(HttpContext context, string? access_token, IOptions<SandboxOptions> options, TokenRegistry tokens)
    {
        var call = CgiBinCall.Of(context);
        var (tokenError, _) = tokens.Check(access_token);
        if (tokenError != 0) return TokenError(call, tokenError);
        if (call.Json() is not { } body) return call.Answer(SandboxErrcodes.InvalidJson, "Warning: wrong json format.");
        var chatId = (string?)body["chatid"];
        call.ChatId = chatId;
        call.Text = MessageText.Of(body);
        if (options.Value.Groups.All(g => g.ChatId != chatId)) return call.Answer(SandboxErrcodes.UnknownChat, "invalid chatid");
        return call.Ok();
    }

    private static IResult WebhookSend(HttpContext context, string? key, IOptions<SandboxOptions> options, WebhookRateLimiter limiter)
    {
        var call = CgiBinCall.Of(context);
        var group = options.Value.Groups.FirstOrDefault(g => g.WebhookKey.Length > 0 && g.WebhookKey == key);
        if (group is null) return call.Answer(SandboxErrcodes.InvalidWebhookKey, "invalid webhook url");
        call.ChatId = group.ChatId;
        if (call.Json() is not { } body) return call.Answer(SandboxErrcodes.InvalidJson, "Warning: wrong json format.");
        call.Text = MessageText.Of(body);
        if (body["text"]?["mentioned_list"] is JsonArray mentioned) call.UserIds.AddRange(mentioned.Select(m => (string?)m ?? ""));
        if (!limiter.TryAcquire(key!, options.Value.WebhookMessagesPerMinute, TimeSpan.FromSeconds(options.Value.WebhookWindowSeconds))) return call.Answer(SandboxErrcodes.ApiFrequencyLimit, "api freq out of limit");
        return call.Ok();
    }

    private static IResult AiBotResponse(HttpContext context, string? response_code, ResponseCodeRegistry codes)
    {
        var call = CgiBinCall.Of(context);
        // Attribute even a refused reply to its conversation, so the chat page shows the failure where it happened.
        if (codes.Peek(response_code) is { } issuedFor)
        {
            call.ChatId = issuedFor.ChatId;
            call.UserIds.Add(issuedFor.UserId);
        }
        if (call.Json() is not { } body) return call.Answer(SandboxErrcodes.InvalidJson, "Warning: wrong json format.");
        call.Text = MessageText.Of(body);
        if (codes.TryUse(response_code) is null) return call.Answer(SandboxErrcodes.InvalidResponseCode, "invalid response_code (unknown, used or expired)");
        return call.Ok();
    }

    private static IResult GroupChatGet(HttpContext context, string? access_token, IOptions<SandboxOptions> options, TokenRegistry tokens)
    {
        var call = CgiBinCall.Of(context);
        var (tokenError, _) = tokens.Check(access_token);
        if (tokenError != 0) return TokenError(call, tokenError);
        if (call.Json() is not { } body) return call.Answer(SandboxErrcodes.InvalidJson, "Warning: wrong json format.");
        var group = options.Value.Groups.FirstOrDefault(g => g.ChatId == (string?)body["chat_id"]);
        if (group is null) return call.Answer(SandboxErrcodes.UnknownChat, "invalid chat_id");
        return call.Ok(new JsonObject { ["group_chat"] = GroupChatJson.Of(group) });
    }

    private static IResult TokenError(CgiBinCall call, int errcode) => call.Answer(errcode, errcode switch
    {
        SandboxErrcodes.MissingAccessToken => "access_token missing",
        SandboxErrcodes.AccessTokenExpired => "access_token expired",
        _ => "invalid access_token",
    });
}
