using Hangfire;
using Hangfire.PostgreSql;
using GridLine.BotGateway.Hosting;
using GridLine.Storage;
using Npgsql;
using Microsoft.Extensions.Options;

namespace GridLine.BotGateway.Jobs;

/// <summary>Hangfire on PostgreSQL: its own schema, ≤ 1 s polling, sliding invisibility timeout, bounded retention, admin-only dashboard.</summary>
internal static class JobsSetup
{
    public const string DashboardPolicy = "HangfireDashboard";

    public static IServiceCollection AddGridLineJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHangfire((sp, config) =>
        {
            var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(HangfireConnectionString(storage.ConnectionString)), new PostgreSqlStorageOptions
                {
                    SchemaName = jobs.SchemaName,
                    PrepareSchemaIfNecessary = false, // installed by HangfireSchemaStep at startup, so a dead database never blocks Build()
                    QueuePollInterval = TimeSpan.FromMilliseconds(jobs.QueuePollMilliseconds),
                    // Idle workers wait on LISTEN/NOTIFY instead of polling: a new job is picked up at once and an idle
                    // gateway does not cost PostgreSQL a query per worker per poll interval.
                    EnableLongPolling = true,
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = TimeSpan.FromMinutes(5),
                    DistributedLockTimeout = TimeSpan.FromMinutes(1),
                    JobExpirationCheckInterval = TimeSpan.FromMinutes(15),
                })
                .WithJobExpirationTimeout(TimeSpan.FromHours(jobs.FinishedJobRetentionHours));
        });
        services.AddSingleton<IStartupSchemaStep, HangfireSchemaStep>();
        if (configuration.GetValue(JobsOptions.Section + ":ServerEnabled", true))
        {
            services.AddHangfireServer((sp, server) =>
            {
                var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
                server.WorkerCount = jobs.WorkerCount;
                server.Queues = [JobQueues.Critical, JobQueues.Default];
                server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            });
        }
        return services;
    }

    /// <summary>Hangfire's connections skip the DISCARD ALL on every pool return (Hangfire sets no session state).</summary>
    private static string HangfireConnectionString(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, ApplicationName = "gridline-hangfire" }.ConnectionString;

    /// <summary>The dashboard, for admins only: an authorization policy, not Hangfire's local-requests filter (behind a proxy every visitor looks local).</summary>
    public static IEndpointRouteBuilder MapGridLineJobsDashboard(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboardWithAuthorizationPolicy(DashboardPolicy, "/hangfire", new DashboardOptions { DashboardTitle = "GridLine 任务", DisplayStorageConnectionString = false });
        return app;
    }
}

/// <summary>Hangfire queue names: replies and reminders go first.</summary>
public static class JobQueues
{
    public const string Critical = "critical";
    public const string Default = "default";
}

/// <summary>Installs or upgrades Hangfire's schema (Hangfire's installer takes its own lock, so concurrent instances are safe).</summary>
internal sealed class HangfireSchemaStep(NpgsqlDataSource dataSource, IOptions<JobsOptions> options) : IStartupSchemaStep
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        PostgreSqlObjectsInstaller.Install(connection, options.Value.SchemaName);
    }
}
