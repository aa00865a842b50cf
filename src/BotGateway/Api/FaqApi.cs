using GridLine.BotGateway.Admin;
using GridLine.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridLine.BotGateway.Api;

/// <summary>FAQ entries (常见问题, issue 6's faq_entry): list within scope and add. Editing and retiring entries are left for later.</summary>
internal static class FaqApi
{
    public sealed record FaqCreate(string? Question, string? Answer, string[]? Keywords, string[]? Synonyms, long? GridId);
    public sealed record FaqView(long Id, string Question, string Answer, string[] Keywords, string[] Synonyms, long? GridId, bool IsActive,
        int AnsweredCount, int NotHelpfulCount, int Version);

    public static RouteGroupBuilder MapFaqApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/faq-entries").WithTags("faq");
        group.MapGet("/", async Task<Ok<List<FaqView>>> (HttpContext http, AdminScope scope, FaqRepository repo) =>
        {
            var ids = await scope.GridIdsAsync(http);
            return TypedResults.Ok((await repo.ListAsync(http.RequestAborted))
                .Where(e => ids is null || e.GridId is null || ids.Contains(e.GridId.Value)).Select(View).ToList());
        });
        group.MapPost("/", async Task<Results<Created<FaqView>, ValidationProblem>> (FaqCreate body, HttpContext http, AdminScope scope,
            NpgsqlDataSource dataSource, FaqRepository repo, AuditTrail audit) =>
        {
            if (string.IsNullOrWhiteSpace(body.Question) || body.Question.Length > 200) return ApiProblems.Invalid("question", "问题不能为空且不超过 200 字");
            if (string.IsNullOrWhiteSpace(body.Answer) || body.Answer.Length > 2000) return ApiProblems.Invalid("answer", "答案不能为空且不超过 2000 字");
            var keywords = (body.Keywords ?? []).Select(k => k.Trim()).Where(k => k.Length > 0).ToArray();
            if (keywords.Length == 0) return ApiProblems.Invalid("keywords", "至少填写一个关键词");
            // Scoped admins add entries for their own grids; an entry for every grid is a system admin's.
            if (body.GridId is null ? await scope.GridIdsAsync(http) is not null : !await scope.CanSeeAsync(http, body.GridId))
                return ApiProblems.Invalid("gridId", "请选择您管辖范围内的网格");
            await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
            var entry = await FaqRepository.InsertAsync(connection, null, body.Question.Trim(), body.Answer.Trim(), keywords,
                (body.Synonyms ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray(), body.GridId, null, http.RequestAborted);
            repo.Changed();
            await audit.RecordAsync(http, "faq_entry.create", "faq_entry", entry.Id, null, View(entry));
            return TypedResults.Created($"/api/faq-entries/{entry.Id}", View(entry));
        });
        return api;
    }

    private static FaqView View(FaqEntry e) => new(e.Id, e.Question, e.Answer, e.Keywords, e.Synonyms, e.GridId, e.IsActive, e.AnsweredCount, e.NotHelpfulCount, e.Version);
}
