using Dapper;
using GridLine.Handlers.Reminders;
using GridLine.Handlers.WorkOrders;

namespace GridLine.Handlers.Tests.Reminders;

/// <summary>Every reminder and 督办 fires once, at its time, on a fake clock; obsolete ones send nothing.</summary>
public class ReminderFirerTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Cst);

    private static void AssertFired(IReadOnlyList<(GridLine.Storage.Reminder Reminder, ReminderFireOutcome Outcome)> fired, params string[] kinds)
    {
        Assert.Equal(kinds.OrderBy(k => k), fired.Select(f => f.Reminder.Kind).OrderBy(k => k));
        Assert.All(fired, f => Assert.Equal(ReminderFireOutcome.Sent, f.Outcome));
    }

    [Fact]
    public async Task FireAsync_ComplaintNobodyActsOn_EachReminderAndSuperviseOnceAtItsTime()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 2, 12), At(3, 5, 10));

        Assert.Empty(await bed.AdvanceToAsync(At(3, 2, 10, 59)));
        AssertFired(await bed.AdvanceToAsync(At(3, 2, 11)), ReminderKind.SignReminder);
        AssertFired(await bed.AdvanceToAsync(At(3, 2, 12)), ReminderKind.SignDeadline);
        Assert.Empty(await bed.AdvanceToAsync(At(3, 4, 16, 59)));
        AssertFired(await bed.AdvanceToAsync(At(3, 4, 17)), ReminderKind.DueSoon);
        AssertFired(await bed.AdvanceToAsync(At(3, 5, 10)), ReminderKind.Overdue);
        Assert.Empty(await bed.AdvanceToAsync(At(3, 6, 9, 59)));
        AssertFired(await bed.AdvanceToAsync(At(3, 6, 10)), ReminderKind.Supervise);
        // The escalated order has a fresh 签收 window (2 working hours from Friday 10:00) for its new assignee, with its own
        // half-way reminder: the window counts from the hand-over, not from the order's creation.
        Assert.Empty(await bed.AdvanceToAsync(At(3, 6, 10, 59)));
        AssertFired(await bed.AdvanceToAsync(At(3, 6, 11)), ReminderKind.SignReminder);
        AssertFired(await bed.AdvanceToAsync(At(3, 6, 12)), ReminderKind.SignDeadline);
        Assert.Empty(await bed.AdvanceToAsync(At(3, 31, 10)));

        var rows = await bed.Reminders.ListByWorkOrderAsync(order.Id);
        Assert.All(rows, r => Assert.Equal(r.DueAt, r.FiredAt));   // fired at exactly the due instant of the fake clock
        Assert.Single(rows, r => r.Kind == ReminderKind.Supervise); // one 督办 per deadline, not one per level

        var outbox = await bed.OutboxAsync();
        Assert.Equal(["wangwei"], outbox.Where(m => m.Key.StartsWith($"reminder:{rows.First(r => r.Kind == ReminderKind.SignReminder).Id}:")).Select(m => m.Target));
        var overdue = rows.Single(r => r.Kind == ReminderKind.Overdue);
        Assert.Equal(["lijun", "wangwei"], outbox.Where(m => m.Key.StartsWith($"reminder:{overdue.Id}:")).Select(m => m.Target).Order());
        Assert.Contains("催办", outbox.First(m => m.Key.StartsWith($"reminder:{overdue.Id}:")).Text);

        var escalated = (await bed.Orders.GetByIdAsync(order.Id))!;
        Assert.Equal(HandlingLevel.Community, escalated.HandlingLevel);
        Assert.Equal(WorkOrderStatus.PendingSign, escalated.Status);
        var supervise = rows.Single(r => r.Kind == ReminderKind.Supervise);
        Assert.Equal(["lijun", "wangwei", "zhaomin"], outbox.Where(m => m.Key.StartsWith($"reminder:{supervise.Id}:")).Select(m => m.Target).Order());
        var timeline = Assert.Single(await bed.Orders.ListEventsAsync(order.Id), e => e.Action == WorkOrderAction.Escalate);
        Assert.Equal("system", timeline.ActorKind);
        Assert.Contains("督办", timeline.Note);
    }

    [Fact]
    public async Task FireAsync_SignedButNotReplanned_ObsoleteAndNothingSent()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 2, 12), At(3, 5, 10));
        await using (var c = await bed.DataSource.OpenConnectionAsync())
            await c.ExecuteAsync("update work_order set status = 'signed', signed_at = now() where id = @id", new { id = order.Id });

        var fired = await bed.AdvanceToAsync(At(3, 2, 12));

        Assert.Equal(2, fired.Count);
        Assert.All(fired, f => Assert.Equal(ReminderFireOutcome.Obsolete, f.Outcome));
        Assert.Empty(await bed.OutboxAsync());
        Assert.All((await bed.Reminders.ListByWorkOrderAsync(order.Id)).Where(r => r.FiredAt is not null), r => Assert.Equal("obsolete", r.Outcome));
    }

    [Fact]
    public async Task FireAsync_DeadlineMovedWithoutReplan_OldOverdueObsolete()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 2, 12), At(3, 5, 10));
        await bed.ApplyAsync(order.Id, new TransitionRequest(WorkOrderAction.Sign, ActorRole.Handler));
        await using (var c = await bed.DataSource.OpenConnectionAsync())
            await c.ExecuteAsync("update work_order set extended_until = @until where id = @id", new { id = order.Id, until = At(3, 10, 18).UtcDateTime });

        var fired = await bed.AdvanceToAsync(At(3, 5, 10));

        Assert.Equal([ReminderKind.DueSoon, ReminderKind.Overdue], fired.Select(f => f.Reminder.Kind).Order());
        Assert.All(fired, f => Assert.Equal(ReminderFireOutcome.Obsolete, f.Outcome));
        Assert.Empty(await bed.OutboxAsync());
    }

    [Fact]
    public async Task FireAsync_SameReminderEightTimesAtOnce_ActsExactlyOnce()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 2, 12), At(3, 5, 10));
        var overdue = (await bed.Reminders.ListByWorkOrderAsync(order.Id)).Single(r => r.Kind == ReminderKind.Overdue);
        bed.Time.SetUtcNow(At(3, 5, 10));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => bed.Firer.FireAsync(overdue.Id, CancellationToken.None))));

        Assert.Single(outcomes, o => o == ReminderFireOutcome.Sent);
        Assert.Equal(7, outcomes.Count(o => o == ReminderFireOutcome.AlreadyFired));
        Assert.Equal(2, (await bed.OutboxAsync()).Count);
    }

    [Fact]
    public async Task FireAsync_BeforeItsTime_NotDueAndStillUnfired()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 2, 12), At(3, 5, 10));
        var reminder = (await bed.Reminders.ListByWorkOrderAsync(order.Id)).Single(r => r.Kind == ReminderKind.SignReminder);
        bed.Time.SetUtcNow(At(3, 2, 10, 58));

        Assert.Equal(ReminderFireOutcome.NotDue, await bed.Firer.FireAsync(reminder.Id, CancellationToken.None));
        Assert.Null((await bed.Reminders.GetByIdAsync(reminder.Id))!.FiredAt);
    }

    [Fact]
    public async Task FireAsync_ConcludedNeverRated_OneRatingReminderThenAutoCloseWithoutSatisfaction()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 2, 12), At(3, 5, 10));
        bed.Time.SetUtcNow(At(3, 2, 10, 30));
        await bed.ApplyAsync(order.Id, new TransitionRequest(WorkOrderAction.Sign, ActorRole.Handler));
        bed.Time.SetUtcNow(At(3, 3, 15));
        await bed.ApplyAsync(order.Id, new TransitionRequest(WorkOrderAction.Conclude, ActorRole.Handler, "已更换灯泡"));

        AssertFired(await bed.AdvanceToAsync(At(3, 4, 15)), ReminderKind.RatingReminder);
        Assert.Empty(await bed.AdvanceToAsync(At(3, 6, 14, 59)));
        AssertFired(await bed.AdvanceToAsync(At(3, 6, 15)), ReminderKind.AutoClose);
        Assert.Empty(await bed.AdvanceToAsync(At(4, 30, 15)));

        var closed = (await bed.Orders.GetByIdAsync(order.Id))!;
        Assert.Equal(WorkOrderStatus.Closed, closed.Status);
        Assert.Null(closed.Satisfaction); // "no rating", never satisfied
        var close = Assert.Single(await bed.Orders.ListEventsAsync(order.Id), e => e.Action == WorkOrderAction.Close);
        Assert.Equal("system", close.ActorKind);
        var group = Assert.Single(await bed.OutboxAsync());
        Assert.Equal("wrGridEast001", group.Target);
        Assert.Contains("评价", group.Text);
    }

    [Fact]
    public async Task FireAsync_RatedBeforeReminder_RatingReminderAndAutoCloseObsoleteOrRemoved()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 2, 12), At(3, 5, 10));
        bed.Time.SetUtcNow(At(3, 2, 10, 30));
        await bed.ApplyAsync(order.Id, new TransitionRequest(WorkOrderAction.Sign, ActorRole.Handler));
        await bed.ApplyAsync(order.Id, new TransitionRequest(WorkOrderAction.Conclude, ActorRole.Handler, "已更换灯泡"));
        await bed.ApplyAsync(order.Id, new TransitionRequest(WorkOrderAction.Rate, ActorRole.Reporter, Rating: "满意"));

        Assert.Empty(await bed.AdvanceToAsync(At(3, 31, 10)));
        Assert.Empty(await bed.OutboxAsync());
        Assert.Equal(WorkOrderStatus.Rated, (await bed.Orders.GetByIdAsync(order.Id))!.Status);
    }

    [Fact]
    public async Task FireAsync_PetitionNobodyActsOn_RemindersBeforeAndAtAcceptanceAndConclusion()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 17, 10), At(5, 1, 10), type: "petition", clock: "calendar");

        AssertFired(await bed.AdvanceToAsync(At(3, 14, 10)), ReminderKind.PetitionAcceptanceSoon);
        AssertFired(await bed.AdvanceToAsync(At(3, 17, 10)), ReminderKind.PetitionAcceptanceDeadline);
        AssertFired(await bed.AdvanceToAsync(At(4, 28, 10)), ReminderKind.PetitionConclusionSoon);
        AssertFired(await bed.AdvanceToAsync(At(5, 1, 10)), ReminderKind.PetitionConclusionDeadline);

        var texts = (await bed.OutboxAsync()).Select(m => m.Text).ToList();
        Assert.Contains(texts, t => t.Contains("受理告知") && t.Contains("3月17日 10:00") && t.Contains("即将到期"));
        Assert.Contains(texts, t => t.Contains("办结") && t.Contains("5月1日 10:00") && t.Contains("已到期"));
        Assert.Equal(order.Id, (await bed.Reminders.ListByWorkOrderAsync(order.Id)).First().WorkOrderId);
    }
}
