using Dapper;
using GridLine.Storage;
using GridLine.TestSupport;

namespace GridLine.Storage.Tests;

/// <summary>The petition register's record per petition order.</summary>
public class PetitionRepositoryTests
{
    [Fact]
    public async Task EnsureAsync_RepeatOfAnEarlierPetitionCalledTwice_OneRecordAndTheEarlierCountedOnce()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var orders = new WorkOrderRepository(dataSource);
        NewWorkOrder Petition(string text) => new("petition", "housing", null, "wrChat", "zhang", text, null, "grid", null, "pending_sign", null, null);
        var first = await orders.InsertAsync(Petition("拆迁补偿一直没落实"));
        var second = await orders.InsertAsync(Petition("拆迁补偿还是没落实"));
        var received = DateTime.UtcNow;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();

        var earlier = await PetitionRepository.EnsureAsync(connection, tx, first.Id, "zhang", null, received, received.AddDays(15), received.AddDays(60), null, null);
        var repeat = await PetitionRepository.EnsureAsync(connection, tx, second.Id, "zhang", null, received, received.AddDays(15), received.AddDays(60), null, earlier.Id);
        var again = await PetitionRepository.EnsureAsync(connection, tx, second.Id, "zhang", null, received, received.AddDays(15), received.AddDays(60), null, earlier.Id);

        Assert.Equal(second.Id, repeat.WorkOrderId);
        Assert.Equal(repeat.Id, again.Id);
        Assert.Equal(earlier.Id, repeat.RepeatOfPetitionId);
        Assert.Equal((1, false), await connection.QuerySingleAsync<(int, bool)>(
            "select repeat_count, resolved_at_first_level from petition where id = @Id", new { earlier.Id }, tx));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("select count(*) from petition", transaction: tx));
    }
}
