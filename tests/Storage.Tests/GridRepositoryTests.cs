using GridLine.Storage;
using GridLine.TestSupport;

namespace GridLine.Storage.Tests;

public class GridRepositoryTests
{
    [Fact]
    public async Task ListSelfAndAncestorsAsync_DedicatedGridSharedByTwoCommunities_ReturnsBothCommunitiesAndSubdistrict()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var grids = new GridRepository(dataSource);
        var street = await grids.InsertAsync("S1", "东湖街道", "subdistrict", null);
        var east = await grids.InsertAsync("C1", "东苑社区", "community", street.Id);
        var west = await grids.InsertAsync("C2", "西苑社区", "community", street.Id);
        var dedicated = await grids.InsertAsync("D1", "学校专属网格", "grid", east.Id, isDedicated: true);
        await grids.AddSharedParentAsync(dedicated.Id, west.Id);

        var chain = await grids.ListSelfAndAncestorsAsync(dedicated.Id);

        Assert.Equal(dedicated.Id, chain[0].Id);
        Assert.Equal([east.Id, west.Id], chain.Skip(1).Take(2).Select(g => g.Id).Order());
        Assert.Equal(street.Id, chain[^1].Id);
        Assert.Equal(4, chain.Count);
    }

    [Fact]
    public async Task ListSelfAndAncestorsAsync_MicroGrid_NearestFirst()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var grids = new GridRepository(dataSource);
        var street = await grids.InsertAsync("S1", "东湖街道", "subdistrict", null);
        var community = await grids.InsertAsync("C1", "东苑社区", "community", street.Id);
        var grid = await grids.InsertAsync("G1", "第一网格", "grid", community.Id);
        var micro = await grids.InsertAsync("M1", "3号楼微网格", "micro_grid", grid.Id);

        var chain = await grids.ListSelfAndAncestorsAsync(micro.Id);

        Assert.Equal(["micro_grid", "grid", "community", "subdistrict"], chain.Select(g => g.Level));
    }
}
