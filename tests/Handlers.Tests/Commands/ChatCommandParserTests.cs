using GridLine.Handlers.Commands;

namespace GridLine.Handlers.Tests.Commands;

public class ChatCommandParserTests
{
    [Theory]
    [InlineData("签收 1024", ChatCommandKind.Sign, 1024, "")]
    [InlineData("签收1024", ChatCommandKind.Sign, 1024, "")]
    [InlineData("1024 签收", ChatCommandKind.Sign, 1024, "")]
    [InlineData("#1024签收", ChatCommandKind.Sign, 1024, "")]
    [InlineData("进展 1024 已联系物业，明天来修", ChatCommandKind.Progress, 1024, "已联系物业，明天来修")]
    [InlineData("办结 1024：已更换灯泡", ChatCommandKind.Conclude, 1024, "已更换灯泡")]
    [InlineData("退单 1024 不属于本网格", ChatCommandKind.Return, 1024, "不属于本网格")]
    [InlineData("转社区 1024 涉及多个小区", ChatCommandKind.EscalateCommunity, 1024, "涉及多个小区")]
    [InlineData("转协同 1024 需要城管配合", ChatCommandKind.EscalateCollaborative, 1024, "需要城管配合")]
    [InlineData("作废 1024 重复提交", ChatCommandKind.Void, 1024, "重复提交")]
    [InlineData("重派 1024 lina", ChatCommandKind.Reassign, 1024, "lina")]
    [InlineData("进度 1024", ChatCommandKind.Status, 1024, "")]
    [InlineData("进度1024号", ChatCommandKind.Status, 1024, "")]
    [InlineData("确认 1024", ChatCommandKind.Confirm, 1024, "")]
    public void TryParse_WellFormed_ParsesKindNumberAndText(string text, ChatCommandKind kind, long number, string rest)
    {
        Assert.True(ChatCommandParser.TryParse(text, out var command, out var error));
        Assert.Null(error);
        Assert.Equal(new ChatCommand(kind, number, rest), command! with { TargetNumber = null, Days = null });
    }

    [Fact]
    public void TryParse_Merge_ReadsBothNumbers()
    {
        Assert.True(ChatCommandParser.TryParse("合并 1025 到 1024", out var command, out _));
        Assert.Equal(new ChatCommand(ChatCommandKind.Merge, 1025, "", 1024), command);
    }

    [Fact]
    public void TryParse_Extend_ReadsDaysAndReason()
    {
        Assert.True(ChatCommandParser.TryParse("延期 1024 5天 等待配件", out var command, out _));
        Assert.Equal(new ChatCommand(ChatCommandKind.Extend, 1024, "等待配件", Days: 5), command);
    }

    [Theory]
    [InlineData("改为 投诉/路灯 1024")]
    [InlineData("改为 1024 投诉/路灯")]
    public void TryParse_Recategorise_EitherOrder(string text)
    {
        Assert.True(ChatCommandParser.TryParse(text, out var command, out _));
        Assert.Equal(new ChatCommand(ChatCommandKind.Recategorise, 1024, "投诉/路灯"), command);
    }

    [Theory]
    [InlineData("签收", "签收")]
    [InlineData("签收 明天", "签收")]
    [InlineData("办结 1024", "办结")]
    [InlineData("退单 1024", "退单")]
    [InlineData("合并 1025", "合并")]
    [InlineData("延期 1024 等配件", "延期")]
    [InlineData("延期 1024 90天 太久", "延期")]
    [InlineData("改为 投诉", "改为")]
    [InlineData("重派 1024", "重派")]
    public void TryParse_CommandWordButMalformed_ReturnsHelpfulError(string text, string verb)
    {
        Assert.True(ChatCommandParser.TryParse(text, out var command, out var error));
        Assert.Null(command);
        Assert.Equal(verb, error!.Verb);
        Assert.False(string.IsNullOrWhiteSpace(error.Problem));
    }

    [Theory]
    [InlineData("3号楼路灯坏了好几天了")]
    [InlineData("谢谢网格员")]
    [InlineData("查询一下社保怎么交")]
    [InlineData("1024")]
    [InlineData("")]
    public void TryParse_OrdinaryMessage_NotACommand(string text)
    {
        Assert.False(ChatCommandParser.TryParse(text, out var command, out var error));
        Assert.Null(command);
        Assert.Null(error);
    }
}
