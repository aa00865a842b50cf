using System.ComponentModel.DataAnnotations;

namespace GridLine.Handlers.Reminders;

/// <summary>When reminders, escalation and follow-ups happen, section <c>Reminders</c>.</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>The 签收 reminder fires when this fraction of the 签收 SLA (working time) has passed.</summary>
    [Range(0.05, 0.95)] public double SignReminderFraction { get; set; } = 0.5;

    /// <summary>The due-soon reminder fires this much working time before the 办结 deadline.</summary>
    public TimeSpan DueSoonBefore { get; set; } = TimeSpan.FromHours(2);

    /// <summary>督办 (escalation to the next level) when overdue by this much working time; one working day = 7.5 h with the default hours.</summary>
    public TimeSpan SuperviseAfterOverdue { get; set; } = TimeSpan.FromHours(7.5);

    /// <summary>After 办结, the one rating reminder to the reporter (elapsed time).</summary>
    public TimeSpan RatingReminderAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>After 办结 without a rating, the order is closed as "no rating" (elapsed time).</summary>
    public TimeSpan AutoCloseAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Petition clocks (calendar days): reminders this long before the acceptance and conclusion deadlines.</summary>
    public TimeSpan PetitionReminderBefore { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// Reminders due together that one Hangfire job fires (one transaction each). 1 = a job per reminder. Larger groups
    /// cost fewer jobs in a burst (10,000 due in a minute: docs/benchmarks.md) and add the firing time of the group's
    /// earlier members to the later ones' lateness (a few ms each).
    /// </summary>
    [Range(1, 500)] public int FireBatchSize { get; set; } = 10;

    /// <summary>How often the scheduler looks for due reminders without a Hangfire job, in milliseconds (≤ 1000; adds at most this to the lateness).</summary>
    [Range(50, 1000)] public int SchedulerPollMilliseconds { get; set; } = 250;

    /// <summary>A reminder still unfired this long after its due time is fired by the safety-net sweep.</summary>
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Run the scheduler in this process (it needs a Hangfire client; any number of instances may run it).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>True when every span is usable (ValidateOnStart).</summary>
    public bool IsValid() =>
        DueSoonBefore > TimeSpan.Zero && SuperviseAfterOverdue > TimeSpan.Zero && RatingReminderAfter > TimeSpan.Zero
        && AutoCloseAfter > RatingReminderAfter && PetitionReminderBefore > TimeSpan.Zero
        && SweepGrace > TimeSpan.Zero;
}
