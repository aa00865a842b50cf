using GridLine.Storage;
using GridLine.TestSupport;

namespace GridLine.Storage.Tests;

public class RoutingRuleRepositoryTests
{
    private static RoutingRuleFields Fields(string name, bool isDefault) =>
        new(name, 500, null, null, null, null, "grid_worker", "grid", "grid", "working", 120, 1350, IsDefault: isDefault);

    [Fact]
    public async Task ListActiveAsync_FreshDatabase_SeededRulesWithOneDefaultLast()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());

        var rules = await new RoutingRuleRepository(dataSource).ListActiveAsync();

        Assert.Equal(3, rules.Count);
        Assert.True(Assert.Single(rules, r => r.IsDefault) == rules[^1]);
        Assert.Equal((120, 1350, "working"), (rules[^1].SignSlaMinutes, rules[^1].DueSlaMinutes, rules[^1].Clock));
    }

    [Fact]
    public async Task DeleteAsync_LastDefault_Refused()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var repository = new RoutingRuleRepository(dataSource);
        var only = (await repository.ListActiveAsync()).Single(r => r.IsDefault);

        Assert.Equal(RoutingRuleWriteResult.LastDefaultRefused, await repository.DeleteAsync(only.Id, only.Version));
        Assert.Equal(RoutingRuleWriteResult.LastDefaultRefused, await repository.SetActiveAsync(only.Id, only.Version, false));
        Assert.Equal(RoutingRuleWriteResult.LastDefaultRefused, await repository.UpdateAsync(only.Id, only.Version, Fields("改名", isDefault: false)));
        Assert.NotNull(await repository.GetByIdAsync(only.Id));
    }

    [Fact]
    public async Task UpdateAsync_LastDefaultStaysDefault_Edited()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var repository = new RoutingRuleRepository(dataSource);
        var only = (await repository.ListActiveAsync()).Single(r => r.IsDefault);

        Assert.Equal(RoutingRuleWriteResult.Done, await repository.UpdateAsync(only.Id, only.Version, Fields("默认（改）", isDefault: true)));

        var edited = await repository.GetByIdAsync(only.Id);
        Assert.Equal(("默认（改）", only.Version + 1), (edited!.Name, edited.Version));
    }

    [Fact]
    public async Task DeleteAsync_AnotherDefaultExists_Deleted()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var repository = new RoutingRuleRepository(dataSource);
        var old = (await repository.ListActiveAsync()).Single(r => r.IsDefault);
        await repository.InsertAsync(Fields("新默认", isDefault: true));

        Assert.Equal(RoutingRuleWriteResult.Done, await repository.DeleteAsync(old.Id, old.Version));
        Assert.Null(await repository.GetByIdAsync(old.Id));
    }

    [Fact]
    public async Task SetActiveAsync_StaleVersion_VersionConflict()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var repository = new RoutingRuleRepository(dataSource);
        var rule = await repository.InsertAsync(Fields("临时", isDefault: false));

        Assert.Equal(RoutingRuleWriteResult.Done, await repository.SetActiveAsync(rule.Id, rule.Version, false));
        Assert.Equal(RoutingRuleWriteResult.VersionConflict, await repository.SetActiveAsync(rule.Id, rule.Version, true));
        Assert.Equal(RoutingRuleWriteResult.NotFound, await repository.DeleteAsync(999999, 1));
    }
}
