using Dapper;
using GridLine.Handlers.Understanding;
using GridLine.Storage;

namespace GridLine.Handlers.Tests.Understanding;

public class ConfirmationTests
{
    [Fact]
    public async Task UnderstandAsync_ConfidenceBelowThreshold_NeedsConfirmation()
    {
        await using var f = await UnderstandingFixture.CreateAsync(new UnderstandingOptions { ConfirmThreshold = 0.9999, RuleRefreshSeconds = 0 });
        var u = await f.Service.UnderstandAsync(new MessageInput("那个事情你们看一下"));
        Assert.True(u.NeedsConfirmation);
    }

    [Fact]
    public async Task UnderstandAsync_ConfidentComplaint_NeedsNoConfirmation()
    {
        await using var f = await UnderstandingFixture.CreateAsync();
        var u = await f.Service.UnderstandAsync(new MessageInput("3号楼二单元路灯坏了三天了 晚上黑漆漆的 麻烦处理下"));
        Assert.Equal("complaint", u.Type);
        Assert.False(u.NeedsConfirmation);
    }

    [Fact]
    public async Task RecordConfirmationAsync_InboxMessage_StoresConfirmationAndLabelledExample()
    {
        await using var f = await UnderstandingFixture.CreateAsync();
        var key = Guid.NewGuid().ToString("N");
        await new InboxRepository(f.DataSource).TryInsertAsync(new NewInboxMessage("app:main", key, "text", "chat-1", "resident-1",
            """{"MsgType":"text","Content":"那个事情你们看一下"}"""));
        await using var connection = await f.DataSource.OpenConnectionAsync();
        var inboxId = await connection.ExecuteScalarAsync<long>("select id from inbox_message where dedupe_key = @key", new { key });

        await f.Service.RecordConfirmationAsync(inboxId, "complaint", "sanitation", "gw-1");
        await f.Service.RecordConfirmationAsync(inboxId, "complaint", "facilities", "gw-2"); // the later answer wins

        var confirmation = await f.Examples.GetConfirmationAsync(inboxId);
        Assert.NotNull(confirmation);
        Assert.Equal(("complaint", "facilities", "gw-2", "那个事情你们看一下"), (confirmation.Type, confirmation.Category, confirmation.ByUserid, confirmation.Text));
        var examples = await f.Examples.ListAllAsync();
        Assert.Equal(2, examples.Count);
        Assert.All(examples, e => Assert.Equal(("那个事情你们看一下", "confirmation"), (e.Text, e.Source)));
    }

    [Fact]
    public async Task RecordConfirmationAsync_UnknownType_Rejected()
    {
        await using var f = await UnderstandingFixture.CreateAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => f.Service.RecordConfirmationAsync(1, "bogus", "other", "gw-1"));
    }
}
