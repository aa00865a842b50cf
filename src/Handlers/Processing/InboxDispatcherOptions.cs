using System.ComponentModel.DataAnnotations;

namespace GridLine.Handlers.Processing;

/// <summary>Inbox dispatcher settings, section <c>Inbox</c>.</summary>
public sealed class InboxDispatcherOptions
{
    public const string Section = "Inbox";

    /// <summary>Run the dispatcher in this process (turn off on gateway-only instances).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Concurrent dispatcher loops in this process; each round a loop locks its share of the partitions with due rows.</summary>
    [Range(1, 16)] public int Workers { get; set; } = 2;

    /// <summary>Rows claimed per partition per round.</summary>
    [Range(1, 1000)] public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Rows handled in one transaction (one commit) at most, never two of the same chat; 1 = a transaction per row.
    /// If any row of such a group fails, the group is rolled back and its rows are handled again one per transaction,
    /// so a failing row never takes another row's effects with it.
    /// </summary>
    [Range(1, 1000)] public int TransactionBatchSize { get; set; } = 32;

    /// <summary>Attempts before a row is moved to quarantine.</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Wait after a round that handled some rows but fewer than <see cref="TransactionBatchSize"/>, in milliseconds, so
    /// that the next round shares its statements and commit among more rows (0 = go straight on). Adds at most this much latency.
    /// </summary>
    [Range(0, 1000)] public int GatherMilliseconds { get; set; } = 20;

    /// <summary>Wait between polls when there was nothing to do, in milliseconds.</summary>
    [Range(10, 10_000)] public int IdlePollMilliseconds { get; set; } = 250;

    /// <summary>First retry delay after a failure, doubled per attempt, in milliseconds.</summary>
    [Range(10, 600_000)] public int RetryBaseMilliseconds { get; set; } = 1000;
}
