using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GridLine.BotGateway.Admin;
using GridLine.Handlers.Seeding;
using GridLine.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace GridLine.BotGateway.Tests.Admin;

/// <summary>Admins, tokens, orders and console sessions for API tests, written through the real repositories.</summary>
internal static class AdminTestData
{
    public const string Password = "correct-horse-battery";

    /// <summary>API tests need no Hangfire server: without its workers a gateway holds far fewer PostgreSQL connections.</summary>
    public static readonly Dictionary<string, string?> NoJobs = new() { ["Jobs:ServerEnabled"] = "false" };

    /// <summary>Creates an admin (scope by grid code) and returns a bearer client for it.</summary>
    public static async Task<HttpClient> BearerClientAsync(GatewayHost host, string role, string? gridCode = null)
    {
        var account = await CreateAdminAsync(host, role, gridCode);
        var (token, hash, prefix) = BearerTokenHandler.NewToken();
        await host.Services.GetRequiredService<ApiTokenRepository>().InsertAsync(account.Id, "test", hash, prefix, null);
        var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<AdminAccount> CreateAdminAsync(GatewayHost host, string role, string? gridCode = null, string? login = null)
    {
        long? scope = gridCode is null ? null : (await host.Services.GetRequiredService<GridRepository>().GetByCodeAsync(gridCode))!.Id;
        var hash = new PasswordHasher<AdminAccount>().HashPassword(null!, Password);
        return (await host.Services.GetRequiredService<AdminAccountRepository>().TryInsertAsync(login ?? "a" + Guid.NewGuid().ToString("N")[..10], "测试管理员", hash, role, scope))!;
    }

    public static Task SeedDemoAsync(GatewayHost host) => host.Services.GetRequiredService<DemoSeeder>().SeedAsync();

    /// <summary>Inserts an order in the grid with this code.</summary>
    public static async Task<WorkOrder> OrderInAsync(GatewayHost host, string gridCode, string description = "路灯坏了", string reporter = "wmResident9")
    {
        var grid = (await host.Services.GetRequiredService<GridRepository>().GetByCodeAsync(gridCode))!;
        return await host.Services.GetRequiredService<WorkOrderRepository>().InsertAsync(new NewWorkOrder("complaint", "lighting", grid.Id, null, reporter,
            description, "3号楼", "grid", null, "pending_sign", DateTime.UtcNow.AddHours(2), DateTime.UtcNow.AddDays(3)));
    }

    /// <summary>A console session: a cookie client signed in through /console/session/login, and its CSRF header value.</summary>
    public static async Task<(HttpClient Client, string Csrf)> CookieSessionAsync(GatewayHost host, string login)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(host.BaseUrl) };
        var csrf = await CsrfAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/console/session/login") { Content = JsonContent.Create(new { login, password = Password }) };
        request.Headers.Add(AdminSetup.CsrfHeader, csrf);
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
        return (client, await CsrfAsync(client)); // the token is bound to the signed-in user: fetch it again
    }

    public static async Task<string> CsrfAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/console/session/csrf")).GetProperty("token").GetString()!;
}
