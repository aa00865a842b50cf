using Dapper;
using GridLine.Storage;
using GridLine.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace GridLine.Storage.Tests;

public class MigrationRunnerTests
{
    [Fact]
    public async Task MigrateAsync_RunTwice_SecondRunAppliesNothingAndSchemaIsComplete()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateEmptyAsync());
        var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);

        Assert.False(await runner.IsUpToDateAsync());
        var first = await runner.MigrateAsync();
        var second = await runner.MigrateAsync();

        Assert.Equal(MigrationRunner.Embedded.Select(m => m.Version), first);
        Assert.Empty(second);
        Assert.True(await runner.IsUpToDateAsync());
        await using var connection = await dataSource.OpenConnectionAsync();
        var recorded = await connection.ExecuteScalarAsync<long>("select count(*) from schema_migration");
        Assert.Equal(MigrationRunner.Embedded.Count, recorded);
    }

    [Fact]
    public async Task MigrateAsync_FourConcurrentMigrators_EachMigrationAppliedExactlyOnce()
    {
        var cs = await TestDatabase.CreateEmptyAsync();
        // Separate data sources behave like separate gateway processes: separate connections, separate sessions.
        var sources = Enumerable.Range(0, 4).Select(_ => TestDatabase.OpenDataSource(cs)).ToList();
        try
        {
            var results = await Task.WhenAll(sources.Select(s => Task.Run(() => new MigrationRunner(s, NullLogger<MigrationRunner>.Instance).MigrateAsync())));

            var allApplied = results.SelectMany(r => r).ToList();
            Assert.Equal(MigrationRunner.Embedded.Select(m => m.Version).Order(), allApplied.Order());
            Assert.Equal(allApplied.Count, allApplied.Distinct().Count());
            Assert.True(await new MigrationRunner(sources[0], NullLogger<MigrationRunner>.Instance).IsUpToDateAsync());
        }
        finally
        {
            foreach (var s in sources) await s.DisposeAsync();
        }
    }

    [Fact]
    public void Embedded_MigrationsAreNumberedAndOrdered()
    {
        var versions = MigrationRunner.Embedded.Select(m => m.Version).ToList();
        Assert.NotEmpty(versions);
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(1, versions[0]);
        Assert.All(MigrationRunner.Embedded, m => Assert.False(string.IsNullOrWhiteSpace(m.Sql)));
    }
}
