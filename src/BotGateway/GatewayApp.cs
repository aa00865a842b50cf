using GridLine.BotGateway.Admin;
using GridLine.BotGateway.Bench;
using GridLine.BotGateway.Callbacks;
using GridLine.BotGateway.Health;
using GridLine.BotGateway.Hosting;
using GridLine.BotGateway.Integrations;
using GridLine.BotGateway.Jobs;
using GridLine.BotGateway.Petitions;
using GridLine.Handlers;
using GridLine.Handlers.Understanding;
using GridLine.Handlers.WeComIntegration;
using GridLine.Storage;
using GridLine.WeCom;

namespace GridLine.BotGateway;

/// <summary>Builds the gateway host. Program.cs and the integration tests (which start it on a loopback port) share this.</summary>
public static class GatewayApp
{
    /// <summary>Builds the application; <paramref name="configureServices"/> lets tests replace services (e.g. TimeProvider).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configureServices = null)
    {
        // The console's static files are copied next to the binaries; serve those, so tests and ./run.sh see the same wwwroot.
        var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = Directory.Exists(webRoot) ? webRoot : null });

        // Logging: plain console by default, JSON lines with Logging:Format=json.
        builder.ConfigureGridLineLogging();

        // Storage: NpgsqlDataSource, repositories, migrations applied before anything else starts.
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddHostedService<MigrationHostedService>();

        // Admin identity: cookie sessions for the console, bearer tokens for API clients; policies, antiforgery, login rate limit, OpenAPI.
        builder.Services.AddGridLineAdmin();

        // Hangfire (after migrations, so its server starts once the database is there).
        builder.Services.AddGridLineJobs(builder.Configuration);

        // Inbound: WeCom app/bot callbacks and signed ingest, stored in the durable inbox.
        builder.Services.AddWeComCallbacks(builder.Configuration);
        builder.Services.AddBench(builder.Configuration); // benchmark-only ceiling route, off unless Bench:Enabled=true

        // After the acknowledgement: understanding, work orders, the inbox dispatcher, the outbox and the WeCom API client.
        builder.Services.AddWeComApi(builder.Configuration).AddWeComIntegration();
        builder.Services.AddUnderstanding(builder.Configuration);
        builder.Services.AddWorkOrderDomain(builder.Configuration);
        builder.Services.AddGridLineProcessing(builder.Configuration);

        // Time-based work on Hangfire: reminders, 督办, follow-ups, digests and reports (recurring jobs registered at startup).
        builder.Services.AddTimeJobs(builder.Configuration);
        builder.Services.AddSingleton<IStartupSchemaStep, StartupData>();

        // Integrations: Prometheus gauges and classifier confidence, outbound 12345 webhooks, inbound 12345 dispatch.
        builder.Services.AddGridLinePrometheus();
        builder.Services.AddGridLineIntegrations(builder.Configuration);

        configureServices?.Invoke(builder);
        var app = builder.Build();

        // The console (static files under /console) and the vendored chart library.
        app.UseGridLineHttpMetrics();
        // Callbacks and ingest (most of the traffic) never name a file: skip the two file-system lookups per request.
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/wecom") && !http.Request.Path.StartsWithSegments("/ingest"), files =>
        {
            files.UseDefaultFiles();
            files.UseStaticFiles();
        });
        app.UseMetricsScrapeGate();
        app.UseAuthentication();
        app.UseApiDocsGate();
        app.UseAuthorization();
        app.UseRateLimiter();

        // Liveness and readiness.
        app.MapHealth();

        // Hangfire dashboard at /hangfire, system admins only.
        app.MapGridLineJobsDashboard();

        // Printable petition forms (信访事项代办登记表), admins only.
        app.MapPetitionForms();

        // Callback and ingest routes (never a 500: an exception boundary maps failures to 4xx/503).
        app.MapWeComCallbacks();
        app.MapBench();

        // Admin: console session, REST API under /api, OpenAPI at /openapi/v1.json, reference page at /api/docs.
        app.MapGridLineAdmin();
        // Open311 GeoReport v2 (read-only, public, no personal data) and Prometheus /metrics.
        app.MapOpen311();
        app.MapGridLinePrometheus();
        app.MapGet("/", () => Results.Redirect("/console/")).ExcludeFromDescription();

        return app;
    }
}
