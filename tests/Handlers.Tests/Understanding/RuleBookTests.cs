using GridLine.Handlers.Understanding;
using GridLine.Storage;

namespace GridLine.Handlers.Tests.Understanding;

public class RuleBookTests
{
    [Fact]
    public async Task UnderstandAsync_TwoMatchingRules_HigherPriorityWins()
    {
        await using var f = await UnderstandingFixture.CreateAsync();
        await f.Rules.AddAsync(new ClassifierRuleFields("井盖", false, 1, "complaint", "facilities"));
        var high = await f.Rules.AddAsync(new ClassifierRuleFields("井盖.*没了", true, 10, "complaint", "safety"));

        var u = await f.Service.UnderstandAsync(new MessageInput("东门井盖没了"));

        Assert.Equal(UnderstandingSource.Rule, u.Source);
        Assert.Equal(high.Id, u.RuleId);
        Assert.Equal(("complaint", "safety", 1.0), (u.Type, u.Category, u.Confidence));
        Assert.False(u.NeedsConfirmation);
    }

    [Fact]
    public async Task UnderstandAsync_RuleAddedAfterFirstUse_AppliesWithoutRestart()
    {
        await using var f = await UnderstandingFixture.CreateAsync();
        Assert.Equal(UnderstandingSource.Model, (await f.Service.UnderstandAsync(new MessageInput("本店团购大促销"))).Source);

        await f.Rules.AddAsync(new ClassifierRuleFields("团购", false, 0, "other", null, Note: "广告"));

        var u = await f.Service.UnderstandAsync(new MessageInput("本店团购大促销"));
        Assert.Equal(("other", "other", UnderstandingSource.Rule), (u.Type, u.Category, u.Source));
    }

    [Fact]
    public async Task AddAsync_InvalidRegex_RejectedWithClearError()
    {
        await using var f = await UnderstandingFixture.CreateAsync();
        var ex = await Assert.ThrowsAsync<RuleValidationException>(() => f.Rules.AddAsync(new ClassifierRuleFields("路灯(坏", true, 0, "complaint", null)));
        Assert.Contains("正则表达式有误", ex.Message);
        Assert.Empty(await new ClassifierRuleRepository(f.DataSource).ListActiveAsync());
    }

    [Fact]
    public void Validate_NeitherTypeNorCategory_Rejected() =>
        Assert.Throws<RuleValidationException>(() => RuleBook.Validate(new ClassifierRuleFields("路灯", false, 0, null, null)));
}
