using GridLine.Handlers.Routing;
using GridLine.Handlers.Seeding;
using GridLine.Storage;
using GridLine.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Tests.Seeding;

public class DemoSeederTests
{
    [Fact]
    public async Task SeedAsync_RunTwice_SameDataAndEveryGroupRoutesAsDesigned()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var grids = new GridRepository(dataSource);
        var members = new MemberRepository(dataSource);
        var chats = new ChatGroupRepository(dataSource);
        var seeder = new DemoSeeder(grids, members, chats, Options.Create(new SeedOptions { Demo = true }), NullLogger<DemoSeeder>.Instance);

        Assert.True(await seeder.SeedIfEnabledAsync());
        var gridCount = (await grids.ListAllAsync()).Count;
        await seeder.SeedAsync();

        Assert.Equal(gridCount, (await grids.ListAllAsync()).Count);
        var router = new Router(new RoutingRuleRepository(dataSource), grids, members, chats);
        Assert.Equal("wangwei", (await router.RouteChatAsync("wrGridEast001", "lighting", "complaint")).Assignee!.Userid);
        Assert.Equal("lina", (await router.RouteChatAsync("wrGridEast002", "noise", "complaint")).Assignee!.Userid);
        Assert.Equal("zhaogang", (await router.RouteChatAsync("wrGridWest001", "parking", "complaint")).Assignee!.Userid);
        Assert.Equal("chenjing", (await router.RouteChatAsync("wrDedicated001", "safety", "complaint")).Assignee!.Userid);
        Assert.True((await router.RouteChatAsync("wrUnmapped001", "lighting", "complaint")).IsTriage);
        var dedicated = await grids.GetByCodeAsync("DH-D1");
        Assert.Equal(["DH-E", "DH-W"], (await grids.ListSelfAndAncestorsAsync(dedicated!.Id)).Where(g => g.Level == "community").Select(g => g.Code).Order());
        foreach (var role in MemberRepository.Roles)
            Assert.Contains(await Task.WhenAll(new[] { "wangwei", "liuyang", "zhangqiang", "xuhui", "yangfan", "hejun" }.Select(u => members.GetByUseridAsync(u))),
                m => m!.Role == role);
    }

    [Fact]
    public async Task SeedIfEnabledAsync_OptionOff_WritesNothing()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var grids = new GridRepository(dataSource);
        var seeder = new DemoSeeder(grids, new MemberRepository(dataSource), new ChatGroupRepository(dataSource),
            Options.Create(new SeedOptions()), NullLogger<DemoSeeder>.Instance);

        Assert.False(await seeder.SeedIfEnabledAsync());
        Assert.Empty(await grids.ListAllAsync());
    }
}
