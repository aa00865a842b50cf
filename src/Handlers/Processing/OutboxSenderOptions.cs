using System.ComponentModel.DataAnnotations;

namespace GridLine.Handlers.Processing;

/// <summary>Outbox sender settings, section <c>Outbox</c>.</summary>
public sealed class OutboxSenderOptions
{
    public const string Section = "Outbox";

    /// <summary>Run the sender in this process.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Rows claimed per round.</summary>
    [Range(1, 1000)] public int BatchSize { get; set; } = 50;

    /// <summary>Parallel sends per round (rows of one rate key are always sent one after another, in order).</summary>
    [Range(1, 64)] public int Parallelism { get; set; } = 8;

    /// <summary>How long a claimed row is reserved; a sender that crashes loses the lease and another takes over.</summary>
    [Range(5, 600)] public int LeaseSeconds { get; set; } = 60;

    /// <summary>Wait between polls when idle, in milliseconds.</summary>
    [Range(10, 10_000)] public int IdlePollMilliseconds { get; set; } = 250;

    /// <summary>Wait between polls of the member-message lane when idle, in milliseconds (its rows are rate-paced anyway).</summary>
    [Range(10, 10_000)] public int MemberIdlePollMilliseconds { get; set; } = 1000;

    /// <summary>Delays before retry N (seconds): fast first, then slower. The last value repeats until MaxAttempts.</summary>
    public int[] RetryDelaysSeconds { get; set; } = [2, 5, 15, 30, 60, 120, 300, 600, 900, 1800];

    /// <summary>Attempts before a message is marked failed (default spans about an hour of outage).</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 12;

    /// <summary>Group robot limit: WeCom allows 20 messages per minute per robot.</summary>
    [Range(1, 1000)] public int GroupRobotPerMinute { get; set; } = 20;

    /// <summary>The window GroupRobotPerMinute counts over, in seconds (WeCom: 60; tests scale it down together with the sandbox).</summary>
    [Range(1, 3600)] public int GroupRobotWindowSeconds { get; set; } = 60;

    /// <summary>Per-member limit for app messages: WeCom allows 30 per minute (excess silently dropped by WeCom).</summary>
    [Range(1, 1000)] public int MemberPerMinute { get; set; } = 30;

    /// <summary>
    /// How often a sender loop also looks for expired leases (rows a crashed sender left 'sending'), in seconds; every
    /// round looks for due pending rows. 0 = every round. A crashed sender's rows wait for their lease anyway.
    /// </summary>
    [Range(0, 600)] public int ExpiredLeaseCheckSeconds { get; set; } = 5;
}
