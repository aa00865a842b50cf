using GridLine.BotGateway.Admin;
using GridLine.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridLine.BotGateway.Api;

/// <summary>
/// FAQ entries (常见问题, issue 6's faq_entry): list within scope, add, edit and retire/restore (<c>isActive</c>). Entries for
/// every grid are a system admin's; scoped admins add and edit entries of grids in their subtree.
/// </summary>
internal static class FaqApi
{
    public sealed record FaqCreate(string? Question, string? Answer, string[]? Keywords, string[]? Synonyms, long? GridId);
    /// <summary>A full replacement of the editable fields: an omitted <c>validUntil</c> means no end, an omitted <c>isActive</c> means active.</summary>
    public sealed record FaqEdit(string? Question, string? Answer, string[]? Keywords, string[]? Synonyms, long? GridId, DateTimeOffset? ValidUntil,
        bool? IsActive, int? Version);
    public sealed record FaqView(long Id, string Question, string Answer, string[] Keywords, string[] Synonyms, long? GridId, DateTime? ValidUntil,
        bool IsExample, bool IsActive, int AnsweredCount, int NotHelpfulCount, int Version);

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
            if (await ValidateAsync(body.Question, body.Answer, body.Keywords, body.GridId, http, scope) is { } problem) return problem;
            await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
            var entry = await FaqRepository.InsertAsync(connection, null, body.Question!.Trim(), body.Answer!.Trim(), Words(body.Keywords),
                Words(body.Synonyms), body.GridId, null, http.RequestAborted);
            repo.Changed();
            await audit.RecordAsync(http, "faq_entry.create", "faq_entry", entry.Id, null, View(entry));
            return TypedResults.Created($"/api/faq-entries/{entry.Id}", View(entry));
        });
        group.MapPut("/{id:long}", async Task<Results<Ok<FaqView>, NotFound, ValidationProblem, ProblemHttpResult>> (long id, FaqEdit body, HttpContext http,
            AdminScope scope, FaqRepository repo, AuditTrail audit) =>
        {
            // Entries for every grid (the shipped examples among them) are listed to scoped admins but edited by system admins only.
            var before = await repo.GetByIdAsync(id, http.RequestAborted);
            if (before is null || !await scope.CanSeeAsync(http, before.GridId)) return TypedResults.NotFound();
            if (await ValidateAsync(body.Question, body.Answer, body.Keywords, body.GridId, http, scope) is { } problem) return problem;
            if (ApiProblems.ExpectedVersion(http, body.Version) is not { } version) return ApiProblems.Invalid("version", "请提供 version");
            var after = await repo.UpdateAsync(id, version, body.Question!.Trim(), body.Answer!.Trim(), Words(body.Keywords), Words(body.Synonyms),
                body.GridId, body.ValidUntil?.UtcDateTime, body.IsActive ?? true, http.RequestAborted);
            if (after is null) return ApiProblems.Conflict("常见问题");
            await audit.RecordAsync(http, "faq_entry.update", "faq_entry", id, View(before), View(after));
            return TypedResults.Ok(View(after));
        });
        return api;
    }

    /// <summary>The rules for a new and an edited entry alike; a null grid (every grid) is a system admin's.</summary>
    private static async Task<ValidationProblem?> ValidateAsync(string? question, string? answer, string[]? keywords, long? gridId, HttpContext http, AdminScope scope)
    {
        if (string.IsNullOrWhiteSpace(question) || question.Length > 200) return ApiProblems.Invalid("question", "问题不能为空且不超过 200 字");
        if (string.IsNullOrWhiteSpace(answer) || answer.Length > 2000) return ApiProblems.Invalid("answer", "答案不能为空且不超过 2000 字");
        if (Words(keywords).Length == 0) return ApiProblems.Invalid("keywords", "至少填写一个关键词");
        if (!await scope.CanSeeAsync(http, gridId)) return ApiProblems.Invalid("gridId", "请选择您管辖范围内的网格");
        return null;
    }

    private static string[] Words(string[]? words) => (words ?? []).Where(w => w is not null).Select(w => w.Trim()).Where(w => w.Length > 0).ToArray();

    private static FaqView View(FaqEntry e) => new(e.Id, e.Question, e.Answer, e.Keywords, e.Synonyms, e.GridId, e.ValidUntil, e.IsExample, e.IsActive,
        e.AnsweredCount, e.NotHelpfulCount, e.Version);
}
