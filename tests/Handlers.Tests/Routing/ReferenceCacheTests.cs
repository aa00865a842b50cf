using Dapper;
using GridLine.Storage;
using GridLine.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GridLine.Handlers.Tests.Routing;

/// <summary>The per-instance reference cache: edits through this instance apply at once, edits elsewhere within one check interval.</summary>
public class ReferenceCacheTests
{
    [Fact]
    public async Task GetByChatIdAsync_EditedByAnotherInstance_SeenAfterOneCheckInterval()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00+08:00"));
        var cached = new ChatGroupRepository(dataSource, new ReferenceCache(dataSource, clock, TimeSpan.FromSeconds(1)));
        var elsewhere = new ChatGroupRepository(dataSource); // another gateway instance: no shared memory
        var grids = new GridRepository(dataSource);
        var street = await grids.InsertAsync("S1", "东湖街道", "subdistrict", null);
        await elsewhere.UpsertAsync("wrChat1", "一号群", null);

        Assert.Null((await cached.GetByChatIdAsync("wrChat1"))!.GridId);
        await elsewhere.UpsertAsync("wrChat1", "一号群", street.Id);
        Assert.Null((await cached.GetByChatIdAsync("wrChat1"))!.GridId); // within the interval: the cached row

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(street.Id, (await cached.GetByChatIdAsync("wrChat1"))!.GridId);
    }

    [Fact]
    public async Task ListActiveAsync_EditedThroughThisInstance_SeenAtOnce()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00+08:00"));
        var rules = new RoutingRuleRepository(dataSource, new ReferenceCache(dataSource, clock, TimeSpan.FromMinutes(1)));
        var before = await rules.ListActiveAsync();

        await rules.InsertAsync(new RoutingRuleFields("路灯", 10, null, "street_light", null, null, "grid_worker", null, "grid", "working", 30, 1440));

        Assert.Equal(before.Count + 1, (await rules.ListActiveAsync()).Count);
    }

    [Fact]
    public async Task GetByUseridAsync_RawSqlEdit_BumpsTheMarkerAndReloads()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00+08:00"));
        var members = new MemberRepository(dataSource, new ReferenceCache(dataSource, clock, TimeSpan.FromSeconds(1)));
        Assert.Null(await members.GetByUseridAsync("newcomer")); // "not a member" is cached too

        await using (var connection = await dataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("insert into member (userid, name, role) values ('newcomer', '新同事', 'grid_worker')");
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("新同事", (await members.GetByUseridAsync("newcomer"))!.Name);
    }
}
