using System.ComponentModel.DataAnnotations;

namespace GridLine.BotGateway.Jobs;

/// <summary>Hangfire settings, section <c>Jobs</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run a Hangfire server (job processing) in this process. Enqueueing and the dashboard work either way.</summary>
    public bool ServerEnabled { get; set; } = true;

    /// <summary>Hangfire worker threads in this process. Jobs are I/O bound; 16 keeps a burst of reminders within 2 s (docs/jobs.md).</summary>
    [Range(1, 100)] public int WorkerCount { get; set; } = 16;

    /// <summary>Fallback poll of idle Hangfire workers, in milliseconds; new jobs wake a worker at once (long polling via LISTEN/NOTIFY).</summary>
    [Range(50, 10_000)] public int QueuePollMilliseconds { get; set; } = 5000;

    /// <summary>How long finished jobs are kept before Hangfire deletes them, in hours.</summary>
    [Range(1, 24 * 30)] public int FinishedJobRetentionHours { get; set; } = 24;

    /// <summary>Schema that holds Hangfire's own tables.</summary>
    [Required] public string SchemaName { get; set; } = "hangfire";
}
