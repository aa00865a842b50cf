using GridLine.Storage;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridLine.Handlers.Reminders;

/// <summary>
/// Safety net, a recurring job every minute: reminders due more than <see cref="ReminderOptions.SweepGrace"/> ago and still
/// unfired (job lost, retries exhausted, Hangfire data purged) are enqueued again. A row is re-enqueued at most every ten
/// minutes, so a reminder that keeps failing does not flood the queue.
/// </summary>
public sealed class ReminderSweepJob(NpgsqlDataSource dataSource, IBackgroundJobClient jobs, IOptions<ReminderOptions> options, TimeProvider time,
    ILogger<ReminderSweepJob> logger)
{
    public static readonly TimeSpan Backoff = TimeSpan.FromMinutes(10);

    [AutomaticRetry(Attempts = 0)] // it runs again in a minute anyway
    [DisableConcurrentExecution(60)]
    public async Task RunAsync()
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var ids = await ReminderRepository.ClaimForSweepAsync(connection, tx, now - options.Value.SweepGrace, now - Backoff, 1000);
        foreach (var id in ids)
        {
            var jobId = jobs.Enqueue<ReminderJob>(j => j.RunAsync(id));
            await ReminderRepository.MarkScheduledAsync(connection, tx, id, jobId);
        }
        await tx.CommitAsync();
        if (ids.Count > 0) logger.LogWarning("Reminder sweep re-enqueued {Count} due but unfired reminders", ids.Count);
    }
}
