using Dapper;
using GridLine.TestSupport;
using Npgsql;

namespace GridLine.Storage.Tests;

public class InboxBatchWriterTests
{
    private static NewInboxMessage Message(string key, string chat = "chat-1", string payload = """{"text":"路灯坏了"}""") =>
        new("aibot:grid", key, "text", chat, "user-1", payload);

    [Fact]
    public async Task TryInsertAsync_ManyConcurrentCallers_EachRowOnceAndOnlyTheFirstOfEachKeyTrue()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        await using var writer = new InboxBatchWriter(dataSource, flushers: 2, maxBatch: 50);

        // 600 calls for 400 keys: 200 keys are sent twice at the same time (a WeCom retry racing its original).
        var calls = Enumerable.Range(0, 600).Select(i => Message($"k{(i < 400 ? i : i - 400)}", $"chat{i % 9}")).ToList();
        var results = await Task.WhenAll(calls.Select(m => Task.Run(() => writer.TryInsertAsync(m))));

        Assert.Equal(400, results.Count(r => r));
        foreach (var key in calls.GroupBy(m => m.DedupeKey))
            Assert.Equal(1, key.Select(m => results[calls.IndexOf(m)]).Count(r => r));
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(400, await connection.ExecuteScalarAsync<long>("select count(*) from inbox_message"));
        Assert.Equal(400, await connection.ExecuteScalarAsync<long>("select count(distinct dedupe_key) from inbox_message"));
        // Rows written in groups: fewer statements than rows (pg_stat_xact is per session, so count distinct xmin instead).
        Assert.True(await connection.ExecuteScalarAsync<long>("select count(distinct xmin::text) from inbox_message") < 400);
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
