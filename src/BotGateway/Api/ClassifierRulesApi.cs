using GridLine.BotGateway.Admin;
using GridLine.BotGateway.Hosting;
using GridLine.Handlers.Routing;
using GridLine.Handlers.Understanding;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridLine.BotGateway.Api;

/// <summary>Classifier rules (分类规则, system-wide: system admins edit them) and the "test this rule" box.</summary>
internal static class ClassifierRulesApi
{
    public sealed record ClassifierRuleEdit(string? Pattern, bool? IsRegex, int? Priority, string? ForceType, string? ForceCategory, bool? IsActive, string? Note, int? Version);
    public sealed record TestRequest(string? Text, long? GridId, string? ChatId);

    /// <summary>What a sample message would become: its classification and where it would be routed.</summary>
    public sealed record TestResult(string Type, string TypeName, string Category, string CategoryName, double Confidence, string Source, long? RuleId,
        bool WouldOpenOrder, bool NeedsConfirmation, long? GridId, string? GridName, string? RoutingRule, string? AssigneeName, string? HandlingLevel, string? TriageReason);

    public static RouteGroupBuilder MapClassifierRulesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/classifier-rules").WithTags("classifier-rules");
        group.MapGet("/", async (HttpContext http, ConsoleConfigRepository config) => TypedResults.Ok(await config.ListClassifierRulesAsync(http.RequestAborted)));
        group.MapPost("/", async Task<Results<Created<ClassifierRule>, ValidationProblem>> (ClassifierRuleEdit body, HttpContext http, RuleBook rules, AuditTrail audit) =>
        {
            try
            {
                var rule = await rules.AddAsync(Fields(body), http.RequestAborted);
                await audit.RecordAsync(http, "classifier_rule.create", "classifier_rule", rule.Id, null, rule);
                return TypedResults.Created($"/api/classifier-rules/{rule.Id}", rule);
            }
            catch (RuleValidationException ex) { return ApiProblems.Invalid("pattern", ex.Message); }
        }).RequireAuthorization(AdminAuth.SystemAdminPolicy);
        group.MapPut("/{id:long}", async Task<Results<Ok<ClassifierRule>, NotFound, ValidationProblem, ProblemHttpResult>> (long id, ClassifierRuleEdit body,
            HttpContext http, RuleBook rules, ConsoleConfigRepository config, AuditTrail audit) =>
        {
            var before = await config.GetClassifierRuleAsync(id, http.RequestAborted);
            if (before is null) return TypedResults.NotFound();
            if (ApiProblems.ExpectedVersion(http, body.Version) is not { } version) return ApiProblems.Invalid("version", "请提供 version");
            try
            {
                var after = await rules.UpdateAsync(id, version, Fields(body), http.RequestAborted);
                if (after is null) return ApiProblems.Conflict("分类规则");
                await audit.RecordAsync(http, "classifier_rule.update", "classifier_rule", id, before, after);
                return TypedResults.Ok(after);
            }
            catch (RuleValidationException ex) { return ApiProblems.Invalid("pattern", ex.Message); }
        }).RequireAuthorization(AdminAuth.SystemAdminPolicy);
        group.MapDelete("/{id:long}", async Task<Results<NoContent, NotFound>> (long id, HttpContext http, ClassifierRuleRepository repo,
            ConsoleConfigRepository config, AuditTrail audit) =>
        {
            var before = await config.GetClassifierRuleAsync(id, http.RequestAborted);
            if (before is null || !await repo.DeleteAsync(id, http.RequestAborted)) return TypedResults.NotFound();
            await audit.RecordAsync(http, "classifier_rule.delete", "classifier_rule", id, before, null);
            return TypedResults.NoContent();
        }).RequireAuthorization(AdminAuth.SystemAdminPolicy);
        group.MapPost("/test", TestAsync);
        return api;
    }

    // Read-only: understands the text without chat context (no linking to earlier orders) and asks the router where it would go.
    private static async Task<Results<Ok<TestResult>, ValidationProblem>> TestAsync(TestRequest body, HttpContext http, AdminScope scope,
        IMessageUnderstanding understanding, Router router, GridRepository grids, ChatGroupRepository chatGroups)
    {
        if (string.IsNullOrWhiteSpace(body.Text) || body.Text.Length > 2000) return ApiProblems.Invalid("text", "请输入 1–2000 字的示例消息");
        var gridId = body.GridId;
        if (gridId is null && !string.IsNullOrWhiteSpace(body.ChatId)) gridId = (await chatGroups.GetByChatIdAsync(body.ChatId.Trim(), http.RequestAborted))?.GridId;
        if (gridId is not null && !await scope.CanSeeAsync(http, gridId)) return ApiProblems.Invalid("gridId", "网格不在您的管辖范围内");

        var u = await understanding.UnderstandAsync(new MessageInput(body.Text), http.RequestAborted);
        var opens = u.Type != Taxonomy.Other; // as ChatMessageHandler: every type but "other" opens an order
        RouteResult? route = opens && !u.IsCommand ? await router.RouteAsync(gridId, u.Category, u.Type, http.RequestAborted) : null;
        var grid = route?.GridId is { } g ? await grids.GetByIdAsync(g, http.RequestAborted) : null;
        return TypedResults.Ok(new TestResult(u.Type, TaxonomyNames.Type(u.Type), u.Category, TaxonomyNames.Category(u.Category), Math.Round(u.Confidence, 3),
            u.Source.ToString().ToLowerInvariant(), u.RuleId, route is not null, u.NeedsConfirmation, grid?.Id, grid?.Name, route?.Rule.Name, route?.Assignee?.Name,
            route is null ? null : HandlingLevel.NameOf(route.HandlingLevel), route?.TriageReason));
    }

    private static ClassifierRuleFields Fields(ClassifierRuleEdit b) =>
        new(b.Pattern ?? "", b.IsRegex ?? false, b.Priority ?? 0, Blank(b.ForceType), Blank(b.ForceCategory), b.IsActive ?? true, Blank(b.Note));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
