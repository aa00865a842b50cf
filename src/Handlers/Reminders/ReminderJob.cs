using GridLine.Handlers.Jobs;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace GridLine.Handlers.Reminders;

/// <summary>
/// The Hangfire job that fires one reminder (or a few due together). Takes reminder ids only; safe to run any number of times (the row's
/// <c>fired_at</c> guard makes the first successful run the only one that acts). Retries are few and fast: a status
/// message must not wait hours, and the safety-net sweep picks up anything the retries did not.
/// </summary>
public sealed class ReminderJob(ReminderFirer firer, IBackgroundJobClient jobs, TimeProvider time, ILogger<ReminderJob> logger)
{
    [Queue(JobIds.CriticalQueue)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [1, 5, 15], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(long reminderId)
    {
        await FireOneAsync(reminderId);
    }

    /// <summary>
    /// Fires several reminders due at about the same instant, one transaction each (the scheduler groups them so that a
    /// burst of thousands costs a few hundred Hangfire jobs, not thousands). A reminder that fails does not stop the
    /// others; the job then fails and is retried, and the ones already fired are skipped by their guard.
    /// </summary>
    [Queue(JobIds.CriticalQueue)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [1, 5, 15], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunManyAsync(long[] reminderIds)
    {
        List<Exception>? errors = null;
        foreach (var id in reminderIds)
        {
            try { await FireOneAsync(id); }
            catch (Exception ex) { (errors ??= []).Add(ex); logger.LogWarning("Reminder {Id} failed to fire: {Reason}", id, ex.Message); }
        }
        if (errors is not null) throw new AggregateException($"{errors.Count} of {reminderIds.Length} reminders failed to fire", errors);
    }

    private async Task FireOneAsync(long reminderId)
    {
        var outcome = await firer.FireAsync(reminderId, CancellationToken.None);
        if (outcome == ReminderFireOutcome.NotDue)
        {
            // Started early (clock skew between instances): run again at the due time rather than fire early.
            var reminder = await firer.GetAsync(reminderId, CancellationToken.None);
            if (reminder is not null)
            {
                var delay = ReminderSchedule.Utc(reminder.DueAt) - time.GetUtcNow();
                jobs.Schedule<ReminderJob>(j => j.RunAsync(reminderId), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
                logger.LogInformation("Reminder {Id} ran {Early} early; rescheduled", reminderId, delay);
            }
        }
    }
}
