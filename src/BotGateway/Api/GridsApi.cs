using GridLine.BotGateway.Admin;
using GridLine.BotGateway.Hosting;
using GridLine.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridLine.BotGateway.Api;

/// <summary>The grid hierarchy and chat groups ↔ grids, limited to the admin's subtree.</summary>
internal static class GridsApi
{
    public sealed record GridRename(string? Name, int? Version);
    public sealed record ChatGroupEdit(string? Name, long? GridId, int? Version);
    public sealed record ChatGroupView(long Id, string ChatId, string Name, long? GridId, bool HasWebhook, int Version);

    public static RouteGroupBuilder MapGridsApi(this RouteGroupBuilder api)
    {
        var grids = api.MapGroup("/grids").WithTags("grids");
        grids.MapGet("/", async Task<Ok<IReadOnlyList<Grid>>> (HttpContext http, AdminScope scope, GridRepository repo) =>
        {
            var ids = await scope.GridIdsAsync(http);
            var all = await repo.ListAllAsync(http.RequestAborted);
            return TypedResults.Ok<IReadOnlyList<Grid>>(ids is null ? all : all.Where(g => ids.Contains(g.Id)).ToList());
        });
        grids.MapPut("/{id:long}", async Task<Results<Ok<Grid>, NotFound, ValidationProblem, ProblemHttpResult>> (long id, GridRename body, HttpContext http,
            AdminScope scope, GridRepository repo, ConsoleConfigRepository config, AuditTrail audit) =>
        {
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100) return ApiProblems.Invalid("name", "名称不能为空且不超过 100 个字符");
            if (ApiProblems.ExpectedVersion(http, body.Version) is not { } version) return ApiProblems.Invalid("version", "请提供 version");
            var before = await repo.GetByIdAsync(id, http.RequestAborted);
            if (before is null || !await scope.CanSeeAsync(http, id)) return TypedResults.NotFound();
            var after = await config.RenameGridAsync(id, version, body.Name.Trim(), http.RequestAborted);
            if (after is null) return ApiProblems.Conflict("网格");
            await audit.RecordAsync(http, "grid.rename", "grid", id, before, after);
            return TypedResults.Ok(after);
        });

        var groups = api.MapGroup("/chat-groups").WithTags("chat-groups");
        groups.MapGet("/", async Task<Ok<IReadOnlyList<ChatGroupView>>> (HttpContext http, AdminScope scope, ConsoleConfigRepository config) =>
        {
            var ids = await scope.GridIdsAsync(http);
            var all = await config.ListChatGroupsAsync(http.RequestAborted);
            return TypedResults.Ok<IReadOnlyList<ChatGroupView>>(all.Where(g => ids is null || (g.GridId is { } gid && ids.Contains(gid))).Select(View).ToList());
        });
        groups.MapPut("/{id:long}", async Task<Results<Ok<ChatGroupView>, NotFound, ValidationProblem, ProblemHttpResult>> (long id, ChatGroupEdit body,
            HttpContext http, AdminScope scope, ConsoleConfigRepository config, AuditTrail audit) =>
        {
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100) return ApiProblems.Invalid("name", "群名称不能为空且不超过 100 个字符");
            if (ApiProblems.ExpectedVersion(http, body.Version) is not { } version) return ApiProblems.Invalid("version", "请提供 version");
            var before = (await config.ListChatGroupsAsync(http.RequestAborted)).FirstOrDefault(g => g.Id == id);
            // Unmapped groups (new groups waiting for a grid) are mapped by system admins; others see only their own groups.
            if (before is null || !await scope.CanSeeAsync(http, before.GridId)) return TypedResults.NotFound();
            if (!await scope.CanSeeAsync(http, body.GridId)) return ApiProblems.Invalid("gridId", "只能绑定到您管辖范围内的网格");
            var after = await config.UpdateChatGroupAsync(id, version, body.Name.Trim(), body.GridId, http.RequestAborted);
            if (after is null) return ApiProblems.Conflict("群");
            await audit.RecordAsync(http, "chat_group.update", "chat_group", id, View(before), View(after));
            return TypedResults.Ok(View(after));
        });
        return api;
    }

    // The group robot key is a credential: the API says whether one is set, never what it is.
    private static ChatGroupView View(ChatGroup g) => new(g.Id, g.ChatId, g.Name, g.GridId, g.WebhookKey is { Length: > 0 }, g.Version);
}
