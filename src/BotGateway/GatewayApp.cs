using GridLine.BotGateway.Bench;
using GridLine.BotGateway.Callbacks;
using GridLine.BotGateway.Health;
using GridLine.BotGateway.Hosting;
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
        var builder = WebApplication.CreateBuilder(args);

        // Logging: plain console by default, JSON lines with Logging:Format=json.
        builder.ConfigureGridLineLogging();

        // Storage: NpgsqlDataSource, repositories, migrations applied before anything else starts.
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddHostedService<MigrationHostedService>();

        // Admin identity: cookie sessions for the console; policies for the dashboard and the API.
        builder.Services.AddAuthentication(AdminAuth.Scheme).AddCookie(AdminAuth.Scheme, AdminAuth.ConfigureCookie);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(JobsSetup.DashboardPolicy, p => p.RequireAuthenticatedUser().RequireRole(AdminAuth.SystemAdminRole));

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

        configureServices?.Invoke(builder);
        var app = builder.Build();

        app.UseAuthentication();
        app.UseAuthorization();

        // Liveness and readiness.
        app.MapHealth();

        // Hangfire dashboard at /hangfire, system admins only.
        app.MapGridLineJobsDashboard();

        // Printable petition forms (信访事项代办登记表), admins only.
        app.MapPetitionForms();

        // Callback and ingest routes (never a 500: an exception boundary maps failures to 4xx/503).
        app.MapWeComCallbacks();
        app.MapBench();

        return app;
    }
}
