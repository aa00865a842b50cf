using GridLine.BotGateway.Admin;
using GridLine.Handlers;
using GridLine.Handlers.Metrics;
using GridLine.Handlers.WorkOrders;

using Microsoft.AspNetCore.Http.HttpResults;

namespace GridLine.BotGateway.Api;

/// <summary>Dashboard figures (counts and rates; definitions in docs/metrics.md) for the admin's scope, as JSON or CSV.</summary>
internal static class MetricsApi
{
    public static RouteGroupBuilder MapMetricsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/metrics").WithTags("metrics");
        group.MapGet("/dashboard", async Task<Results<Ok<DashboardSnapshot>, ValidationProblem>> (HttpContext http, AdminScope scope, IWorkOrderFigures figures,
            TimeProvider time, DateOnly? from, DateOnly? to) =>
        {
            var (start, end, problem) = Period(time, from, to);
            if (problem is not null) return problem;
            return TypedResults.Ok(await figures.GetAsync(start, end, await scope.GridIdsAsync(http), http.RequestAborted));
        });
        group.MapGet("/export.csv", async Task<Results<FileContentHttpResult, ValidationProblem>> (HttpContext http, AdminScope scope, IWorkOrderFigures figures,
            TimeProvider time, DateOnly? from, DateOnly? to) =>
        {
            var (start, end, problem) = Period(time, from, to);
            if (problem is not null) return problem;
            var s = await figures.GetAsync(start, end, await scope.GridIdsAsync(http), http.RequestAborted);
            var csv = new CsvWriter("维度", "名称", "受理量", "作废", "合并", "办结量", "按时办结量", "评价数", "满意数", "未评价自动关闭", "信访件", "初信初访化解数", "重复访",
                "办结率", "按时办结率", "满意率", "初信初访化解率", "重复访率");
            void Rows(string dimension, IEnumerable<FigureGroup> groups)
            {
                foreach (var g in groups)
                {
                    var c = g.Counts;
                    csv.Row(dimension, g.Label, c.Received, c.Voided, c.Merged, c.Concluded, c.ConcludedOnTime, c.Rated, c.Satisfied, c.AutoClosedUnrated,
                        c.Petitions, c.PetitionsResolvedFirstTime, c.RepeatReports, g.Rates.ConclusionRate, g.Rates.OnTimeRate, g.Rates.SatisfactionRate,
                        g.Rates.FirstPetitionResolutionRate, g.Rates.RepeatReportRate);
                }
            }
            Rows("合计", [s.Total]);
            Rows("社区", s.ByCommunity);
            Rows("网格", s.ByGrid);
            csv.Row();
            csv.Row("分类", "名称", "受理量");
            foreach (var c in s.ByCategory) csv.Row("分类", TaxonomyNames.Category(c.Category), c.Received);
            csv.Row();
            csv.Row("处理人", "姓名", "在办", "超期");
            foreach (var a in s.ByAssignee) csv.Row("处理人", a.Name, a.Open, a.Overdue);
            csv.Row();
            csv.Row("日期", "受理", "办结");
            foreach (var d in s.Daily) csv.Row(d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.Received, d.Concluded);
            return TypedResults.File(csv.ToUtf8WithBom(), "text/csv; charset=utf-8", "figures.csv");
        });
        return api;
    }

    /// <summary>China-time days [from, to] as a UTC half-open interval; the default is the last 30 days including today.</summary>
    private static (DateTime, DateTime, ValidationProblem?) Period(TimeProvider time, DateOnly? from, DateOnly? to)
    {
        var today = DateOnly.FromDateTime(ChinaTime.ToLocal(time.GetUtcNow()).DateTime);
        var last = to ?? today;
        var first = from ?? last.AddDays(-29);
        if (first > last) return (default, default, ApiProblems.Invalid("to", "结束日期不能早于开始日期"));
        if (last.DayNumber - first.DayNumber > 366) return (default, default, ApiProblems.Invalid("from", "统计区间不能超过 366 天"));
        DateTime Utc(DateOnly d) => TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(TimeOnly.MinValue), ChinaTime.Zone);
        return (Utc(first), Utc(last.AddDays(1)), null);
    }
}
