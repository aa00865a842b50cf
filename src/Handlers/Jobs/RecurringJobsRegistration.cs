using GridLine.Handlers.Digests;
using GridLine.Handlers.Reminders;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Jobs;

/// <summary>
/// Registers GridLine's recurring jobs at startup under stable ids (AddOrUpdate is idempotent, so every instance may do it),
/// in Asia/Shanghai time. Retries in the background until the job storage answers, so a database that is down at startup
/// does not stop the process.
/// </summary>
public sealed class RecurringJobsRegistration(IRecurringJobManager recurring, IOptions<DigestOptions> digests, ILogger<RecurringJobsRegistration> logger)
    : BackgroundService
{
    /// <summary>Registers (or updates) every recurring job.</summary>
    public void Register()
    {
        var options = new RecurringJobOptions { TimeZone = ChinaTime.Zone };
        recurring.AddOrUpdate<ReminderSweepJob>(JobIds.ReminderSweep, JobIds.DefaultQueue, j => j.RunAsync(), Cron.Minutely(), options);
        recurring.AddOrUpdate<DigestJobs>(JobIds.DailyDigest, JobIds.DefaultQueue, j => j.RunDailyAsync(), digests.Value.DailyCron, options);
        recurring.AddOrUpdate<DigestJobs>(JobIds.WeeklyReport, JobIds.DefaultQueue, j => j.RunWeeklyAsync(), digests.Value.WeeklyCron, options);
        recurring.AddOrUpdate<DigestJobs>(JobIds.MonthlyReport, JobIds.DefaultQueue, j => j.RunMonthlyAsync(), digests.Value.MonthlyCron, options);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                Register();
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Recurring jobs not registered yet (attempt {Attempt}): {Reason}", attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken).ContinueWith(_ => { });
            }
        }
    }
}
