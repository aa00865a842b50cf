using Dapper;
using GridLine.TestSupport;
using Npgsql;

namespace GridLine.Storage.Tests;

public class InboxBatchWriterTests
{
    private static NewInboxMessage Message(string key, string chat = "chat-1", string payload = """{"text":"路灯坏了"}""") =>
        new("aibot:grid", key, "text", chat, "user-1", payload);

    [Fact]
    public async Task TryInsertAsync_ManyConcurrentCallersWithRacingRepeats_EachRowOnceOnlyTheFirstTrueAndNoDeadlock()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        await using var writer = new InboxBatchWriter(dataSource, flushers: 4, maxBatch: 50);

        // 1,500 calls for 500 keys, each key three times in a shuffled order (WeCom retries racing their originals).
        // Concurrent statements sharing keys would wait on each other's unique-index entries and could deadlock (40P01).
        var calls = Enumerable.Range(0, 1500).Select(i => Message($"k{i % 500}", $"chat{i % 500 % 9}")).ToArray();
        new Random(7).Shuffle(calls);
        var results = await Task.WhenAll(calls.Select(m => Task.Run(() => writer.TryInsertAsync(m))));

        Assert.Equal(500, results.Count(r => r));
        foreach (var key in calls.Select((m, i) => (m.DedupeKey, Inserted: results[i])).GroupBy(c => c.DedupeKey))
            Assert.Single(key, c => c.Inserted);
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(500, await connection.ExecuteScalarAsync<long>("select count(*) from inbox_message"));
        // Rows were written in groups: fewer transactions than rows.
        Assert.True(await connection.ExecuteScalarAsync<long>("select count(distinct xmin::text) from inbox_message") < 500);
    }

    [Fact]
    public async Task TryInsertAsync_RepeatOfAStoredRow_FalseAndNothingChanges()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        await using var writer = new InboxBatchWriter(dataSource);

        Assert.True(await writer.TryInsertAsync(Message("once")));
        Assert.False(await writer.TryInsertAsync(Message("once", payload: """{"text":"changed"}""")));

        var row = await new InboxRepository(dataSource).GetByIdAsync(1);
        Assert.Contains("路灯坏了", row!.Payload);
        Assert.Equal("chat-1", row.ChatId);
        Assert.Equal("new", row.State);
    }

    [Fact]
    public async Task TryInsertAsync_OneRowTheDatabaseRefuses_OnlyThatCallerFailsAndTheRestOfItsBatchIsStored()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        await using var writer = new InboxBatchWriter(dataSource, flushers: 1, maxBatch: 500);

        // \u0000 is valid JSON but jsonb refuses it (SQLSTATE 22P05): that row alone must fail.
        var calls = Enumerable.Range(0, 300).Select(i => i == 150 ? Message("bad", payload: """{"text":"a\u0000b"}""") : Message($"ok{i}")).ToList();
        var tasks = calls.Select(m => Task.Run(() => writer.TryInsertAsync(m))).ToList();
        await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { })));

        var error = Assert.IsType<PostgresException>(tasks[150].Exception?.InnerException);
        Assert.StartsWith("22", error.SqlState);
        Assert.All(tasks.Where((_, i) => i != 150), t => Assert.True(t.Result));
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(299, await connection.ExecuteScalarAsync<long>("select count(*) from inbox_message"));
    }

    [Fact]
    public async Task TryInsertAsync_DatabaseUnreachable_EveryCallerGetsTheConnectionError()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var broken = TestDatabase.OpenDataSource(new NpgsqlConnectionStringBuilder(cs) { Port = FreePort.Next(), Timeout = 2 }.ConnectionString);
        await using var writer = new InboxBatchWriter(broken);

        // The gateway turns this into 503 (WeCom retries); nothing was acknowledged, so nothing is lost.
        var calls = Enumerable.Range(0, 5).Select(i => writer.TryInsertAsync(Message($"unacknowledged{i}"))).ToList();
        foreach (var call in calls) await Assert.ThrowsAnyAsync<NpgsqlException>(() => call);
    }

    [Fact]
    public async Task DisposeAsync_PendingRowsAreWrittenBeforeItReturns()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var writer = new InboxBatchWriter(dataSource, flushers: 1, maxBatch: 10);
        var tasks = Enumerable.Range(0, 100).Select(i => writer.TryInsertAsync(Message($"d{i}"))).ToList();

        await writer.DisposeAsync();

        await using (var connection = await dataSource.OpenConnectionAsync())
            Assert.Equal(100, await connection.ExecuteScalarAsync<long>("select count(*) from inbox_message"));
        Assert.All(await Task.WhenAll(tasks), Assert.True);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.TryInsertAsync(Message("after")));
    }
}
