namespace GridLine.Handlers.Reminders;

/// <summary>Reminder kinds (stored in <c>reminder.kind</c>).</summary>
public static class ReminderKind
{
    /// <summary>签收提醒 to the assignee at a fraction of the 签收 SLA.</summary>
    public const string SignReminder = "sign_reminder";
    /// <summary>签收时限已到: to the assignee and the grid leader.</summary>
    public const string SignDeadline = "sign_deadline";
    /// <summary>即将到期 to the assignee, a configured working time before the (extended) deadline.</summary>
    public const string DueSoon = "due_soon";
    /// <summary>催办 to the assignee and the grid leader at the (extended) deadline.</summary>
    public const string Overdue = "overdue";
    /// <summary>督办: escalation to the next handling level when overdue by a configured margin.</summary>
    public const string Supervise = "supervise";
    /// <summary>One reminder to the reporter to rate a concluded order.</summary>
    public const string RatingReminder = "rating_reminder";
    /// <summary>Closes a concluded order nobody rated ("no rating", never satisfied).</summary>
    public const string AutoClose = "auto_close";
    /// <summary>Petition: the 15-day acceptance decision is due soon.</summary>
    public const string PetitionAcceptanceSoon = "petition_acceptance_soon";
    /// <summary>Petition: the acceptance deadline has passed without acceptance.</summary>
    public const string PetitionAcceptanceDeadline = "petition_acceptance_deadline";
    /// <summary>Petition: the 60-day (or extended) conclusion deadline is due soon.</summary>
    public const string PetitionConclusionSoon = "petition_conclusion_soon";
    /// <summary>Petition: the conclusion deadline has passed.</summary>
    public const string PetitionConclusionDeadline = "petition_conclusion_deadline";

    public static readonly IReadOnlyList<string> All =
    [
        SignReminder, SignDeadline, DueSoon, Overdue, Supervise, RatingReminder, AutoClose,
        PetitionAcceptanceSoon, PetitionAcceptanceDeadline, PetitionConclusionSoon, PetitionConclusionDeadline,
    ];

    /// <summary>Warnings ahead of a deadline: pointless once their time has passed, so planning skips them then.</summary>
    public static bool IsAdvanceWarning(string kind) =>
        kind is SignReminder or DueSoon or RatingReminder or PetitionAcceptanceSoon or PetitionConclusionSoon;
}
