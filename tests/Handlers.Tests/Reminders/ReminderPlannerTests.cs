using GridLine.Handlers.Reminders;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;

namespace GridLine.Handlers.Tests.Reminders;

/// <summary>Which reminders an order gets, at which instants, from its status and deadlines (working calendar with the national table).</summary>
public class ReminderPlannerTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0, int year = 2026) => new(year, month, day, hour, minute, 0, Cst);

    private static async Task<Dictionary<string, DateTimeOffset>> PlannedAsync(ReminderTestBed bed, long orderId) =>
        (await bed.Reminders.ListByWorkOrderAsync(orderId)).Where(r => r.FiredAt is null)
            .ToDictionary(r => r.Kind, r => new DateTimeOffset(DateTime.SpecifyKind(r.DueAt, DateTimeKind.Utc)).ToOffset(Cst));

    [Fact]
    public async Task PlanAsync_NewComplaintMondayMorning_SignDueSoonOverdueAndSuperviseInWorkingTime()
    {
        // Monday 3/2 10:00: 签收 in 2 working hours, 办结 in 3 working days (the default rule).
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 2, 12), At(3, 5, 10));

        var planned = await PlannedAsync(bed, order.Id);

        Assert.Equal(At(3, 2, 11), planned[ReminderKind.SignReminder]);      // half of the 签收 SLA
        Assert.Equal(At(3, 2, 12), planned[ReminderKind.SignDeadline]);
        Assert.Equal(At(3, 4, 17), planned[ReminderKind.DueSoon]);           // 2 working hours before Thursday 10:00: Wed 17:00
        Assert.Equal(At(3, 5, 10), planned[ReminderKind.Overdue]);
        Assert.Equal(At(3, 6, 10), planned[ReminderKind.Supervise]);         // one working day (7.5 h) later
        Assert.Equal(5, planned.Count);
    }

    [Fact]
    public async Task PlanAsync_SignWindowOverLunchAndWeekend_ReminderAtHalfTheWorkingTime()
    {
        // Friday 17:00, 签收 within 2 working hours → Monday 10:00; half of it is Friday 18:00 (end of the working day).
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 6, 17));
        var order = await bed.OpenAsync(At(3, 9, 10), At(3, 11, 17));

        var planned = await PlannedAsync(bed, order.Id);

        Assert.Equal(At(3, 6, 18), planned[ReminderKind.SignReminder]);
        Assert.Equal(At(3, 11, 15), planned[ReminderKind.DueSoon]);
        Assert.Equal(At(3, 12, 17), planned[ReminderKind.Supervise]);        // Wed 17:00 + 7.5 working hours, over the night and lunch
    }

    [Fact]
    public async Task PlanAsync_DeadlineOnNationalDayMakeUpSaturday_DueSoonFridayAndSuperviseAfterTheSunday()
    {
        // Wednesday 9/30 10:00 + 3 working days: 10/1-10/7 off, 10/8, 10/9, then the 10/10 make-up Saturday at 10:00.
        await using var bed = await ReminderTestBed.CreateAsync(At(9, 30, 10));
        var order = await bed.OpenAsync(At(9, 30, 12), At(10, 10, 10));

        var planned = await PlannedAsync(bed, order.Id);

        Assert.Equal(At(10, 9, 17), planned[ReminderKind.DueSoon]);
        Assert.Equal(At(10, 10, 10), planned[ReminderKind.Overdue]);
        Assert.Equal(At(10, 12, 10), planned[ReminderKind.Supervise]);       // 10/11 is a Sunday
    }

    [Fact]
    public async Task PlanAsync_CalledAgain_ChangesNothing()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 2, 12), At(3, 5, 10));
        var before = await bed.Reminders.ListByWorkOrderAsync(order.Id);

        await bed.PlanAsync(order);
        await bed.PlanAsync(order);

        Assert.Equal(before, await bed.Reminders.ListByWorkOrderAsync(order.Id));
    }

    [Fact]
    public async Task PlanAsync_AfterSign_SignRemindersGoneDueRemindersKept()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 2, 12), At(3, 5, 10));
        var dueSoonId = (await bed.Reminders.ListByWorkOrderAsync(order.Id)).Single(r => r.Kind == ReminderKind.DueSoon).Id;

        bed.Time.SetUtcNow(At(3, 2, 10, 30));
        await bed.ApplyAsync(order.Id, new TransitionRequest(WorkOrderAction.Sign, ActorRole.Handler));

        var rows = await bed.Reminders.ListByWorkOrderAsync(order.Id);
        Assert.DoesNotContain(rows, r => r.Kind is ReminderKind.SignReminder or ReminderKind.SignDeadline);
        Assert.Equal(dueSoonId, rows.Single(r => r.Kind == ReminderKind.DueSoon).Id); // kept, not re-created
    }

    [Fact]
    public async Task PlanAsync_Extended_DueRemindersMoveToTheNewDeadline()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 2, 12), At(3, 5, 10));
        await bed.ApplyAsync(order.Id, new TransitionRequest(WorkOrderAction.Sign, ActorRole.Handler));

        await bed.ApplyAsync(order.Id, new TransitionRequest(WorkOrderAction.Extend, ActorRole.Handler, "等待配件", ExtendUntil: At(3, 10, 18)));

        var planned = await PlannedAsync(bed, order.Id);
        Assert.Equal(At(3, 10, 16), planned[ReminderKind.DueSoon]);
        Assert.Equal(At(3, 10, 18), planned[ReminderKind.Overdue]);
        Assert.Equal(At(3, 11, 18), planned[ReminderKind.Supervise]);
    }

    [Fact]
    public async Task PlanAsync_Concluded_OneRatingReminderAndAutoClose()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 2, 12), At(3, 5, 10));
        await bed.ApplyAsync(order.Id, new TransitionRequest(WorkOrderAction.Sign, ActorRole.Handler));
        bed.Time.SetUtcNow(At(3, 3, 15));

        await bed.ApplyAsync(order.Id, new TransitionRequest(WorkOrderAction.Conclude, ActorRole.Handler, "已更换灯泡"));

        var planned = await PlannedAsync(bed, order.Id);
        Assert.Equal(2, planned.Count);
        Assert.Equal(At(3, 4, 15), planned[ReminderKind.RatingReminder]);
        Assert.Equal(At(3, 6, 15), planned[ReminderKind.AutoClose]);
    }

    [Fact]
    public async Task PlanAsync_Petition_CalendarClocksWithRemindersBeforeEach()
    {
        // 信访工作条例: acceptance decided and told within 15 days, concluded within 60 days (calendar days).
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 17, 10), At(5, 1, 10), type: "petition", clock: "calendar");

        var planned = await PlannedAsync(bed, order.Id);

        Assert.Equal(At(3, 14, 10), planned[ReminderKind.PetitionAcceptanceSoon]);
        Assert.Equal(At(3, 17, 10), planned[ReminderKind.PetitionAcceptanceDeadline]);
        Assert.Equal(At(4, 28, 10), planned[ReminderKind.PetitionConclusionSoon]);
        Assert.Equal(At(5, 1, 10), planned[ReminderKind.PetitionConclusionDeadline]);
        Assert.False(planned.ContainsKey(ReminderKind.SignReminder));
    }

    [Fact]
    public async Task PlanAsync_PetitionExtended_ConclusionClockMoves()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 17, 10), At(5, 1, 10), type: "petition", clock: "calendar");
        await bed.ApplyAsync(order.Id, new TransitionRequest(WorkOrderAction.Sign, ActorRole.Handler));

        await bed.ApplyAsync(order.Id, new TransitionRequest(WorkOrderAction.Extend, ActorRole.Handler, "需协调部门", ExtendUntil: At(5, 31, 10)));

        var planned = await PlannedAsync(bed, order.Id);
        Assert.Equal(At(5, 28, 10), planned[ReminderKind.PetitionConclusionSoon]);
        Assert.Equal(At(5, 31, 10), planned[ReminderKind.PetitionConclusionDeadline]);
        Assert.False(planned.ContainsKey(ReminderKind.PetitionAcceptanceDeadline));
    }

    [Fact]
    public async Task PlanAsync_AdvanceWarningAlreadyPast_LeftOut()
    {
        // Planned late (e.g. after a reassignment): the sign reminder's moment has passed, the deadline has not.
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        var order = await bed.OpenAsync(At(3, 2, 12), At(3, 5, 10));
        await using (var c = await bed.DataSource.OpenConnectionAsync())
            await Dapper.SqlMapper.ExecuteAsync(c, "delete from reminder");
        bed.Time.SetUtcNow(At(3, 2, 11, 30));

        await bed.PlanAsync(order);

        var planned = await PlannedAsync(bed, order.Id);
        Assert.False(planned.ContainsKey(ReminderKind.SignReminder));
        Assert.True(planned.ContainsKey(ReminderKind.SignDeadline));
    }

    [Fact]
    public async Task ApplyAsync_ReassignedNextDay_SignReminderHalfWayThroughTheNewWindowAndLaterDuboKeepsTheWindow()
    {
        // Opened Monday 3/2 10:00 (签收 by 12:00, 办结 by Thursday 10:00) and never signed; the grid leader hands it to the same
        // worker again on Tuesday 14:00. The new 签收 window (2 working hours → 16:00) starts at the hand-over, so its half-way
        // reminder is at 15:00 — counted from creation it would be Monday 17:30, already past, and the worker would get none.
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 2, 10));
        await using var connection = await bed.DataSource.OpenConnectionAsync();
        WorkOrder order;
        await using (var tx = await connection.BeginTransactionAsync())
        {
            order = await bed.Workflow.OpenAsync(connection, tx, new OpenOrderRequest("complaint", "lighting", "3号楼门口路灯坏了", "wrGridEast001", "resident-1", null, null));
            await tx.CommitAsync();
        }
        Assert.Equal(At(3, 2, 12), (await PlannedAsync(bed, order.Id))[ReminderKind.SignDeadline]);
        await bed.AdvanceToAsync(At(3, 2, 12));

        bed.Time.SetUtcNow(At(3, 3, 14));
        await using (var tx = await connection.BeginTransactionAsync())
        {
            var current = (await WorkOrderRepository.GetByIdAsync(connection, tx, order.Id))!;
            var result = await bed.Workflow.ApplyAsync(connection, tx, current, WorkOrderActor.Admin("admin"),
                new TransitionRequest(WorkOrderAction.Reassign, ActorRole.Admin, AssigneeMemberId: bed.WorkerId), null);
            Assert.True(result.Allowed, result.Reply);
            await tx.CommitAsync();
        }

        var reassigned = (await bed.Orders.GetByIdAsync(order.Id))!;
        Assert.Equal(At(3, 3, 14), new DateTimeOffset(DateTime.SpecifyKind(reassigned.SignWindowStart!.Value, DateTimeKind.Utc)));
        var planned = await PlannedAsync(bed, order.Id);
        Assert.Equal(At(3, 3, 15), planned[ReminderKind.SignReminder]);
        Assert.Equal(At(3, 3, 16), planned[ReminderKind.SignDeadline]);
        Assert.Equal(ReminderFireOutcome.Sent, Assert.Single(await bed.AdvanceToAsync(At(3, 3, 15))).Outcome);

        // 督办 on Friday hands it on again with as long to sign as the current window (2 working hours), not the 12 working
        // hours from Monday's creation to Tuesday's deadline.
        await bed.AdvanceToAsync(At(3, 6, 10));
        var escalated = (await bed.Orders.GetByIdAsync(order.Id))!;
        Assert.Equal(HandlingLevel.Community, escalated.HandlingLevel);
        Assert.Equal(At(3, 6, 12), new DateTimeOffset(DateTime.SpecifyKind(escalated.SignDueAt!.Value, DateTimeKind.Utc)).ToOffset(Cst));
        Assert.Equal(At(3, 6, 11), (await PlannedAsync(bed, order.Id))[ReminderKind.SignReminder]);
    }

    [Fact]
    public async Task OpenAsync_ThroughTheWorkflow_RemindersWrittenWithTheOrderMatchWhatTheFirerRecomputes()
    {
        // The reminders of a new order are computed before its insert and written by the same statement; the firing job
        // recomputes them from the stored order, so the stored created_at must be the instant they were computed from
        // (sub-microsecond ticks included, which PostgreSQL drops).
        var now = At(3, 2, 10).AddTicks(1234567);
        await using var bed = await ReminderTestBed.CreateAsync(now);
        await using var connection = await bed.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var order = await bed.Workflow.OpenAsync(connection, tx, new OpenOrderRequest("complaint", "lighting", "3号楼门口路灯坏了", "wrGridEast001", "resident-1", null, null));
        await tx.CommitAsync();

        var stored = (await bed.Orders.GetByIdAsync(order.Id))!;
        Assert.Equal(new DateTime(now.UtcTicks - now.UtcTicks % 10, DateTimeKind.Utc), DateTime.SpecifyKind(stored.CreatedAt, DateTimeKind.Utc));
        var planned = await PlannedAsync(bed, order.Id);
        Assert.Equal(At(3, 2, 11).AddTicks(1234560), planned[ReminderKind.SignReminder]); // half of the 2 working hours after the stored created_at
        Assert.Equal(5, planned.Count);

        // Each fires as sent, none as obsolete, when its time comes (signed never: the worker did nothing).
        var fired = await bed.AdvanceToAsync(planned[ReminderKind.SignDeadline].AddSeconds(1));
        Assert.Equal([ReminderKind.SignReminder, ReminderKind.SignDeadline], fired.Select(f => f.Reminder.Kind));
        Assert.All(fired, f => Assert.Equal(ReminderFireOutcome.Sent, f.Outcome));
    }
}
