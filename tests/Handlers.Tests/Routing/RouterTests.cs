using GridLine.Handlers.Routing;
using GridLine.Storage;
using GridLine.TestSupport;

namespace GridLine.Handlers.Tests.Routing;

/// <summary>Routing against a real database: a subdistrict, two communities, grids, a micro grid and a shared dedicated grid.</summary>
public class RouterTests
{
    private sealed record World(Router Router, RoutingRuleRepository Rules, MemberRepository Members, ChatGroupRepository Chats,
        Grid Street, Grid East, Grid West, Grid EastGrid, Grid Micro, Grid Dedicated, Member EastWorker, Member DedicatedWorker);

    private static async Task<World> CreateAsync()
    {
        var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var grids = new GridRepository(dataSource);
        var members = new MemberRepository(dataSource);
        var chats = new ChatGroupRepository(dataSource);
        var rules = new RoutingRuleRepository(dataSource);
        var street = await grids.InsertAsync("S", "东湖街道", "subdistrict", null);
        var east = await grids.InsertAsync("E", "东苑社区", "community", street.Id);
        var west = await grids.InsertAsync("W", "西苑社区", "community", street.Id);
        var eastGrid = await grids.InsertAsync("E1", "东苑第一网格", "grid", east.Id);
        var micro = await grids.InsertAsync("E1M1", "1号楼微网格", "micro_grid", eastGrid.Id);
        var dedicated = await grids.InsertAsync("D1", "东湖小学专属网格", "grid", east.Id, isDedicated: true);
        await grids.AddSharedParentAsync(dedicated.Id, west.Id);
        var eastWorker = await AddMemberAsync(members, "wangwei", "grid_worker", eastGrid.Id);
        var dedicatedWorker = await AddMemberAsync(members, "chenjing", "grid_worker", dedicated.Id);
        return new World(new Router(rules, grids, members, chats), rules, members, chats,
            street, east, west, eastGrid, micro, dedicated, eastWorker, dedicatedWorker);
    }

    private static async Task<Member> AddMemberAsync(MemberRepository members, string userid, string role, long gridId)
    {
        var member = await members.InsertAsync(userid, userid, role);
        await members.AssignGridAsync(member.Id, gridId);
        return member;
    }

    private static RoutingRuleFields Rule(string name, int priority, long? gridId = null, string? category = null, string? type = null,
        long? memberId = null, string? role = "grid_worker", string? level = "grid", string handling = "grid") =>
        new(name, priority, gridId, category, type, memberId, memberId is null ? role : null, level, handling, "working", 60, 900);

    [Fact]
    public async Task RouteAsync_NoCustomRules_DefaultRuleGivesGridWorkerAndComplaintSla()
    {
        var w = await CreateAsync();

        var route = await w.Router.RouteAsync(w.EastGrid.Id, "lighting", "complaint");

        Assert.False(route.IsTriage);
        Assert.True(route.Rule.IsDefault);
        Assert.Equal(w.EastWorker.Id, route.Assignee!.Id);
        Assert.Equal("grid", route.HandlingLevel);
        Assert.Equal(TimeSpan.FromHours(2), route.SignSla);
        Assert.Equal(TimeSpan.FromMinutes(3 * 450), route.DueSla);
        Assert.Equal("working", route.Clock);
    }

    [Fact]
    public async Task RouteAsync_SeededTypeRules_PetitionOnCalendarClockQueryInOneWorkingDay()
    {
        var w = await CreateAsync();

        var petition = await w.Router.RouteAsync(w.EastGrid.Id, "labor", "petition");
        var query = await w.Router.RouteAsync(w.EastGrid.Id, "documents", "query");

        Assert.Equal("calendar", petition.Clock);
        Assert.Equal(TimeSpan.FromDays(15), petition.SignSla);
        Assert.Equal(TimeSpan.FromDays(60), petition.DueSla);
        Assert.Equal(TimeSpan.FromDays(30), petition.MaxExtension);
        Assert.Equal(w.EastWorker.Id, petition.Assignee!.Id); // the grid worker is the petition proxy
        Assert.Equal(TimeSpan.FromMinutes(450), query.DueSla);
    }

    [Fact]
    public async Task RouteAsync_TwoMatchingRules_LowerPriorityNumberWins()
    {
        var w = await CreateAsync();
        var leader = await AddMemberAsync(w.Members, "zhangqiang", "grid_leader", w.East.Id);
        await w.Rules.InsertAsync(Rule("路灯→网格长", 20, category: "lighting", memberId: leader.Id));
        var winner = await w.Rules.InsertAsync(Rule("路灯→社区办", 10, category: "lighting", role: "community", level: "community", handling: "community"));
        var community = await AddMemberAsync(w.Members, "xuhui", "community", w.East.Id);

        var route = await w.Router.RouteAsync(w.EastGrid.Id, "lighting", "complaint");

        Assert.Equal(winner.Id, route.Rule.Id);
        Assert.Equal(community.Id, route.Assignee!.Id);
        Assert.Equal("community", route.HandlingLevel);
    }

    [Fact]
    public async Task RouteAsync_CategoryOrTypeDiffers_RuleSkipped()
    {
        var w = await CreateAsync();
        await w.Rules.InsertAsync(Rule("噪音投诉", 10, category: "noise", type: "complaint", role: "community", level: "community"));

        var route = await w.Router.RouteAsync(w.EastGrid.Id, "noise", "query");

        Assert.NotEqual("噪音投诉", route.Rule.Name);
    }

