using Dapper;
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

    [Fact]
    public async Task TryEnqueueManyAsync_StepWithARepeatedKey_NewRowsInListOrderAndTheRepeatSkipped()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var outbox = new OutboxRepository(dataSource);
        Assert.True(await outbox.TryEnqueueAsync(new("wo:7:open:assignee", "member", "wangwei", """{"text":"earlier"}""", "member:wangwei")));

        await using var connection = await dataSource.OpenConnectionAsync();
        var written = await OutboxRepository.TryEnqueueManyAsync(connection, null, [
            new("wo:7:open:group", "group", "chat-1", """{"text":"已受理"}"""),
            new("wo:7:open:assignee", "member", "wangwei", """{"text":"repeat"}""", "member:wangwei"),
            new("wo:7:open:confirm", "member", "wangwei", """{"text":"请确认"}""", "member:wangwei"),
        ]);

        Assert.Equal(2, written);
        Assert.Contains("earlier", (await outbox.GetByKeyAsync("wo:7:open:assignee"))!.Payload);
        var group = await outbox.GetByKeyAsync("wo:7:open:group");
        var confirm = await outbox.GetByKeyAsync("wo:7:open:confirm");
        Assert.True(group!.Id < confirm!.Id);
        // The lane column (migration 0070) follows the rate key: member notices in the member lane, replies not.
        var lanes = (await connection.QueryAsync<(string Key, string? RateKey, bool MemberLane)>(
            "select idempotency_key, rate_key, member_lane from outbox_message where idempotency_key like 'wo:7:%' order by id")).ToList();
        Assert.Equal([("wo:7:open:assignee", "member:wangwei", true), ("wo:7:open:group", null, false), ("wo:7:open:confirm", "member:wangwei", true)], lanes);
    }
}

/// <summary>Settling delivered rows: the sent marks of concurrent deliveries are written together.</summary>
public class OutboxDeliveryMarkTests
{
    [Fact]
    public async Task MarkSentAsync_ManyDeliveriesAtOnce_EachLeasedRowMarkedWithItsResponseAndALostLeaseRefused()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var outbox = new OutboxRepository(dataSource);
        await using var delivery = new OutboxDelivery(dataSource);
        for (var i = 0; i < 60; i++) Assert.True(await outbox.TryEnqueueAsync(new($"mark:{i}", "app_message", $"u{i}", "{}")));
        var claimed = await delivery.ClaimAsync(100, TimeSpan.FromMinutes(1), [], CancellationToken.None);
        Assert.Equal(60, claimed.Count);

        // Row 0's lease was taken over meanwhile (another sender claimed it again: attempts moved on).
        var stale = claimed[0].Message;
        await using (var connection = await dataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("update outbox_message set attempts = attempts + 1 where id = @Id", new { stale.Id });

        var marks = await Task.WhenAll(claimed.Select(c => delivery.MarkSentAsync(c.Message.Id, c.Message.Attempts, $"{{\"for\":\"{c.Message.IdempotencyKey}\"}}")));

        Assert.False(marks[0]);
        Assert.All(marks.Skip(1), Assert.True);
        await using var check = await dataSource.OpenConnectionAsync();
        var rows = (await check.QueryAsync<(string Key, string State, string? Response)>(
            "select idempotency_key, state, response from outbox_message order by id")).AsList();
        Assert.Equal(("mark:0", "sending", (string?)null), rows[0]);
        Assert.All(rows.Skip(1), r => Assert.Equal(("sent", $"{{\"for\":\"{r.Key}\"}}"), (r.State, r.Response)));
    }
}
