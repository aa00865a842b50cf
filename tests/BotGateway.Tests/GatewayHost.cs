using GridLine.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GridLine.BotGateway.Tests;

/// <summary>The real gateway, started on Kestrel on a free loopback port against its own fresh database.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, string baseUrl, string connectionString)
    {
        _app = app;
        BaseUrl = baseUrl;
        ConnectionString = connectionString;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string BaseUrl { get; }
    public string ConnectionString { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a gateway. <paramref name="settings"/> are extra configuration keys (as on the command line).</summary>
    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null, string? connectionString = null)
    {
        connectionString ??= await TestDatabase.CreateMigratedAsync();
        // Port 0: Kestrel binds a free port itself (a port picked beforehand can be taken by another test's outgoing
        // connection before the bind, which failed a clean-clone run once); the bound address is read after the start.
        const string url = "http://127.0.0.1:0";
        // Two Hangfire workers unless a test asks for more: each waiting worker holds a database connection (long polling),
        // and many gateways run at once in the suite.
        var args = new List<string> { "--urls", url, "--environment", "Testing", $"--ConnectionStrings:GridLine={connectionString}", "--Logging:LogLevel:Default=Warning",
            "--Jobs:WorkerCount=2" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) args.Add($"--{key}={value}");
        var app = GatewayApp.Build(args.ToArray(), configure);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        return new GatewayHost(app, bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal), connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
