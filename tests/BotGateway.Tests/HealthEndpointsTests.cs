using System.Net;
using GridLine.TestSupport;

namespace GridLine.BotGateway.Tests;

public class HealthEndpointsTests
{
    [Fact]
    public async Task Readyz_FreshDatabase_MigratedAtStartupAndReady()
    {
        await using var gateway = await GatewayHost.StartAsync(connectionString: await TestDatabase.CreateEmptyAsync());

        var healthz = await gateway.Client.GetAsync("/healthz");
        var readyz = await gateway.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
        Assert.Contains("ready", await readyz.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_DatabaseUnreachable_Answers503()
    {
        // A port nobody listens on: the gateway must start (migrations disabled) and report not ready, not crash.
        var deadDatabase = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=none;Timeout=2";
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Storage:MigrateOnStartup"] = "false", ["Jobs:ServerEnabled"] = "false" }, connectionString: deadDatabase);

        var readyz = await gateway.Client.GetAsync("/readyz");
        var healthz = await gateway.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
    }

    [Fact]
    public void Build_MissingConnectionString_FailsAtStartupNamingTheSetting()
    {
        var ex = Assert.ThrowsAny<Exception>(() =>
            GatewayApp.Build(["--urls", $"http://127.0.0.1:{FreePort.Next()}", "--ConnectionStrings:GridLine="]).StartAsync().GetAwaiter().GetResult());
        Assert.Contains("ConnectionStrings:GridLine", ex.Message);
    }

    [Fact]
    public async Task HangfireDashboard_Anonymous_Refused()
    {
        await using var gateway = await GatewayHost.StartAsync();

        var response = await gateway.Client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
