using GridLine.BotGateway.Admin;
using GridLine.BotGateway.Hosting;
using GridLine.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridLine.BotGateway.Api;

/// <summary>System-wide settings: reply templates and the working calendar's exceptions (system admins edit, every admin reads).</summary>
internal static class SettingsApi
{
    public sealed record TemplateEdit(string? Text, int? Version);
    public sealed record CalendarDayEdit(bool? IsWorkday, string? Name);

    public static RouteGroupBuilder MapSettingsApi(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/reply-templates").WithTags("reply-templates");
        templates.MapGet("/", async (HttpContext http, ReplyTemplateRepository repo) => TypedResults.Ok(await repo.ListAsync(http.RequestAborted)));
        templates.MapPut("/{code}", async Task<Results<Ok<ReplyTemplate>, NotFound, ValidationProblem, ProblemHttpResult>> (string code, TemplateEdit body,
            HttpContext http, ReplyTemplateRepository repo, AuditTrail audit) =>
        {
            var before = (await repo.ListAsync(http.RequestAborted)).FirstOrDefault(t => t.Code == code);
            if (before is null) return TypedResults.NotFound();
            if (string.IsNullOrWhiteSpace(body.Text) || body.Text.Length > 2000) return ApiProblems.Invalid("text", "模板内容不能为空且不超过 2000 字");
            if (ApiProblems.ExpectedVersion(http, body.Version) is not { } version) return ApiProblems.Invalid("version", "请提供 version");
            var after = await repo.UpdateAsync(code, body.Text, version, http.RequestAborted);
            if (after is null) return ApiProblems.Conflict("回复模板");
            await audit.RecordAsync(http, "reply_template.update", "reply_template", code, before, after);
            return TypedResults.Ok(after);
        }).RequireAuthorization(AdminAuth.SystemAdminPolicy);

        var calendar = api.MapGroup("/calendar-days").WithTags("calendar");
        calendar.MapGet("/", async (HttpContext http, CalendarDayRepository repo, int? year) =>
            TypedResults.Ok((await repo.ListAllAsync(http.RequestAborted)).Where(d => year is null || d.Day.Year == year).ToList()));
        calendar.MapPut("/{day}", async Task<Results<Ok<CalendarDay>, ValidationProblem>> (string day, CalendarDayEdit body, HttpContext http,
            CalendarDayRepository repo, AuditTrail audit) =>
        {
            if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", out var date)) return ApiProblems.Invalid("day", "日期格式应为 yyyy-MM-dd");
            if (body.IsWorkday is null) return ApiProblems.Invalid("isWorkday", "请说明这一天是否上班");
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 50) return ApiProblems.Invalid("name", "名称不能为空且不超过 50 字");
            var before = (await repo.ListAllAsync(http.RequestAborted)).FirstOrDefault(d => d.Day == date);
            var after = new CalendarDay(date, body.IsWorkday.Value, body.Name.Trim());
            await repo.UpsertAsync(after, http.RequestAborted);
            await audit.RecordAsync(http, "calendar_day.upsert", "calendar_day", day, before, after);
            return TypedResults.Ok(after);
        }).RequireAuthorization(AdminAuth.SystemAdminPolicy);
        calendar.MapDelete("/{day}", async Task<Results<NoContent, NotFound>> (string day, HttpContext http, CalendarDayRepository repo, AuditTrail audit) =>
        {
            if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", out var date)) return TypedResults.NotFound();
            var before = (await repo.ListAllAsync(http.RequestAborted)).FirstOrDefault(d => d.Day == date);
            if (before is null || !await repo.DeleteAsync(date, http.RequestAborted)) return TypedResults.NotFound();
            await audit.RecordAsync(http, "calendar_day.delete", "calendar_day", day, before, null);
            return TypedResults.NoContent();
        }).RequireAuthorization(AdminAuth.SystemAdminPolicy);
        return api;
    }
}
