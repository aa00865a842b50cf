using Dapper;
using GridLine.Storage;
using GridLine.TestSupport;

namespace GridLine.Storage.Tests;

/// <summary>Joining a report to an open order: subscription, link and timeline entry written by one statement.</summary>
public class DuplicateLinkRepositoryTests
{
    [Fact]
    public async Task LinkAsync_NewNeighbourThenSameNeighbourThenReporter_SubscribedOnceAndTheOthersAreRepeats()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var order = await new WorkOrderRepository(dataSource).InsertAsync(new NewWorkOrder("complaint", "lighting", null, "wrChat", "li", "3号楼路灯坏了", null, "grid",
            null, "pending_sign", null, null));
        await using var connection = await dataSource.OpenConnectionAsync();

        async Task<(WorkOrder Order, bool IsRepeat)> LinkAsync(string userid, string text)
        {
            await using var tx = await connection.BeginTransactionAsync();
            var linked = await DuplicateLinkRepository.LinkAsync(connection, tx, order.Id, userid, "wrChat", null, text, 0.42, "resident", "并入", "重复反映");
            await tx.CommitAsync();
            return linked!.Value;
        }

        var wang = await LinkAsync("wang", "3号楼路灯不亮");
        Assert.False(wang.IsRepeat);
        Assert.Equal(order.Number, wang.Order.Number);
        Assert.Equal("pending_sign", wang.Order.Status);
        Assert.True((await LinkAsync("wang", "路灯还是不亮")).IsRepeat);   // follows it already
        Assert.True((await LinkAsync("li", "我说的路灯呢")).IsRepeat);     // reported it

        Assert.Equal(["wang"], await connection.QueryAsync<string>("select userid from work_order_subscriber where work_order_id = @Id", new { order.Id }));
        Assert.Equal([("wang", false, 0.42), ("wang", true, 0.42), ("li", true, 0.42)],
            (await connection.QueryAsync<(string, bool, double)>("select userid, is_repeat, similarity from duplicate_link where work_order_id = @Id order by id", new { order.Id })).AsList());
        Assert.Equal([("link_duplicate", "并入", "wang"), ("repeat_report", "重复反映", "wang"), ("repeat_report", "重复反映", "li")],
            (await connection.QueryAsync<(string, string, string)>(
                "select action, note, actor_id from work_order_event where work_order_id = @Id and actor_kind = 'resident' order by id", new { order.Id })).AsList());
    }

    [Fact]
    public async Task LinkAsync_NoSuchOrder_NullAndNothingWritten()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        Assert.Null(await DuplicateLinkRepository.LinkAsync(connection, tx, 999_999, "wang", "wrChat", null, "路灯", 0.5, "resident", "并入", "重复反映"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from duplicate_link", transaction: tx));
    }
}
