using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridLine.BotGateway.Admin;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GridLine.BotGateway.Tests.Admin;

/// <summary>Who may call /api: nobody without credentials, scoped admins only inside their subtree, cookie writes only with a CSRF token.</summary>
public class ApiAuthorizationTests
{
    [Fact]
    public async Task EveryApiEndpoint_WithoutCredentials_Answers401()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        // Enumerated from the running app, so a new endpoint cannot be forgotten.
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && (p.StartsWith("/api", StringComparison.Ordinal) || p.StartsWith("api", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, e.RoutePattern.RawText!)))
            .Distinct().ToList();
        Assert.True(endpoints.Count >= 30, $"expected the whole API, found {endpoints.Count} endpoints");

        var failures = new List<string>();
        foreach (var (method, pattern) in endpoints)
        {
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(pattern.TrimStart('/'), @"\{\*?\*?(\w+)[^}]*\}", m => m.Groups[1].Value switch
            {
                "id" => "1", "day" => "2026-10-01", "code" => "order_ack", _ => "x",
            });
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT") request.Content = JsonContent.Create(new { });
            var response = await host.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{method} {path} → {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, "answered without credentials:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task ApiEndpoint_BadBearerToken_Answers401()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/work-orders");
        request.Headers.Authorization = new("Bearer", "gl_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task CommunityAdmin_ReadsOtherCommunitysOrder_404AndNeverListed()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        await AdminTestData.SeedDemoAsync(host);
        var east = await AdminTestData.OrderInAsync(host, "DH-E-G1", "东苑路灯坏了");
        var west = await AdminTestData.OrderInAsync(host, "DH-W-G1", "西苑路灯坏了", reporter: "wmWestResident");
        using var eastAdmin = await AdminTestData.BearerClientAsync(host, "community_admin", "DH-E");

        Assert.Equal(HttpStatusCode.OK, (await eastAdmin.GetAsync($"/api/work-orders/{east.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await eastAdmin.GetAsync($"/api/work-orders/{west.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await eastAdmin.GetAsync("/api/work-orders/999999")).StatusCode);
        var action = await eastAdmin.PostAsJsonAsync($"/api/work-orders/{west.Id}/actions", new { action = "close", version = west.Version });
        Assert.Equal(HttpStatusCode.NotFound, action.StatusCode);

        var list = await eastAdmin.GetStringAsync("/api/work-orders");
        Assert.Contains("东苑路灯坏了", list);
        Assert.DoesNotContain("西苑路灯坏了", list);
        Assert.DoesNotContain("wmWestResident", list);
        Assert.DoesNotContain("wmWestResident", await eastAdmin.GetStringAsync("/api/work-orders/export.csv"));
        // Members of the other community (and their phones) are not listed either.
        Assert.DoesNotContain("zhaogang", await eastAdmin.GetStringAsync("/api/members"));

        using var system = await AdminTestData.BearerClientAsync(host, "system_admin");
        Assert.Equal(HttpStatusCode.OK, (await system.GetAsync($"/api/work-orders/{west.Id}")).StatusCode);
    }

    [Fact]
    public async Task CookieWrite_WithoutCsrfToken_Rejected()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        var admin = await AdminTestData.CreateAdminAsync(host, "system_admin");
        var (client, csrf) = await AdminTestData.CookieSessionAsync(host, admin.Login);
        var rule = new { name = "测试规则", priority = 50, assigneeRole = "grid_worker", handlingLevel = "grid", clock = "working", signSlaMinutes = 60, dueSlaMinutes = 600 };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/routing-rules")).StatusCode); // reads need no token
        var without = await client.PostAsJsonAsync("/api/routing-rules", rule);
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Contains("CSRF", await without.Content.ReadAsStringAsync());

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/routing-rules") { Content = JsonContent.Create(rule) };
        wrong.Headers.Add(AdminSetup.CsrfHeader, "forged");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(wrong)).StatusCode);

        using var with = new HttpRequestMessage(HttpMethod.Post, "/api/routing-rules") { Content = JsonContent.Create(rule) };
        with.Headers.Add(AdminSetup.CsrfHeader, csrf);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(with)).StatusCode);
    }

    [Fact]
    public async Task Login_WithoutCsrfOrWithWrongPassword_Rejected()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        var admin = await AdminTestData.CreateAdminAsync(host, "system_admin");
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(host.BaseUrl) };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/console/session/login", new { login = admin.Login, password = AdminTestData.Password })).StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/console/session/login") { Content = JsonContent.Create(new { login = admin.Login, password = "not-the-password" }) };
        wrong.Headers.Add(AdminSetup.CsrfHeader, await AdminTestData.CsrfAsync(client));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/session/me")).StatusCode);
    }

    [Fact]
    public async Task Login_ElevenAttemptsInAMinute_Answers429()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(host.BaseUrl) };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++) statuses.Add((await client.PostAsJsonAsync("/console/session/login", new { login = "x", password = "y" })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task SystemOnlyEndpoints_CommunityAdmin_Answers403()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        await AdminTestData.SeedDemoAsync(host);
        using var community = await AdminTestData.BearerClientAsync(host, "community_admin", "DH-E");
        Assert.Equal(HttpStatusCode.Forbidden, (await community.GetAsync("/api/admins")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await community.PostAsJsonAsync("/api/classifier-rules", new { pattern = "广告", forceType = "other" })).StatusCode);
        var me = await community.GetFromJsonAsync<JsonElement>("/api/session/me");
        Assert.Equal("community_admin", me.GetProperty("role").GetString());
    }
}
