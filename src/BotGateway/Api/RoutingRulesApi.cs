using GridLine.BotGateway.Admin;
using GridLine.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridLine.BotGateway.Api;

/// <summary>Routing rules (派单规则). Scoped admins edit rules of grids in their subtree; rules for every grid are a system admin's.</summary>
internal static class RoutingRulesApi
{
    public sealed record RoutingRuleEdit(string? Name, int? Priority, long? GridId, string? Category, string? Type, long? AssigneeMemberId,
        string? AssigneeRole, string? AssigneeLevel, string? HandlingLevel, string? Clock, int? SignSlaMinutes, int? DueSlaMinutes,
        int? MaxExtensionMinutes, bool? IsDefault, bool? IsActive, int? Version);

    public static RouteGroupBuilder MapRoutingRulesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/routing-rules").WithTags("routing-rules");
        group.MapGet("/", async Task<Ok<IReadOnlyList<RoutingRule>>> (HttpContext http, AdminScope scope, ConsoleConfigRepository config) =>
        {
            var ids = await scope.GridIdsAsync(http);
            var all = await config.ListRoutingRulesAsync(http.RequestAborted);
            return TypedResults.Ok<IReadOnlyList<RoutingRule>>(all.Where(r => ids is null || r.GridId is null || ids.Contains(r.GridId.Value)).ToList());
        });
        group.MapPost("/", async Task<Results<Created<RoutingRule>, ValidationProblem>> (RoutingRuleEdit body, HttpContext http, AdminScope scope,
            RoutingRuleRepository rules, AuditTrail audit) =>
        {
            if (await ValidateAsync(body, http, scope) is { } problem) return problem;
            var rule = await rules.InsertAsync(Fields(body), http.RequestAborted);
            await audit.RecordAsync(http, "routing_rule.create", "routing_rule", rule.Id, null, rule);
            return TypedResults.Created($"/api/routing-rules/{rule.Id}", rule);
        });
        group.MapPut("/{id:long}", async Task<Results<Ok<RoutingRule>, NotFound, ValidationProblem, ProblemHttpResult>> (long id, RoutingRuleEdit body,
            HttpContext http, AdminScope scope, RoutingRuleRepository rules, AuditTrail audit) =>
        {
            var before = await rules.GetByIdAsync(id, http.RequestAborted);
            if (before is null || !await CanEditAsync(http, scope, before.GridId)) return TypedResults.NotFound();
            if (await ValidateAsync(body, http, scope) is { } problem) return problem;
            if (ApiProblems.ExpectedVersion(http, body.Version) is not { } version) return ApiProblems.Invalid("version", "请提供 version");
            var outcome = await rules.UpdateAsync(id, version, Fields(body), http.RequestAborted);
            if (Problem(outcome) is { } refused) return refused;
            var after = await rules.GetByIdAsync(id, http.RequestAborted);
            await audit.RecordAsync(http, "routing_rule.update", "routing_rule", id, before, after);
            return TypedResults.Ok(after!);
        });
        group.MapDelete("/{id:long}", async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> (long id, int? version, HttpContext http,
            AdminScope scope, RoutingRuleRepository rules, AuditTrail audit) =>
        {
            var before = await rules.GetByIdAsync(id, http.RequestAborted);
            if (before is null || !await CanEditAsync(http, scope, before.GridId)) return TypedResults.NotFound();
            if (ApiProblems.ExpectedVersion(http, version) is not { } expected) return ApiProblems.Invalid("version", "请提供 version");
            if (Problem(await rules.DeleteAsync(id, expected, http.RequestAborted)) is { } refused) return refused;
            await audit.RecordAsync(http, "routing_rule.delete", "routing_rule", id, before, null);
            return TypedResults.NoContent();
        });
        return api;
    }

    private static ProblemHttpResult? Problem(RoutingRuleWriteResult outcome) => outcome switch
    {
        RoutingRuleWriteResult.Done => null,
        RoutingRuleWriteResult.NotFound => TypedResults.Problem(statusCode: 404, title: "规则不存在"),
        RoutingRuleWriteResult.VersionConflict => ApiProblems.Conflict("派单规则"),
        _ => ApiProblems.Refused("至少要保留一条启用的默认规则。"),
    };

    private static async Task<bool> CanEditAsync(HttpContext http, AdminScope scope, long? gridId) =>
        gridId is null ? await scope.GridIdsAsync(http) is null : await scope.CanSeeAsync(http, gridId);

    private static async Task<ValidationProblem?> ValidateAsync(RoutingRuleEdit b, HttpContext http, AdminScope scope)
    {
        if (string.IsNullOrWhiteSpace(b.Name) || b.Name.Length > 100) return ApiProblems.Invalid("name", "规则名称不能为空且不超过 100 个字符");
        if (b.Priority is null or < 0 or > 100000) return ApiProblems.Invalid("priority", "优先级应为 0–100000 的整数（小的先匹配）");
        if (!await CanEditAsync(http, scope, b.GridId)) return ApiProblems.Invalid("gridId", "只能为您管辖范围内的网格设置规则");
        if (b.Type is not null && !GridLine.Handlers.Understanding.Taxonomy.IsType(b.Type)) return ApiProblems.Invalid("type", "未知类型");
        if (b.AssigneeMemberId is null && b.AssigneeRole is null) return ApiProblems.Invalid("assigneeRole", "请指定处理人或处理角色");
        if (b.AssigneeRole is not null && !MemberRepository.Roles.Contains(b.AssigneeRole)) return ApiProblems.Invalid("assigneeRole", "未知角色");
        if (b.AssigneeLevel is not null && !GridRepository.Levels.Contains(b.AssigneeLevel)) return ApiProblems.Invalid("assigneeLevel", "未知层级");
        if (b.HandlingLevel is not ("grid" or "community" or "collaborative")) return ApiProblems.Invalid("handlingLevel", "办理层级应为 grid / community / collaborative");
        if (b.Clock is not ("working" or "calendar")) return ApiProblems.Invalid("clock", "计时方式应为 working / calendar");
        if (b.SignSlaMinutes is null or <= 0) return ApiProblems.Invalid("signSlaMinutes", "签收时限（分钟）必须大于 0");
        if (b.DueSlaMinutes is null or <= 0) return ApiProblems.Invalid("dueSlaMinutes", "办结时限（分钟）必须大于 0");
        if (b.MaxExtensionMinutes is <= 0) return ApiProblems.Invalid("maxExtensionMinutes", "最长延期必须大于 0");
        return null;
    }

    private static RoutingRuleFields Fields(RoutingRuleEdit b) => new(b.Name!.Trim(), b.Priority!.Value, b.GridId, Blank(b.Category), Blank(b.Type),
        b.AssigneeMemberId, b.AssigneeRole, b.AssigneeLevel, b.HandlingLevel!, b.Clock!, b.SignSlaMinutes!.Value, b.DueSlaMinutes!.Value,
        b.MaxExtensionMinutes, b.IsDefault ?? false, b.IsActive ?? true);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
