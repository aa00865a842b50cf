using GridLine.Storage;
using GridLine.TestSupport;

namespace GridLine.Storage.Tests;

public class OutboxRepositoryTests
{
    [Fact]
    public async Task TryEnqueueAsync_SameIdempotencyKeyTwice_SecondIsRejectedAndFirstPayloadKept()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var outbox = new OutboxRepository(dataSource);

        Assert.True(await outbox.TryEnqueueAsync(new("ack:1001", "group_robot", "chat-1", """{"text":"first"}""")));
        Assert.False(await outbox.TryEnqueueAsync(new("ack:1001", "group_robot", "chat-1", """{"text":"second"}""")));

        var row = await outbox.GetByKeyAsync("ack:1001");
        Assert.NotNull(row);
        Assert.Equal("pending", row.State);
        Assert.Contains("first", row.Payload);
    }

    [Fact]
    public async Task TryEnqueueAsync_InRolledBackTransaction_NothingStored()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            Assert.True(await OutboxRepository.TryEnqueueAsync(connection, tx, new("ack:rollback", "app_message", "u1", "{}")));
            await tx.RollbackAsync();
        }

        Assert.Null(await new OutboxRepository(dataSource).GetByKeyAsync("ack:rollback"));
    }
}
