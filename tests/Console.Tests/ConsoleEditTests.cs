using GridLine.BotGateway.Tests;
using GridLine.BotGateway.Tests.Admin;
using GridLine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GridLine.Console.Tests;

/// <summary>Editing in the console: an FAQ answer (and a stale page's 版本冲突), a new member deactivated, an admin account renamed.</summary>
[Collection(ConsoleBrowser.Collection)]
public class ConsoleEditTests
{
    // No WeCom sandbox and no Hangfire server: these pages only talk to the admin API.
    private static readonly Dictionary<string, string?> Light = new() { ["Jobs:ServerEnabled"] = "false" };

    /// <summary>A seeded gateway and a system admin signed in to it in Chromium; page errors are collected.</summary>
    private sealed class Session : IAsyncDisposable
    {
        public required GatewayHost Host { get; init; }
        public required ConsoleBrowser Browser { get; init; }
        public required IPage Page { get; init; }
        public List<string> Errors { get; } = [];

        public static async Task<Session> StartAsync(string login)
        {
            var host = await GatewayHost.StartAsync(Light);
            await AdminTestData.SeedDemoAsync(host);
            var admin = await AdminTestData.CreateAdminAsync(host, "system_admin", login: login);
            var browser = await ConsoleBrowser.LaunchAsync();
            var session = new Session { Host = host, Browser = browser, Page = await browser.SignedInPageAsync(host.BaseUrl, admin.Login, AdminTestData.Password) };
            session.Page.PageError += (_, e) => session.Errors.Add(e);
            return session;
        }

        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            await Host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Console_EditFaqAnswer_NewTextListed_StalePageShowsVersionConflict_RetiredGreyed()
    {
        await using var session = await Session.StartAsync("faq-editor");
        var (host, page) = (session.Host, session.Page);
        await page.GotoAsync("/console/#/faq");
        var row = page.Locator("#faq tbody tr", new() { HasTextString = "城乡居民医保在哪里交" });
        Assert.Equal("示例", await row.Locator(".badge.example").TextContentAsync());

        // Edit the shipped example's answer: the list shows the new text, no longer marked 示例.
        await row.Locator("button[data-edit]").ClickAsync();
        Assert.Equal("保存修改", await page.TextContentAsync("#faq-save"));
        Assert.StartsWith("【示例", await page.InputValueAsync("#faq-a"));
        await page.FillAsync("#faq-a", "东湖街道：城乡居民医保请到社区服务中心二楼3号窗口缴纳。");
        await page.ClickAsync("#faq-save");
        await row.Filter(new() { HasTextString = "二楼3号窗口" }).WaitForAsync();
        Assert.Equal(0, await row.Locator(".badge.example").CountAsync());
        Assert.Equal("已保存", await page.TextContentAsync("#faq-message"));

        // Someone else saves the entry while this page holds the old version: saving answers 版本冲突 and changes nothing.
        await row.Locator("button[data-edit]").ClickAsync();
        var id = long.Parse((await row.GetAttributeAsync("data-id"))!);
        var faq = host.Services.GetRequiredService<FaqRepository>();
        var current = (await faq.GetByIdAsync(id))!;
        Assert.NotNull(await faq.UpdateAsync(id, current.Version, current.Question, "另一位管理员的答案", current.Keywords, current.Synonyms, null, null, true));
        await page.FillAsync("#faq-a", "过时页面上的答案");
        await page.ClickAsync("#faq-save");
        await page.Locator("#faq-message", new() { HasTextString = "版本冲突" }).WaitForAsync();
        Assert.Equal("另一位管理员的答案", (await faq.GetByIdAsync(id))!.Answer);

        // Retire it (after reloading the page): greyed with 已停用, and the button offers 启用.
        await page.ReloadAsync();
        await row.Filter(new() { HasTextString = "另一位管理员的答案" }).Locator("button[data-toggle]").ClickAsync();
        await row.Locator(".badge.retired").WaitForAsync();
        Assert.Equal("已停用", await row.Locator(".badge.retired").TextContentAsync());
        Assert.Contains("retired", await row.GetAttributeAsync("class"));
        Assert.Equal("启用", await row.Locator("button[data-toggle]").TextContentAsync());
        Assert.False((await faq.GetByIdAsync(id))!.IsActive);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Console_AddMemberThenDeactivate_ListShowsStopped()
    {
        await using var session = await Session.StartAsync("member-editor");
        var (host, page) = (session.Host, session.Page);
        await page.GotoAsync("/console/#/members");
        await page.FillAsync("#m-userid", "zhoujie");
        await page.FillAsync("#m-name", "周杰");
        await page.FillAsync("#m-phone", "13900001234");
        await page.SelectOptionAsync("#m-role", "grid_worker");
        await page.SelectOptionAsync("#m-grids", new[] { new SelectOptionValue { Label = "东苑社区第二网格（网格）" }, new SelectOptionValue { Label = "东苑2号楼微网格（微网格）" } });
        Assert.True(await page.Locator("#m-active").IsHiddenAsync()); // a new member is on duty
        await page.ClickAsync("#member-save");
        var row = page.Locator("#members tbody tr", new() { HasTextString = "zhoujie" });
        await row.WaitForAsync();
        Assert.Equal("在岗", await row.Locator("td.status").TextContentAsync());
        Assert.Contains("东苑社区第二网格", await row.TextContentAsync());
        Assert.Contains("网格员", await row.TextContentAsync());

        // Edit: a new phone number, one grid fewer, 在岗 unticked.
        await row.Locator("button[data-edit]").ClickAsync();
        Assert.True(await page.IsDisabledAsync("#m-userid"));
        Assert.Equal("周杰", await page.InputValueAsync("#m-name"));
        await page.FillAsync("#m-phone", "13900005678");
        await page.SelectOptionAsync("#m-grids", new SelectOptionValue { Label = "东苑社区第二网格（网格）" });
        await page.UncheckAsync("#m-active");
        await page.ClickAsync("#member-save");
        await row.Filter(new() { HasTextString = "13900005678" }).WaitForAsync();
        Assert.Equal("停用", await row.Locator("td.status").TextContentAsync());
        Assert.Contains("retired", await row.GetAttributeAsync("class"));
        Assert.DoesNotContain("东苑2号楼微网格", await row.TextContentAsync());

        var member = (await host.Services.GetRequiredService<MemberRepository>().GetByUseridAsync("zhoujie"))!;
        Assert.False(member.IsActive);
        Assert.Single(await host.Services.GetRequiredService<MemberRepository>().ListGridIdsAsync(member.Id));

        // And back on duty with the row's own button.
        await row.Locator("button[data-toggle]").ClickAsync();
        await row.Locator("td.status", new() { HasTextString = "在岗" }).WaitForAsync();
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Console_EditAdminAccount_RenamedRescopedAndDeactivated()
    {
        await using var session = await Session.StartAsync("admin-editor");
        var (host, page) = (session.Host, session.Page);
        var other = await AdminTestData.CreateAdminAsync(host, "community_admin", "DH-E", login: "east-admin");
        await page.GotoAsync("/console/#/admins");
        var row = page.Locator("#admins tbody tr", new() { HasTextString = "east-admin" });
        Assert.Contains("东苑社区", await row.TextContentAsync());
        await row.Locator("button[data-edit]").ClickAsync();
        Assert.True(await page.IsDisabledAsync("#a-login"));
        await page.FillAsync("#a-name", "西苑管理员");
        await page.SelectOptionAsync("#a-grid", new SelectOptionValue { Label = "西苑社区（社区）" });
        await page.UncheckAsync("#a-active");
        await page.ClickAsync("#admin-save");
        await row.Filter(new() { HasTextString = "西苑管理员" }).WaitForAsync();
        Assert.Contains("西苑社区", await row.TextContentAsync());
        Assert.Contains("停用", await row.TextContentAsync());
        var after = (await host.Services.GetRequiredService<AdminAccountRepository>().GetByIdAsync(other.Id))!;
        Assert.False(after.IsActive);
        Assert.Equal(other.PasswordHash, after.PasswordHash); // no new password typed: unchanged
        Assert.Contains("admin_account.update", await page.TextContentAsync("#audit"));
        Assert.Empty(session.Errors);
    }
}
