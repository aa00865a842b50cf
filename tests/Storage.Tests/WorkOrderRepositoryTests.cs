using GridLine.Storage;
using GridLine.TestSupport;
using Npgsql;

namespace GridLine.Storage.Tests;

public class WorkOrderRepositoryTests
{
    [Fact]
    public async Task AppendEventAsync_TimelineIsAppendOnly_UpdateAndDeleteRefused()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var orders = new WorkOrderRepository(dataSource);
        var order = await orders.InsertAsync(new("complaint", "lighting", null, "chat-1", "resident-1", "3号楼路灯不亮", "3号楼", "grid", null, "pending_sign", null, null));
        await orders.AppendEventAsync(new(order.Id, "system", null, "created", null, "pending_sign", "接诉"));

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var update = new NpgsqlCommand("update work_order_event set note = 'rewritten'", connection);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync());
        Assert.Contains("append-only", ex.MessageText);
        await using var delete = new NpgsqlCommand("delete from work_order_event", connection);
        await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync());

        var timeline = await orders.ListEventsAsync(order.Id);
        Assert.Equal("接诉", Assert.Single(timeline).Note);
    }

    [Fact]
    public async Task InsertAsync_TwoOrders_GetShortDistinctNumbers()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var orders = new WorkOrderRepository(dataSource);

        var a = await orders.InsertAsync(new("complaint", "noise", null, null, null, "楼上装修太吵", null, "grid", null, "pending_sign", null, null));
        var b = await orders.InsertAsync(new("query", "documents", null, null, null, "身份证在哪办", null, "grid", null, "pending_sign", null, null));

        Assert.NotEqual(a.Number, b.Number);
        Assert.InRange(a.Number, 1000, 99999);
        Assert.Equal(a, await orders.GetByNumberAsync(a.Number));
    }
}
