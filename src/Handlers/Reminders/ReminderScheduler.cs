using GridLine.Storage;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridLine.Handlers.Reminders;

/// <summary>
/// Turns reminder rows into delayed Hangfire jobs at their due time. Polls at most every second for rows due within
/// <see cref="ReminderOptions.ScheduleAhead"/> that have no job yet, claims them with <c>FOR UPDATE SKIP LOCKED</c> (any number
/// of instances may run this) and creates the job before committing the claim: a crash in between leaves the row unscheduled,
/// so it is scheduled again and fires once anyway (the firing guard), never not at all.
/// </summary>
public sealed class ReminderScheduler(NpgsqlDataSource dataSource, ReminderRepository reminders, IBackgroundJobClient jobs,
    IOptions<ReminderOptions> options, TimeProvider time, ILogger<ReminderScheduler> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SchedulerEnabled) return;
        var idle = TimeSpan.FromMilliseconds(options.Value.SchedulerPollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) < BatchSize) await Task.Delay(idle, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Reminder scheduling round failed: {Reason}", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { });
            }
        }
    }

    /// <summary>Schedules one batch; returns the number of reminders given a job.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var horizon = time.GetUtcNow() + options.Value.ScheduleAhead;
        if (!await reminders.HasUnscheduledAsync(horizon, cancellationToken)) return 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var batch = await ReminderRepository.ClaimUnscheduledAsync(connection, tx, horizon, BatchSize, cancellationToken);
        foreach (var reminder in batch)
        {
            var dueAt = ReminderSchedule.Utc(reminder.DueAt);
            var id = reminder.Id;
            // Already due: straight onto the queue (skips a scheduler poll); otherwise a delayed job at the due time.
            IState state = dueAt <= time.GetUtcNow() ? new EnqueuedState() : new ScheduledState(dueAt.UtcDateTime);
            var jobId = jobs.Create<ReminderJob>(j => j.RunAsync(id), state);
            await ReminderRepository.MarkScheduledAsync(connection, tx, id, jobId, cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return batch.Count;
    }
}
