// Dapper's AOT advisor (active in web-SDK projects) asks for Dapper.AOT; plain Dapper is what the repository uses.
#pragma warning disable DAP005
using Dapper;
using GridLine.Handlers.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace GridLine.BotGateway.Tests.Jobs;

/// <summary>Reminders through the real gateway: the scheduler, Hangfire's server on PostgreSQL and the firing job, in process.</summary>
[Trait("Category", "Timing")]
public sealed class ReminderJobLatencyTests(ITestOutputHelper output)
{
    // The suite runs 200 reminders due in the same second; scripts/bench/reminders.sh runs issue 9's 10,000 due within one
    // minute through the same test (GRIDLINE_REMINDER_COUNT=10000 GRIDLINE_REMINDER_SPREAD_SECONDS=60).
    private static readonly int Count = EnvInt("GRIDLINE_REMINDER_COUNT", 200);
    private static readonly int SpreadSeconds = EnvInt("GRIDLINE_REMINDER_SPREAD_SECONDS", 0);

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    [Fact]
    public async Task RunAsync_RemindersDueTogether_EachFiresWithinTheLatenessBound()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Jobs:WorkerCount"] = "16" }); // the production default
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();

        // Orders waiting for 签收, all with their 签收 deadline at the same whole second T a few seconds from now (or, with a
        // spread, at T + 0 … spread-1 s, the same number each second).
        var lead = Count > 1000 ? 15 : 6;
        var dueAt = await connection.ExecuteScalarAsync<DateTime>("select date_trunc('second', now()) + make_interval(secs => @lead)", new { lead });
        var memberId = await connection.ExecuteScalarAsync<long>("""
            with g as (insert into grid (code, name, level) values ('sd-lat', '街道', 'subdistrict') returning id),
                 m as (insert into member (userid, name, role) values ('lat-worker', '网格员', 'grid_worker') returning id),
                 mg as (insert into member_grid (member_id, grid_id) select m.id, g.id from m, g)
            select id from m
            """);
        await connection.ExecuteAsync("""
            with o as (
                insert into work_order (type, category, description, assignee_member_id, status, sign_due_at, due_at, created_at)
                select 'complaint', 'lighting', '延迟测试', @memberId, 'pending_sign', @dueAt + make_interval(secs => i % @spread), @dueAt + interval '3 days', @dueAt - interval '1 hour'
                from generate_series(1, @count) i
                returning id, sign_due_at
            )
            insert into reminder (work_order_id, kind, due_at) select id, 'sign_deadline', sign_due_at from o
            """, new { memberId, dueAt, count = Count, spread = Math.Max(1, SpreadSeconds) });

        var deadline = DateTime.UtcNow.AddSeconds(lead + SpreadSeconds + 40);
        while (DateTime.UtcNow < deadline && await connection.ExecuteScalarAsync<long>("select count(*) from reminder where fired_at is null") > 0)
            await Task.Delay(200);

        var lateness = (await connection.QueryAsync<double>("select extract(epoch from fired_at - due_at)::float8 from reminder where fired_at is not null order by 1")).AsList();
        var scheduled = await connection.QueryFirstAsync<(double, double)>("select extract(epoch from min(scheduled_at) - @dueAt)::float8, extract(epoch from max(scheduled_at) - @dueAt)::float8 from reminder", new { dueAt });
        output.WriteLine($"scheduled between {scheduled.Item1:0.00} and {scheduled.Item2:0.00} s relative to due");
        Assert.Equal(Count, lateness.Count);
        double P(double q) => lateness[Math.Min(lateness.Count - 1, (int)Math.Ceiling(q * lateness.Count) - 1)];
        output.WriteLine($"{Count} reminders due {(SpreadSeconds > 1 ? $"within {SpreadSeconds} s" : "at the same second")}: lateness p50 {P(0.5):0.000} s, p99 {P(0.99):0.000} s, max {lateness[^1]:0.000} s, min {lateness[0]:0.000} s");
        // The target is ≤ 2 s (issue 7), measured by scripts/bench/reminders.sh, which sets the bound to 2. ./test.sh runs
        // this test alone after the rest of the suite (trait Timing), but CI machines vary, so the default bound keeps a
        // margin; it still catches a scheduler that fires late by polling intervals or minutes.
        var bound = double.TryParse(Environment.GetEnvironmentVariable("GRIDLINE_REMINDER_LATENESS_BOUND_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : 3.0;
        Assert.All(lateness, l => Assert.InRange(l, -1.0, bound));
        Assert.Equal(Count, await connection.ExecuteScalarAsync<long>("select count(*) from reminder where outcome = 'sent'"));
        Assert.Equal(Count, await connection.ExecuteScalarAsync<long>("select count(*) from outbox_message where idempotency_key like 'reminder:%'"));

        // The recurring jobs were registered at startup under their stable ids.
        using var storage = host.Services.GetRequiredService<JobStorage>().GetConnection();
        var ids = storage.GetRecurringJobs().Select(j => j.Id).ToHashSet();
        Assert.Superset(ids, new HashSet<string>([JobIds.ReminderSweep, JobIds.DailyDigest, JobIds.WeeklyReport, JobIds.MonthlyReport]));
    }
}
