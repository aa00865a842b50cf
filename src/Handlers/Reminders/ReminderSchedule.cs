using GridLine.Handlers.Time;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;

namespace GridLine.Handlers.Reminders;

/// <summary>
/// The reminders an order should have, from its status and deadlines alone. Pure and independent of "now": the planner
/// stores its result and the firing job asks it again, so a reminder whose condition no longer holds (signed, concluded,
/// deadline moved) is recognised as obsolete by the same rule that created it.
/// </summary>
public static class ReminderSchedule
{
    /// <summary>The type code of petitions (信访代办), whose clocks count calendar days.</summary>
    public const string PetitionType = "petition";

    public static IReadOnlyList<(string Kind, DateTimeOffset DueAt)> Compute(WorkOrder order, WorkingCalendar calendar, ReminderOptions options)
    {
        var result = new List<(string, DateTimeOffset)>();
        var created = Utc(order.CreatedAt);
        var signDue = order.SignDueAt is { } s ? Utc(s) : (DateTimeOffset?)null;
        var due = EffectiveDue(order);
        var petition = order.Type == PetitionType;

        switch (order.Status)
        {
            case WorkOrderStatus.PendingSign when signDue is { } sd && order.AssigneeMemberId is not null:
                if (petition)
                {
                    result.Add((ReminderKind.PetitionAcceptanceSoon, Trunc(sd - options.PetitionReminderBefore)));
                    result.Add((ReminderKind.PetitionAcceptanceDeadline, Trunc(sd)));
                }
                else
                {
                    // The window runs from the hand-over to the current assignee (creation, or the last 重派 / 升级 / 督办).
                    var from = SignWindowStart(order);
                    var window = order.Clock == SlaClock.Calendar ? sd - from : calendar.WorkingTimeBetween(from, sd);
                    if (window > TimeSpan.Zero)
                    {
                        var at = order.Clock == SlaClock.Calendar
                            ? from + window * options.SignReminderFraction
                            : calendar.AddWorkingTime(from, window * options.SignReminderFraction);
                        result.Add((ReminderKind.SignReminder, Trunc(at)));
                    }
                    result.Add((ReminderKind.SignDeadline, Trunc(sd)));
                }
                break;
            case WorkOrderStatus.Concluded when order.ConcludedAt is { } c:
                result.Add((ReminderKind.RatingReminder, Trunc(Utc(c) + options.RatingReminderAfter)));
                result.Add((ReminderKind.AutoClose, Trunc(Utc(c) + options.AutoCloseAfter)));
                break;
        }

        // The 办结 clock runs while somebody has to act (待派单 included: the grid leader hears about an overdue order nobody took).
        if (due is { } d && WorkOrderStatus.Open.Contains(order.Status))
        {
            if (petition)
            {
                result.Add((ReminderKind.PetitionConclusionSoon, Trunc(d - options.PetitionReminderBefore)));
                result.Add((ReminderKind.PetitionConclusionDeadline, Trunc(d)));
            }
            else
            {
                if (order.Status != WorkOrderStatus.PendingDispatch) result.Add((ReminderKind.DueSoon, Trunc(Before(calendar, order, created, d, options.DueSoonBefore))));
                result.Add((ReminderKind.Overdue, Trunc(d)));
            }
            // 督办 needs an order the state machine may escalate (not 待派单) and a level above this one.
            if (order.Status != WorkOrderStatus.PendingDispatch && HandlingLevel.Next(order.HandlingLevel) is not null)
                result.Add((ReminderKind.Supervise, Trunc(order.Clock == SlaClock.Calendar && !petition
                    ? d + options.SuperviseAfterOverdue
                    : calendar.AddWorkingTime(d, options.SuperviseAfterOverdue))));
        }
        return result.Distinct().ToList();
    }

    /// <summary>The 办结 deadline in force: the later of the SLA deadline and an extension (延期).</summary>
    public static DateTimeOffset? EffectiveDue(WorkOrder order)
    {
        var due = order.DueAt is { } d ? Utc(d) : (DateTimeOffset?)null;
        var extended = order.ExtendedUntil is { } e ? Utc(e) : (DateTimeOffset?)null;
        return (due, extended) switch
        {
            ({ } a, { } b) => a > b ? a : b,
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => null,
        };
    }

    // "before" in working time on a working clock: the instant that leaves exactly `before` of working time to the deadline.
    private static DateTimeOffset Before(WorkingCalendar calendar, WorkOrder order, DateTimeOffset created, DateTimeOffset deadline, TimeSpan before)
    {
        if (order.Clock == SlaClock.Calendar) return deadline - before;
        var total = calendar.WorkingTimeBetween(created, deadline);
        return total <= before ? created : calendar.AddWorkingTime(created, total - before);
    }

    /// <summary>Where the current 签收 window started: the last hand-over to a new assignee, else the order's creation.</summary>
    public static DateTimeOffset SignWindowStart(WorkOrder order) => Utc(order.SignWindowStart ?? order.CreatedAt);

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    // PostgreSQL keeps microseconds; truncating keeps the stored due time equal to the computed one, so re-planning is a no-op.
    private static DateTimeOffset Trunc(DateTimeOffset value) => new DateTimeOffset(value.UtcTicks - value.UtcTicks % 10, TimeSpan.Zero);
}
