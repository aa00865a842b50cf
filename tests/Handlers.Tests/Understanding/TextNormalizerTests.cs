using GridLine.Handlers.Understanding;

namespace GridLine.Handlers.Tests.Understanding;

public class TextNormalizerTests
{
    [Fact]
    public void Normalize_BotPrefixAndMentions_AreStripped() =>
        Assert.Equal("3号楼路灯坏了", TextNormalizer.Normalize("@网格小助手\u20053号楼路灯坏了 @张三 "));

    [Theory]
    [InlineData("@网格员，居住证怎么办理", "居住证怎么办理")]
    [InlineData("@小格：5栋路灯坏了", "5栋路灯坏了")]
    [InlineData("@网格小助手,物业费在哪交", "物业费在哪交")]
    public void Normalize_MentionWithCommaOrColon_KeepsTheMessage(string raw, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(raw));

    [Fact]
    public void Normalize_RadicalForms_FoldToIdeographs() =>
        Assert.Equal("停车位被占了 门口", TextNormalizer.Normalize("停\u2ECB位被占了 \u2ED4口"));

    [Fact]
    public void Normalize_FullWidthDigitsAndPunctuation_FoldToAscii() =>
        Assert.Equal("12号楼,停水了!abc", TextNormalizer.Normalize("１２号楼，停水了！ＡＢＣ"));

    [Fact]
    public void Normalize_Whitespace_IsCollapsed() =>
        Assert.Equal("路灯 不亮", TextNormalizer.Normalize("  路灯\u3000\t 不亮\n"));

    [Fact]
    public void Normalize_SignalEmojis_BecomeTokensAndRunsCollapse()
    {
        Assert.Equal("太吵了[怒]", TextNormalizer.Normalize("太吵了😡😡😡"));
        Assert.Equal("谢谢[赞][拜托]", TextNormalizer.Normalize("谢谢👍🙏"));
        Assert.Equal("[表情]", TextNormalizer.Normalize("🥮"));
    }
}
