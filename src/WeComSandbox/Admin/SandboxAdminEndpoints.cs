using GridLine.WeComSandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace GridLine.WeComSandbox.Admin;

/// <summary>Test and page controls under /sandbox/: the request log, fault injection, token expiry, the public configuration.</summary>
internal static class SandboxAdminEndpoints
{
    public static IEndpointRouteBuilder MapSandboxAdmin(this IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup("/sandbox");
        sandbox.MapGet("/requests", (long? since, RequestLog log) => Results.Json(log.Since(since ?? 0)));
        sandbox.MapDelete("/requests", (RequestLog log) =>
        {
            log.Clear();
            return Results.NoContent();
        });
        sandbox.MapPost("/faults", (FaultSpec spec, FaultInjector faults) =>
        {
            if (!FaultInjector.IsValid(spec))
                return Results.BadRequest(new { error = "mode must be none | http500 | errcode (with a non-zero errcode) | timeout (with seconds > 0); count > 0 if given" });
            faults.Set(spec);
            return Results.Json(spec);
        });
        sandbox.MapPost("/expire-tokens", (TokenRegistry tokens) => Results.Json(new { expired = tokens.ExpireAll() }));
        // Load tests post their own AI-bot callbacks straight to the gateway; they need real response codes for the replies.
        sandbox.MapPost("/response-codes", (ResponseCodeBatch batch, IOptions<SandboxOptions> options, ResponseCodeRegistry codes) =>
        {
            if (batch.Count is < 1 or > 1_000_000 || string.IsNullOrEmpty(batch.UserId)) return Results.BadRequest(new { error = "count 1..1000000 and userId are required" });
            var lifetime = TimeSpan.FromSeconds(options.Value.ResponseUrlLifetimeSeconds);
            var issued = new string[batch.Count];
            for (var i = 0; i < issued.Length; i++) issued[i] = codes.Issue(new ResponseTarget(batch.ChatId, batch.UserId), lifetime);
            return Results.Json(new { codes = issued });
        });
        sandbox.MapGet("/config", (IOptions<SandboxOptions> options) => Results.Json(PublicConfig(options.Value)));
        return app;
    }

    // What the chat page needs; secrets, tokens and AES keys stay out.
    private static object PublicConfig(SandboxOptions o) => new
    {
        corpId = o.CorpId,
        apps = o.Apps.Select(a => new { name = a.Name, agentId = a.AgentId }),
        bots = o.Bots.Select(b => new { name = b.Name, mentionName = b.MentionName }),
        groups = o.Groups.Select(g => new
        {
            chatId = g.ChatId, name = g.Name, owner = g.Owner,
            members = g.Members.Select(m => new { userId = m.UserId, name = m.Name, type = m.Type }),
        }),
    };
}

/// <summary>A request for <paramref name="Count"/> response codes answering <paramref name="UserId"/> in <paramref name="ChatId"/> (null = 1:1).</summary>
public sealed record ResponseCodeBatch(string? ChatId, string UserId, int Count);
