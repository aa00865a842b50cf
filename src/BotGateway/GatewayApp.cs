using GridLine.BotGateway.Callbacks;
using GridLine.BotGateway.Health;
using GridLine.BotGateway.Hosting;
using GridLine.Storage;

namespace GridLine.BotGateway;

/// <summary>Builds the gateway host. Program.cs and the integration tests (which start it on a loopback port) share this.</summary>
public static class GatewayApp
{
    /// <summary>Builds the application; <paramref name="configureServices"/> lets tests replace services (e.g. TimeProvider).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Logging: plain console by default, JSON lines with Logging:Format=json.
        builder.ConfigureGridLineLogging();

        // Storage: NpgsqlDataSource, repositories, migrations applied before the server listens.
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddHostedService<MigrationHostedService>();

        // Inbound: WeCom app/bot callbacks and signed ingest, stored in the durable inbox.
        builder.Services.AddWeComCallbacks(builder.Configuration);

        configureServices?.Invoke(builder);
        var app = builder.Build();

        // Liveness and readiness.
        app.MapHealth();

        // Callback and ingest routes (never a 500: an exception boundary maps failures to 4xx/503).
        app.MapWeComCallbacks();

        return app;
    }
}
