using System.Text.Json;
using GridLine.Handlers.Messaging;
using GridLine.Handlers.Replies;
using GridLine.Handlers.Time;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridLine.Handlers.Reminders;

/// <summary>What firing a reminder came to.</summary>
public enum ReminderFireOutcome { AlreadyFired, NotDue, Obsolete, Sent }

/// <summary>
/// Fires one reminder, exactly once: in one transaction it locks the row (still unfired), checks that the reminder still
/// belongs to the order's current schedule, writes its outbox rows or state change (督办 escalation, auto-close) and sets
/// <c>fired_at</c> with the guard <c>where fired_at is null</c>. "Now" comes from <see cref="TimeProvider"/>.
/// A reminder whose condition no longer holds is marked fired as <c>obsolete</c> without sending anything.
/// </summary>
public sealed class ReminderFirer(
    NpgsqlDataSource dataSource,
    WorkingCalendarProvider calendars,
    ReminderPlanner planner,
    WorkOrderStateMachine stateMachine,
    ReplyRenderer replies,
    Notifier notifier,
    IOptions<ReminderOptions> options,
    TimeProvider time,
    ILogger<ReminderFirer> logger)
{
    /// <summary>A job may start this much before the due time (clock skew between instances) and still fire.</summary>
    public static readonly TimeSpan EarlyTolerance = TimeSpan.FromSeconds(1);

    public async Task<ReminderFireOutcome> FireAsync(long reminderId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var reminder = await ReminderRepository.LockUnfiredAsync(connection, tx, reminderId, cancellationToken);
        if (reminder is null) return ReminderFireOutcome.AlreadyFired;
        var now = time.GetUtcNow();
        var dueAt = ReminderSchedule.Utc(reminder.DueAt);
        if (now < dueAt - EarlyTolerance) return ReminderFireOutcome.NotDue;

        var order = await ReminderRepository.LockWorkOrderAsync(connection, tx, reminder.WorkOrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Reminder {reminderId}: work order {reminder.WorkOrderId} not found.");
        var calendar = await calendars.GetAsync(cancellationToken);
        var current = ReminderSchedule.Compute(order, calendar, options.Value);
        var stillHolds = current.Contains((reminder.Kind, dueAt));
        // The guard first: a state change below re-plans the order, and re-planning leaves fired rows alone.
        if (!await ReminderRepository.TryMarkFiredAsync(connection, tx, reminderId, stillHolds ? "sent" : "obsolete", now, cancellationToken))
            return ReminderFireOutcome.AlreadyFired; // unreachable while the row lock is held; kept as the guard the design relies on
        var outcome = ReminderFireOutcome.Obsolete;
        if (stillHolds)
        {
            if (await ActAsync(connection, tx, reminder, order, now, cancellationToken)) outcome = ReminderFireOutcome.Sent;
            else await ReminderRepository.SetOutcomeAsync(connection, tx, reminderId, "obsolete", cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        logger.LogInformation("Reminder {Id} ({Kind}) of work order {Order}: {Outcome}", reminderId, reminder.Kind, order.Number, outcome);
        return outcome;
    }

    /// <summary>The reminder row (for rescheduling and tests).</summary>
    public async Task<Reminder?> GetAsync(long reminderId, CancellationToken cancellationToken) =>
        await new ReminderRepository(dataSource).GetByIdAsync(reminderId, cancellationToken);

    // Returns false when there was nobody to tell or nothing to change (then the reminder is recorded as obsolete).
    private async Task<bool> ActAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Reminder reminder, WorkOrder order, DateTimeOffset now, CancellationToken ct)
    {
        var assignee = order.AssigneeMemberId is { } a ? await ReminderRepository.GetMemberAsync(connection, tx, a, ct) : null;
        var values = Values(order, assignee);
        switch (reminder.Kind)
        {
            case ReminderKind.SignReminder:
                return await ToMembersAsync(connection, tx, reminder, [assignee], ReplyCodes.SignReminder, values, ct);
            case ReminderKind.DueSoon:
                return await ToMembersAsync(connection, tx, reminder, [assignee], ReplyCodes.DueSoon, values, ct);
            case ReminderKind.SignDeadline:
                return await ToMembersAsync(connection, tx, reminder, [assignee, .. await LeadersAsync(connection, tx, order, ct)], ReplyCodes.SignOverdue, values, ct);
            case ReminderKind.Overdue:
                return await ToMembersAsync(connection, tx, reminder, [assignee, .. await LeadersAsync(connection, tx, order, ct)], ReplyCodes.Overdue, values, ct);
            case ReminderKind.PetitionAcceptanceSoon or ReminderKind.PetitionConclusionSoon:
                values["clock"] = reminder.Kind == ReminderKind.PetitionAcceptanceSoon ? "受理告知" : "办结";
                values["due"] = ChinaTime.Format(ReminderSchedule.Utc(reminder.DueAt) + options.Value.PetitionReminderBefore);
                return await ToMembersAsync(connection, tx, reminder, [assignee], ReplyCodes.PetitionDeadlineSoon, values, ct);
            case ReminderKind.PetitionAcceptanceDeadline or ReminderKind.PetitionConclusionDeadline:
                values["clock"] = reminder.Kind == ReminderKind.PetitionAcceptanceDeadline ? "受理告知" : "办结";
                values["due"] = ChinaTime.Format(ReminderSchedule.Utc(reminder.DueAt));
                return await ToMembersAsync(connection, tx, reminder, [assignee, .. await LeadersAsync(connection, tx, order, ct)], ReplyCodes.PetitionDeadlinePassed, values, ct);
            case ReminderKind.RatingReminder:
                if (order.ChatId is null || order.ReporterUserid is null) return false;
                var text = await replies.RenderAsync(ReplyCodes.RatingReminder, values, ct);
                await notifier.ToGroupAsync(connection, tx, $"reminder:{reminder.Id}:group", order.ChatId, text, [order.ReporterUserid], cancellationToken: ct);
                return true;
            case ReminderKind.Supervise:
                return await SuperviseAsync(connection, tx, reminder, order, assignee, now, ct);
            case ReminderKind.AutoClose:
                return await AutoCloseAsync(connection, tx, reminder, order, now, ct);
            default:
                throw new InvalidOperationException($"Reminder {reminder.Id}: unknown kind '{reminder.Kind}'.");
        }
    }

    /// <summary>督办: escalate through the state machine to the next level's staff, on the timeline, and tell everyone involved.</summary>
    private async Task<bool> SuperviseAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Reminder reminder, WorkOrder order, Member? previous,
        DateTimeOffset now, CancellationToken ct)
    {
        if (HandlingLevel.Next(order.HandlingLevel) is not { } next) return false;
        var leaders = await LeadersAsync(connection, tx, order, ct);
        var (role, level) = next == HandlingLevel.Community ? ("community", "community") : ("subdistrict", "subdistrict");
        var newAssignee = order.GridId is { } g ? (await ReminderRepository.ListNearestInChainAsync(connection, tx, g, role, level, ct)).FirstOrDefault() : null;
        var margin = options.Value.SuperviseAfterOverdue;
        var decision = stateMachine.Decide(WorkOrderSnapshot.From(order),
            new TransitionRequest(WorkOrderAction.Escalate, ActorRole.System, $"超期督办：办结时限已过{margin.TotalHours:0.#}个工作小时", AssigneeMemberId: newAssignee?.Id), now);
        if (!decision.IsAllowed) return false;
        var change = decision.Change!;
        if (change.Status == WorkOrderStatus.PendingSign && order.SignDueAt is { } sd)
        {
            // The new assignee gets as long to sign as the current 签收 window was, counted from now (not from creation:
            // after an earlier hand-over that would be days).
            var calendar = await calendars.GetAsync(ct);
            var window = calendar.WorkingTimeBetween(ReminderSchedule.SignWindowStart(order), ReminderSchedule.Utc(sd));
            change = change with
            {
                SignDueAt = calendar.AddWorkingTime(now, window > TimeSpan.Zero ? window : TimeSpan.FromHours(2)).UtcDateTime,
                SignWindowStart = now.UtcDateTime,
            };
        }
        var data = JsonSerializer.Serialize(new { reminder_id = reminder.Id, kind = reminder.Kind, to_level = next, assignee_member_id = newAssignee?.Id });
        var updated = await WorkOrderRepository.TryApplyAsync(connection, tx, order.Id, order.Version, change,
            new NewWorkOrderEvent(order.Id, "system", $"reminder:{reminder.Id}", WorkOrderAction.Escalate, order.Status, change.Status,
                "超期督办，升级至" + HandlingLevel.NameOf(next), DataJson: data), ct)
            ?? throw new InvalidOperationException($"Work order {order.Id} changed while it was locked.");
        await planner.PlanAsync(connection, tx, updated, ct);
        var values = Values(updated, newAssignee);
        values["level"] = HandlingLevel.NameOf(next);
        await ToMembersAsync(connection, tx, reminder, [newAssignee, previous, .. leaders], ReplyCodes.Supervise, values, ct);
        return true;
    }

    /// <summary>Auto-close after no rating: the close action by System; satisfaction stays null ("no rating", never satisfied).</summary>
    private async Task<bool> AutoCloseAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Reminder reminder, WorkOrder order, DateTimeOffset now, CancellationToken ct)
    {
        var decision = stateMachine.Decide(WorkOrderSnapshot.From(order), new TransitionRequest(WorkOrderAction.Close, ActorRole.System), now);
        if (!decision.IsAllowed) return false;
        var data = JsonSerializer.Serialize(new { reminder_id = reminder.Id, kind = reminder.Kind, rating = "none" });
        var updated = await WorkOrderRepository.TryApplyAsync(connection, tx, order.Id, order.Version, decision.Change!,
            new NewWorkOrderEvent(order.Id, "system", $"reminder:{reminder.Id}", WorkOrderAction.Close, order.Status, decision.ToStatus,
                "办结后未评价，自动关闭（未评价）", DataJson: data), ct)
            ?? throw new InvalidOperationException($"Work order {order.Id} changed while it was locked.");
        await planner.PlanAsync(connection, tx, updated, ct);
        return true;
    }

    private async Task<bool> ToMembersAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Reminder reminder, IEnumerable<Member?> members,
        string code, Dictionary<string, string?> values, CancellationToken ct)
    {
        var recipients = members.OfType<Member>().Where(m => m.IsActive).DistinctBy(m => m.Userid).ToList();
        if (recipients.Count == 0) return false;
        var text = await replies.RenderAsync(code, values, ct);
        var card = reminder.Kind is ReminderKind.SignReminder or ReminderKind.SignDeadline
            ? new MemberCard("工单" + values["number"], text, $"reminder-{reminder.Id}", [new CardButton("签收", $"sign:{values["number"]}")])
            : null;
        foreach (var member in recipients)
            await Notifier.ToMemberAsync(connection, tx, $"reminder:{reminder.Id}:{member.Userid}", member.Userid, text,
                card is null ? null : card with { TaskId = $"reminder-{reminder.Id}-{member.Id}" }, ct);
        return true;
    }

    private static async Task<IReadOnlyList<Member>> LeadersAsync(NpgsqlConnection connection, NpgsqlTransaction tx, WorkOrder order, CancellationToken ct) =>
        order.GridId is { } g ? await ReminderRepository.ListNearestInChainAsync(connection, tx, g, "grid_leader", null, ct) : [];

    private static Dictionary<string, string?> Values(WorkOrder order, Member? assignee) => new()
    {
        ["number"] = order.Number.ToString(),
        ["category"] = TaxonomyNames.Category(order.Category),
        ["assignee"] = assignee?.Name ?? "待分派",
        ["sign_due"] = order.SignDueAt is { } s ? ChinaTime.Format(ReminderSchedule.Utc(s)) : "",
        ["due"] = ReminderSchedule.EffectiveDue(order) is { } d ? ChinaTime.Format(d) : "",
        ["level"] = HandlingLevel.NameOf(order.HandlingLevel),
    };
}
