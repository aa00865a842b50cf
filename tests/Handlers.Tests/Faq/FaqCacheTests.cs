using Dapper;
using GridLine.Storage;
using GridLine.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GridLine.Handlers.Tests.Faq;

/// <summary>FAQ entries come from the reference cache: edits apply within the check interval, answer counters never reload them.</summary>
public class FaqCacheTests
{
    [Fact]
    public async Task ListApplicableAsync_EditElsewhereAppliesAfterTheCheckIntervalAndAnswerCountersDoNotMoveTheVersion()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var faq = new FaqRepository(dataSource, new ReferenceCache(dataSource, time, TimeSpan.FromSeconds(1)));
        await using var connection = await dataSource.OpenConnectionAsync();
        Task<long> VersionAsync() => connection.ExecuteScalarAsync<long>("select version from reference_data_version");

        Assert.Equal(10, (await faq.ListApplicableAsync([], DateTime.UtcNow)).Count);
        var entry = await FaqRepository.InsertAsync(connection, null, "垃圾分类投放时间", "早7点到9点，晚6点到8点", ["垃圾分类"], [], null, null);
        Assert.Equal(10, (await faq.ListApplicableAsync([], DateTime.UtcNow)).Count);   // another instance's write: not yet
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(11, (await faq.ListApplicableAsync([], DateTime.UtcNow)).Count);   // within one check interval

        // Answering from an entry (on the message path, all the time) must not empty every instance's cache.
        var before = await VersionAsync();
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await FaqRepository.RecordAnswerAsync(connection, tx, entry.Id, "wrGridEast001", "resident-1", null, "垃圾几点扔", "environment", 0.9);
            await tx.CommitAsync();
        }
        Assert.Equal(before, await VersionAsync());

        // Retiring an entry does move it, and this instance's own write drops its copy at once.
        await connection.ExecuteAsync("update faq_entry set is_active = false where id = @Id", new { entry.Id });
        Assert.True(await VersionAsync() > before);
        faq.Changed();
        Assert.DoesNotContain(await faq.ListApplicableAsync([], DateTime.UtcNow), e => e.Id == entry.Id);
    }

    [Fact]
    public async Task ListApplicableAsync_GridScopeAndExpiry_FilteredAtReadTime()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var faq = new FaqRepository(dataSource, new ReferenceCache(dataSource, TimeProvider.System, TimeSpan.FromMinutes(1)));
        await using var connection = await dataSource.OpenConnectionAsync();
        var grid = await new GridRepository(dataSource).InsertAsync("sd9", "九街道", "subdistrict", null);
        var scoped = await FaqRepository.InsertAsync(connection, null, "九街道停车", "地下车库B区", ["停车"], [], grid.Id, null);
        var expiring = await FaqRepository.InsertAsync(connection, null, "临时停水", "周三9点到12点停水", ["停水"], [], null, null);
        var until = DateTime.UtcNow.AddHours(1);
        await connection.ExecuteAsync("update faq_entry set valid_until = @until where id = @Id", new { until, expiring.Id });

        var now = DateTime.UtcNow;
        Assert.Contains(await faq.ListApplicableAsync([grid.Id], now), e => e.Id == scoped.Id);
        Assert.DoesNotContain(await faq.ListApplicableAsync([], now), e => e.Id == scoped.Id);
        Assert.Contains(await faq.ListApplicableAsync([], now), e => e.Id == expiring.Id);
        Assert.DoesNotContain(await faq.ListApplicableAsync([], until.AddSeconds(1)), e => e.Id == expiring.Id); // same cached copy, later instant
    }
}
