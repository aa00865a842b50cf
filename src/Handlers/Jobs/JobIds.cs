namespace GridLine.Handlers.Jobs;

/// <summary>Stable ids of the recurring jobs and the Hangfire queues GridLine uses (see docs/jobs.md).</summary>
public static class JobIds
{
    public const string ReminderSweep = "reminders:sweep";
    public const string DailyDigest = "digest:daily";
    public const string WeeklyReport = "report:weekly";
    public const string MonthlyReport = "report:monthly";

    /// <summary>Queue for reminders: served before the default queue.</summary>
    public const string CriticalQueue = "critical";
    public const string DefaultQueue = "default";
}
