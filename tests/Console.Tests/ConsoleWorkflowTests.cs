using System.Diagnostics;
using GridLine.BotGateway.Tests.Admin;
using GridLine.BotGateway.Tests.Workflow;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridLine.Console.Tests;

/// <summary>
/// The console in a real browser against the whole system: log in, create a routing rule, a resident complains in the
/// WeCom sandbox, the order appears on the board routed by that rule, its timeline opens, the dashboard's figures move.
/// </summary>
[Collection(ConsoleBrowser.Collection)]
public class ConsoleWorkflowTests(ITestOutputHelper output)
{
    // Browser tests run alongside the other test assemblies on one PostgreSQL: no Hangfire server (nothing here is time-based),
    // so the gateway holds few connections.
    private static readonly Dictionary<string, string?> Light = new() { ["Jobs:ServerEnabled"] = "false" };

    [Fact]
    public async Task Console_RuleThenComplaint_OrderOnBoardWithTimelineAndDashboardCounts()
    {
        var clock = Stopwatch.StartNew();
        await using var world = await SandboxWorld.StartAsync(Light);
        var admin = await AdminTestData.CreateAdminAsync(world.Gateway, "system_admin", login: "console-admin");
        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = world.Gateway.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(30000); // generous: CI runs six test assemblies and Chromium on two cores; waits return as soon as met
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        // 1. Log in.
        await page.GotoAsync("/console/");
        await page.WaitForURLAsync("**/console/login");
        await page.FillAsync("#login", admin.Login);
        await page.FillAsync("#password", AdminTestData.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#board");
        Assert.Contains("测试管理员", await page.TextContentAsync("#me"));

        // 2. The dashboard before: nothing received yet.
        await page.GotoAsync("/console/#/dashboard");
        await Expect(page, "#fig-received", "0");

        // 3. A routing rule: street lamps in 东苑社区第一网格 go straight to 刘洋.
        await page.GotoAsync("/console/#/routing");
        await page.FillAsync("#r-name", "路灯直派刘洋");
        await page.FillAsync("#r-priority", "10");
        await page.SelectOptionAsync("#r-grid", new SelectOptionValue { Label = "东苑社区第一网格（网格）" });
        await page.SelectOptionAsync("#r-category", "lighting");
        await page.SelectOptionAsync("#r-member", new SelectOptionValue { Label = "刘洋" });
        await page.ClickAsync("#r-save");
        await page.WaitForSelectorAsync("#routing-rules >> text=路灯直派刘洋");

        // 4. A resident complains in the east grid's group through the WeCom sandbox.
        Assert.Equal(200, await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentLi, "3号楼门口的路灯坏了好几天了 晚上黑漆漆的"));
        await world.WaitForSentAsync(r => r.Path.EndsWith("aibot/response") && r.Text!.Contains("工单号"));

        // 5. The order is on the board, assigned by the new rule.
        await page.GotoAsync("/console/#/board");
        var row = page.Locator("#board-rows tr", new() { HasTextString = "3号楼门口的路灯坏了" });
        await row.WaitForAsync();
        Assert.Contains("刘洋", await row.TextContentAsync());

        // 6. Its timeline: opened by the resident, dispatched by the rule.
        await row.ClickAsync();
        await page.WaitForSelectorAsync("#timeline li[data-action=open]");
        Assert.Contains("路灯直派刘洋", await page.TextContentAsync("#timeline"));

        // 7. The dashboard counts it.
        await page.GotoAsync("/console/#/dashboard");
        await Expect(page, "#fig-received", "1");
        Assert.Equal("0.0%", await page.TextContentAsync("#fig-conclusion"));

        // 8. On a phone-sized screen the board still works (menu collapses, table scrolls).
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/console/#/board");
        await row.WaitForAsync();
        Assert.True(await page.IsVisibleAsync("#menu-toggle"));

        Assert.Empty(errors);
        output.WriteLine($"browser workflow took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Console_ClassifierTestBox_ShowsClassificationAndRoute()
    {
        await using var world = await SandboxWorld.StartAsync(Light);
        var admin = await AdminTestData.CreateAdminAsync(world.Gateway, "system_admin", login: "rule-tester");
        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = await browser.SignedInPageAsync(world.Gateway.BaseUrl, admin.Login, AdminTestData.Password);

        await page.GotoAsync("/console/#/classifier");
        await page.FillAsync("#t-text", "<script>alert(1)</script> 小区路灯不亮了，晚上很黑");
        await page.SelectOptionAsync("#t-grid", new SelectOptionValue { Label = "东苑社区第一网格（网格）" });
        await page.ClickAsync("#t-run");
        await page.WaitForSelectorAsync("#t-route");
        Assert.Equal("路灯照明", await page.TextContentAsync("#t-category"));
        Assert.Contains("王伟", await page.TextContentAsync("#t-route"));
    }

    private static async Task Expect(IPage page, string selector, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            seen = await page.Locator(selector).TextContentAsync();
            if (seen == text) return;
            await Task.Delay(200);
        }
        Assert.Fail($"{selector} showed '{seen}', expected '{text}'");
    }
}
