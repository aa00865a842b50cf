using GridLine.Handlers.Replies;
using GridLine.Storage;
using GridLine.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GridLine.Handlers.Tests.Replies;

public class ReplyRendererTests
{
    [Fact]
    public void Format_KnownAndUnknownPlaceholders_KnownReplacedUnknownKeptVisible()
    {
        var text = ReplyRenderer.Format("工单 {number} 由{assignee}处理 {typo} {{literal}}", new Dictionary<string, string?> { ["number"] = "1024", ["assignee"] = "王伟" });

        Assert.Equal("工单 1024 由王伟处理 {typo} {literal}", text);
    }

    [Fact]
    public void Defaults_EveryCodeHasOneDefaultText()
    {
        var codes = typeof(ReplyCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(codes.Order(), DefaultReplyTemplates.All.Select(t => t.Code).Order());
    }

    [Fact]
    public async Task RenderAsync_AdminEditsTemplate_NewTextUsedAfterCacheInterval()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var repository = new ReplyTemplateRepository(dataSource);
        await repository.InsertMissingDefaultsAsync(DefaultReplyTemplates.All);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00+08:00"));
        var renderer = new ReplyRenderer(repository, clock, NullLogger<ReplyRenderer>.Instance);
        var values = new Dictionary<string, string?> { ["number"] = "1001" };
        var before = await renderer.RenderAsync(ReplyCodes.StatusNotFound, values);

        var row = (await repository.ListAsync()).Single(r => r.Code == ReplyCodes.StatusNotFound);
        Assert.NotNull(await repository.UpdateAsync(row.Code, "查无此单 {number}", row.Version));
        var cached = await renderer.RenderAsync(ReplyCodes.StatusNotFound, values);
        clock.Advance(TimeSpan.FromSeconds(6));
        var after = await renderer.RenderAsync(ReplyCodes.StatusNotFound, values);

        Assert.Equal("没有找到工单 1001，请核对工单号。", before);
        Assert.Equal(before, cached);
        Assert.Equal("查无此单 1001", after);
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_RefusedAndTextUnchanged()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var repository = new ReplyTemplateRepository(dataSource);
        await repository.InsertMissingDefaultsAsync(DefaultReplyTemplates.All);
        var row = (await repository.ListAsync()).Single(r => r.Code == ReplyCodes.Signed);

        Assert.NotNull(await repository.UpdateAsync(row.Code, "甲的修改", row.Version));
        Assert.Null(await repository.UpdateAsync(row.Code, "乙的修改", row.Version));

        Assert.Equal("甲的修改", (await repository.ListAsync()).Single(r => r.Code == ReplyCodes.Signed).Text);
    }
}
