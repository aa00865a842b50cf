using GridLine.Handlers.Understanding;
using GridLine.Storage;

namespace GridLine.Handlers.Tests.Understanding;

public class ContextLinkerTests
{
    private static NewWorkOrder Complaint(string chatId) =>
        new("complaint", "utilities", null, chatId, "resident-1", "3号楼停水了", "3号楼", "grid", null, "pending_sign", null, null);

    [Theory]
    [InlineData("+1")]
    [InlineData("同上")]
    [InlineData("我家也是😡")]
    public async Task UnderstandAsync_MeTooAfterComplaintInSameChat_LinksToThatOrder(string text)
    {
        await using var f = await UnderstandingFixture.CreateAsync();
        var chat = "chat-" + Guid.NewGuid().ToString("N");
        var order = await new WorkOrderRepository(f.DataSource).InsertAsync(Complaint(chat));

        var u = await f.Service.UnderstandAsync(new MessageInput(text, chat, "resident-2"));

        Assert.Equal(order.Number, u.LinkedOrderNumber);
        Assert.Equal(("complaint", "utilities", UnderstandingSource.Context), (u.Type, u.Category, u.Source));
    }

    [Fact]
    public async Task UnderstandAsync_MeTooInAnotherChat_IsNotLinked()
    {
        await using var f = await UnderstandingFixture.CreateAsync();
        await new WorkOrderRepository(f.DataSource).InsertAsync(Complaint("chat-a-" + Guid.NewGuid().ToString("N")));

        var u = await f.Service.UnderstandAsync(new MessageInput("+1", "chat-b-" + Guid.NewGuid().ToString("N"), "resident-2"));

        Assert.Null(u.LinkedOrderNumber);
        Assert.Equal("other", u.Type);
    }

    [Fact]
    public async Task UnderstandAsync_MeTooAfterWindow_IsNotLinked()
    {
        await using var f = await UnderstandingFixture.CreateAsync();
        var chat = "chat-" + Guid.NewGuid().ToString("N");
        await new WorkOrderRepository(f.DataSource).InsertAsync(Complaint(chat));

        var u = await f.Service.UnderstandAsync(new MessageInput("同上", chat, "resident-2", DateTime.UtcNow.AddHours(2)));

        Assert.Null(u.LinkedOrderNumber);
    }

    [Fact]
    public async Task UnderstandAsync_QuotedOrderNumber_LinksAndStaysQuery()
    {
        await using var f = await UnderstandingFixture.CreateAsync();
        var order = await new WorkOrderRepository(f.DataSource).InsertAsync(Complaint("chat-x"));

        var u = await f.Service.UnderstandAsync(new MessageInput($"工单号{order.Number}现在怎么样了", "chat-y", "resident-2"));

        Assert.Equal(order.Number, u.LinkedOrderNumber);
        Assert.Equal("query", u.Type);
    }

    [Fact]
    public async Task UnderstandAsync_QuotesTheBotsAcknowledgement_LinksToItsOrder()
    {
        await using var f = await UnderstandingFixture.CreateAsync();
        var chat = "chat-" + Guid.NewGuid().ToString("N");
        var order = await new WorkOrderRepository(f.DataSource).InsertAsync(Complaint(chat));
        var ack = $"已收到您反映的问题，工单号 {order.Number}（水电气暖），由王伟负责，11月25日 18:00前办结。";

        var u = await f.Service.UnderstandAsync(new MessageInput("我们楼也停水了", chat, "resident-2", QuotedText: ack));

        Assert.Equal(order.Number, u.LinkedOrderNumber);
    }

    [Fact]
    public async Task UnderstandAsync_StaffCommandWord_IsCommandNotReport()
    {
        await using var f = await UnderstandingFixture.CreateAsync();
        var userid = "gw-" + Guid.NewGuid().ToString("N");
        await new MemberRepository(f.DataSource).InsertAsync(userid, "王姐", "grid_worker");

        var staff = await f.Service.UnderstandAsync(new MessageInput("办结 1024 路灯已修好", "chat-1", userid));
        var resident = await f.Service.UnderstandAsync(new MessageInput("办结了吗 路灯还是不亮", "chat-1", "resident-9"));

        Assert.True(staff.IsCommand);
        Assert.Equal(UnderstandingSource.Command, staff.Source);
        Assert.False(resident.IsCommand);
        Assert.Contains(resident.Type, new[] { "complaint", "query" }); // a resident's words are understood, never executed
    }
}
