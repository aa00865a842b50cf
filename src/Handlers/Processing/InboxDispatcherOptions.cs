using System.ComponentModel.DataAnnotations;

namespace GridLine.Handlers.Processing;

/// <summary>Inbox dispatcher settings, section <c>Inbox</c>.</summary>
public sealed class InboxDispatcherOptions
{
    public const string Section = "Inbox";

    /// <summary>Run the dispatcher in this process (turn off on gateway-only instances).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Concurrent dispatcher loops in this process; each holds at most one partition at a time.</summary>
    [Range(1, 16)] public int Workers { get; set; } = 2;

    /// <summary>Partitions one loop handles at the same time (each on its own connection); handling is round-trip bound.</summary>
    [Range(1, 16)] public int PartitionParallelism { get; set; } = 1;

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

    /// <summary>Wait between polls when there was nothing to do, in milliseconds.</summary>
    [Range(10, 10_000)] public int IdlePollMilliseconds { get; set; } = 250;

    /// <summary>First retry delay after a failure, doubled per attempt, in milliseconds.</summary>
    [Range(10, 600_000)] public int RetryBaseMilliseconds { get; set; } = 1000;
}