    [Fact]
    public async Task RouteAsync_RuleOnAncestorCommunity_MatchesItemInMicroGrid()
    {
        var w = await CreateAsync();
        var rule = await w.Rules.InsertAsync(Rule("东苑社区路灯", 10, gridId: w.East.Id, category: "lighting"));

        var route = await w.Router.RouteAsync(w.Micro.Id, "lighting", "complaint");

        Assert.Equal(rule.Id, route.Rule.Id);
        Assert.Equal(w.EastWorker.Id, route.Assignee!.Id); // no grid worker in the micro grid: found one level up
    }

    [Fact]
    public async Task RouteAsync_RuleOnAnotherCommunity_DoesNotMatch()
    {
        var w = await CreateAsync();
        await w.Rules.InsertAsync(Rule("西苑社区路灯", 10, gridId: w.West.Id, category: "lighting"));

        var route = await w.Router.RouteAsync(w.EastGrid.Id, "lighting", "complaint");

        Assert.True(route.Rule.IsDefault);
    }

    [Theory]
    [InlineData("east")]
    [InlineData("west")]
    public async Task RouteAsync_DedicatedGridSharedByTwoCommunities_RuleOnEitherCommunityMatches(string community)
    {
        var w = await CreateAsync();
        var rule = await w.Rules.InsertAsync(Rule("学校安全", 10, gridId: community == "east" ? w.East.Id : w.West.Id, category: "safety"));

        var route = await w.Router.RouteAsync(w.Dedicated.Id, "safety", "complaint");

        Assert.Equal(rule.Id, route.Rule.Id);
        Assert.Equal(w.DedicatedWorker.Id, route.Assignee!.Id);
    }

    [Fact]
    public async Task RouteAsync_MicroGridWorkerRuleWithoutOneInMicroGrid_FallsBackUpwardToCommunityHolder()
    {
        var w = await CreateAsync();
        var communityVolunteer = await AddMemberAsync(w.Members, "liuyang", "micro_grid_worker", w.East.Id);
        await w.Rules.InsertAsync(Rule("精准派单到微网格", 10, role: "micro_grid_worker", level: "micro_grid"));

        var route = await w.Router.RouteAsync(w.Micro.Id, "sanitation", "complaint");

        Assert.Equal(communityVolunteer.Id, route.Assignee!.Id);
    }

    [Fact]
    public async Task RouteAsync_MicroGridWorkerPresent_PreciseDispatchToThem()
    {
        var w = await CreateAsync();
        await AddMemberAsync(w.Members, "liuyang", "micro_grid_worker", w.East.Id);
        var micro = await AddMemberAsync(w.Members, "sunli", "micro_grid_worker", w.Micro.Id);
        await w.Rules.InsertAsync(Rule("精准派单到微网格", 10, role: "micro_grid_worker", level: "micro_grid"));

        var route = await w.Router.RouteAsync(w.Micro.Id, "sanitation", "complaint");

        Assert.Equal(micro.Id, route.Assignee!.Id);
    }

    [Fact]
    public async Task RouteAsync_RoleHeldByNobodyUpTheChain_TriageNoAssignee()
    {
        var w = await CreateAsync();
        await w.Rules.InsertAsync(Rule("部门专办", 10, category: "labor", role: "department", level: "subdistrict"));

        var route = await w.Router.RouteAsync(w.EastGrid.Id, "labor", "complaint");

        Assert.True(route.IsTriage);
        Assert.Equal(TriageReason.NoAssignee, route.TriageReason);
        Assert.Null(route.Assignee);
    }

    [Fact]
    public async Task RouteChatAsync_UnmappedOrUnknownGroup_TriageWithDefaultSla()
    {
        var w = await CreateAsync();
        await w.Chats.UpsertAsync("wrUnmapped001", "新建小区业主群", null);

        var unmapped = await w.Router.RouteChatAsync("wrUnmapped001", "lighting", "complaint");
        var unknown = await w.Router.RouteChatAsync("wrNeverSeen", "lighting", "complaint");

        Assert.Equal(TriageReason.UnmappedChat, unmapped.TriageReason);
        Assert.Null(unmapped.Assignee);
        Assert.True(unmapped.Rule.IsDefault);
        Assert.Equal(TriageReason.UnmappedChat, unknown.TriageReason);
    }

    [Fact]
    public async Task RouteChatAsync_MappedGroup_RoutesToItsGrid()
    {
        var w = await CreateAsync();
        await w.Chats.UpsertAsync("wrGridEast001", "东苑社区第一网格群", w.EastGrid.Id);

        var route = await w.Router.RouteChatAsync("wrGridEast001", "parking", "complaint");

        Assert.Equal(w.EastGrid.Id, route.GridId);
        Assert.Equal(w.EastWorker.Id, route.Assignee!.Id);
    }

    [Fact]
    public async Task RouteAsync_UnknownGrid_Triage()
    {
        var w = await CreateAsync();

        var route = await w.Router.RouteAsync(987654, "parking", "complaint");

        Assert.Equal(TriageReason.UnknownGrid, route.TriageReason);
    }
}
