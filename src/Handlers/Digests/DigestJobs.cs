using GridLine.Handlers.Jobs;
using GridLine.Handlers.Messaging;
using GridLine.Handlers.Metrics;
using GridLine.Handlers.Replies;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;
using Hangfire;
using Npgsql;

namespace GridLine.Handlers.Digests;

/// <summary>
/// Daily digest to each grid worker and weekly/monthly reports to community and subdistrict staff. Recurring jobs without
/// arguments; each message's idempotency key names the day or period, so a re-run (retry, two instances) sends nothing twice.
/// </summary>
public sealed class DigestJobs(NpgsqlDataSource dataSource, MetricsRepository repository, WorkOrderMetrics metrics, ReplyRenderer replies, TimeProvider time)
{
    private const int ListedOrders = 5;

    /// <summary>Each grid worker: their open orders, those due today, those overdue (Asia/Shanghai day).</summary>
    [Queue(JobIds.DefaultQueue)]
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 900, 1800, 3600])]
    public async Task RunDailyAsync()
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(ChinaTime.ToLocal(now).DateTime);
        var orders = await repository.ListOpenOrdersByAssigneeAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        foreach (var worker in orders.GroupBy(o => o.Userid))
        {
            var dueToday = worker.Count(o => o.DueAt is { } d && DateOnly.FromDateTime(ChinaTime.ToLocal(Utc(d)).DateTime) == today && Utc(d) >= now);
            var overdue = worker.Count(o => o.DueAt is { } d && Utc(d) < now);
            var list = string.Join("", worker.Take(ListedOrders).Select(o =>
                $"\n· {o.Number}（{TaxonomyNames.Category(o.Category)}，{WorkOrderStatus.NameOf(o.Status)}）{(o.DueAt is { } d ? (Utc(d) < now ? "已超期" : "时限 " + ChinaTime.Format(Utc(d))) : "")}"));
            var text = await replies.RenderAsync(ReplyCodes.DailyDigest, new Dictionary<string, string?>
            {
                ["date"] = $"{today.Month}月{today.Day}日", ["open"] = worker.Count().ToString(), ["due_today"] = dueToday.ToString(),
                ["overdue"] = overdue.ToString(), ["list"] = list,
            });
            await Notifier.ToMemberAsync(connection, tx, $"digest:daily:{today:yyyyMMdd}:{worker.Key}", worker.Key, text);
        }
        await tx.CommitAsync();
    }

    /// <summary>周通报: last Monday–Sunday (Asia/Shanghai), per grid, to community and subdistrict staff.</summary>
    [Queue(JobIds.DefaultQueue)]
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 900, 1800, 3600])]
    public Task RunWeeklyAsync()
    {
        var local = ChinaTime.ToLocal(time.GetUtcNow());
        var monday = DateOnly.FromDateTime(local.DateTime).AddDays(-(((int)local.DayOfWeek + 6) % 7));
        var from = monday.AddDays(-7);
        return ReportAsync(ReplyCodes.WeeklyReport, "weekly", from, monday, $"{from.Month}月{from.Day}日—{monday.AddDays(-1).Month}月{monday.AddDays(-1).Day}日");
    }

    /// <summary>Monthly summary: the previous calendar month.</summary>
    [Queue(JobIds.DefaultQueue)]
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 900, 1800, 3600])]
    public Task RunMonthlyAsync()
    {
        var local = ChinaTime.ToLocal(time.GetUtcNow());
        var first = new DateOnly(local.Year, local.Month, 1);
        var from = first.AddMonths(-1);
        return ReportAsync(ReplyCodes.MonthlyReport, "monthly", from, first, $"{from.Year}年{from.Month}月");
    }

    private async Task ReportAsync(string code, string kind, DateOnly from, DateOnly to, string period)
    {
        var figures = await metrics.ForPeriodAsync(Start(from), Start(to));
        var recipients = await repository.ListReportRecipientsAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        foreach (var recipient in recipients)
        {
            var grids = figures.Where(f => recipient.GridIds.Contains(f.Counts.GridId)).ToList();
            var lines = grids.Select(WorkOrderMetrics.FormatLine).Prepend(WorkOrderMetrics.FormatLine(WorkOrderMetrics.Total(grids, "合计")))
                .Append(WorkOrderMetrics.PetitionFootnote);
            var text = await replies.RenderAsync(code, new Dictionary<string, string?> { ["period"] = period, ["lines"] = string.Join("\n", lines) });
            await Notifier.ToMemberAsync(connection, tx, $"report:{kind}:{from:yyyyMMdd}:{recipient.Userid}", recipient.Userid, text);
        }
        await tx.CommitAsync();
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
