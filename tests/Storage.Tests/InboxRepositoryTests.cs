using GridLine.Storage;
using GridLine.TestSupport;

namespace GridLine.Storage.Tests;

public class InboxRepositoryTests
{
    private static NewInboxMessage Message(string source, string key) =>
        new(source, key, "text", "chat-1", "user-1", """{"text":"路灯坏了"}""");

    [Fact]
    public async Task TryInsertAsync_SameDedupeKeyTwice_SecondIsRejectedAndOneRowStored()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var inbox = new InboxRepository(dataSource);

        Assert.True(await inbox.TryInsertAsync(Message("aibot:grid", "msg-1")));
        Assert.False(await inbox.TryInsertAsync(Message("aibot:grid", "msg-1")));

        Assert.Equal(1, await inbox.CountBySourceAsync("aibot:grid"));
    }

    [Fact]
    public async Task TryInsertAsync_SameKeyFromDifferentSources_BothStored()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var inbox = new InboxRepository(dataSource);

        Assert.True(await inbox.TryInsertAsync(Message("aibot:grid", "42")));
        Assert.True(await inbox.TryInsertAsync(Message("app:main", "42")));
    }

    [Fact]
    public async Task TryInsertAsync_ConcurrentDuplicates_ExactlyOneWins()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var inbox = new InboxRepository(dataSource);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => inbox.TryInsertAsync(Message("aibot:grid", "race")))));

        Assert.Single(results, r => r);
        Assert.Equal(1, await inbox.CountBySourceAsync("aibot:grid"));
    }

    [Fact]
    public async Task TryInsertAsync_NewRow_StoredAsNewWithPayload()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var inbox = new InboxRepository(dataSource);
        await inbox.TryInsertAsync(Message("aibot:grid", "payload"));

        var row = await inbox.GetByIdAsync(1);

        Assert.NotNull(row);
        Assert.Equal("new", row.State);
        Assert.Equal(0, row.Attempts);
        Assert.Contains("路灯坏了", row.Payload);
    }
}
