using GridLine.Storage;
using GridLine.TestSupport;
using Npgsql;

namespace GridLine.Storage.Tests;

/// <summary>WorkOrderRepository.TryApplyAsync: optimistic concurrency, timeline and outbox in one transaction, merge followers.</summary>
public class WorkOrderLifecycleTests
{
    private static NewWorkOrder Complaint(string description) =>
        new("complaint", "lighting", null, "wrGridEast001", "resident-1", description, null, "grid", null, "pending_sign", null, null);

    private static NewWorkOrderEvent Event(string action, string from, string to) => new(0, "member", "wangwei", action, from, to, null);

    [Fact]
    public async Task TryApplyAsync_TwoConflictingUpdatesAtSameVersion_OneWinsOtherGetsConflict()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var orders = new WorkOrderRepository(dataSource);
        var order = await orders.InsertAsync(Complaint("路灯不亮"));

        async Task<WorkOrder?> ApplyAsync(WorkOrderChange change, string action)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            var result = await WorkOrderRepository.TryApplyAsync(connection, tx, order.Id, order.Version, change,
                Event(action, "pending_sign", change.Status));
            await tx.CommitAsync();
            return result;
        }

        var results = await Task.WhenAll(
            ApplyAsync(new WorkOrderChange("signed") { SignedAt = DateTime.UtcNow }, "sign"),
            ApplyAsync(new WorkOrderChange("voided") { VoidReason = "重复" }, "void"));

        var winner = Assert.Single(results, r => r is not null)!;
        Assert.Single(results, r => r is null);
        Assert.Equal(order.Version + 1, winner.Version);
        var stored = await orders.GetByIdAsync(order.Id);
        Assert.Equal(winner.Status, stored!.Status);
        var timeline = await orders.ListEventsAsync(order.Id);
        Assert.Equal(winner.Status, Assert.Single(timeline).ToStatus);
    }

    [Fact]
    public async Task TryApplyAsync_CallerRollsBack_NoChangeNoEventNoOutbox()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var orders = new WorkOrderRepository(dataSource);
        var order = await orders.InsertAsync(Complaint("井盖缺失"));

        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            Assert.NotNull(await WorkOrderRepository.TryApplyAsync(connection, tx, order.Id, order.Version,
                new WorkOrderChange("signed"), Event("sign", "pending_sign", "signed")));
            Assert.True(await OutboxRepository.TryEnqueueAsync(connection, tx, new NewOutboxMessage($"wo:{order.Id}:sign", "appchat", "wrGridEast001", "{}")));
            await tx.RollbackAsync();
        }

        Assert.Equal("pending_sign", (await orders.GetByIdAsync(order.Id))!.Status);
        Assert.Empty(await orders.ListEventsAsync(order.Id));
        Assert.Null(await new OutboxRepository(dataSource).GetByKeyAsync($"wo:{order.Id}:sign"));
    }

    [Fact]
    public async Task TryApplyAsync_CommitWithOutbox_AllThreeWrittenAndFieldsApplied()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var orders = new WorkOrderRepository(dataSource);
        var order = await orders.InsertAsync(Complaint("垃圾未清运"));
        var concludedAt = new DateTime(2026, 3, 10, 2, 0, 0, DateTimeKind.Utc);

        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await WorkOrderRepository.TryApplyAsync(connection, tx, order.Id, order.Version,
                new WorkOrderChange("concluded") { ConcludedAt = concludedAt, HandlingLevel = "community", SetAssignee = true, AssigneeMemberId = null },
                Event("conclude", "pending_sign", "concluded") with { Note = "已清运" });
            await OutboxRepository.TryEnqueueAsync(connection, tx, new NewOutboxMessage($"wo:{order.Id}:conclude", "appchat", "wrGridEast001", "{}"));
            await tx.CommitAsync();
        }

        var stored = (await orders.GetByIdAsync(order.Id))!;
        Assert.Equal(("concluded", "community", concludedAt, order.Version + 1), (stored.Status, stored.HandlingLevel, stored.ConcludedAt!.Value, stored.Version));
        Assert.Equal("已清运", Assert.Single(await orders.ListEventsAsync(order.Id)).Note);
        Assert.NotNull(await new OutboxRepository(dataSource).GetByKeyAsync($"wo:{order.Id}:conclude"));
    }

    [Fact]
    public async Task TryApplyAsync_Reopen_CountsAndClearsConclusion()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var orders = new WorkOrderRepository(dataSource);
        var order = await orders.InsertAsync(Complaint("路灯又坏了"));
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var concluded = await WorkOrderRepository.TryApplyAsync(connection, tx, order.Id, order.Version,
            new WorkOrderChange("concluded") { ConcludedAt = DateTime.UtcNow }, Event("conclude", "pending_sign", "concluded"));

        var reopened = await WorkOrderRepository.TryApplyAsync(connection, tx, order.Id, concluded!.Version,
            new WorkOrderChange("in_progress") { IncrementReopened = true, ClearConclusion = true, Satisfaction = "dissatisfied" },
            Event("rate", "concluded", "in_progress"));

        Assert.Equal((1, (DateTime?)null, "dissatisfied"), (reopened!.ReopenedCount, reopened.ConcludedAt, reopened.Satisfaction));
    }

    [Fact]
    public async Task TryApplyAsync_Merge_SubscribersFollowTheSurvivor()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var orders = new WorkOrderRepository(dataSource);
        var survivor = await orders.InsertAsync(Complaint("3号楼路灯不亮"));
        var duplicate = await orders.InsertAsync(Complaint("3号楼门口路灯坏了"));
        await orders.TryAddSubscriberAsync(survivor.Id, "resident-1", "wrGridEast001", "reporter");
        await orders.TryAddSubscriberAsync(duplicate.Id, "resident-2", "wrGridEast001", "reporter");
        await orders.TryAddSubscriberAsync(duplicate.Id, "resident-3", "wrGridEast001", "subscriber");
        Assert.False(await orders.TryAddSubscriberAsync(duplicate.Id, "resident-3", "wrGridEast001", "subscriber"));

        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            var merged = await WorkOrderRepository.TryApplyAsync(connection, tx, duplicate.Id, duplicate.Version,
                new WorkOrderChange("merged") { MergedIntoId = survivor.Id }, Event("merge", "pending_sign", "merged"));
            Assert.Equal(survivor.Id, merged!.MergedIntoId);
            await tx.CommitAsync();
        }

        var followers = await orders.ListSubscribersAsync(survivor.Id);
        Assert.Equal(["resident-1", "resident-2", "resident-3"], followers.Select(f => f.Userid).Order());
        Assert.Equal("reporter", followers.Single(f => f.Userid == "resident-2").Kind);
    }

    [Fact]
    public async Task InsertAsync_UnknownStatus_RejectedByDatabase()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var orders = new WorkOrderRepository(dataSource);

        var ex = await Assert.ThrowsAsync<PostgresException>(() => orders.InsertAsync(Complaint("x") with { Status = "finished" }));

        Assert.Equal(PostgresErrorCodes.CheckViolation, ex.SqlState);
    }

    [Fact]
    public async Task InsertAsync_TriageOrder_KeepsFlagAndClock()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var orders = new WorkOrderRepository(dataSource);

        var order = await orders.InsertAsync(Complaint("欠薪") with { Type = "petition", Status = "pending_dispatch", IsTriage = true, Clock = "calendar" });

        Assert.Equal((true, "calendar", 0), (order.IsTriage, order.Clock, order.ReopenedCount));
    }
}
