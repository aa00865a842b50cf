using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridLine.Storage;

/// <summary>Registers the data source, the migration runner and every repository.</summary>
public static class StorageServiceCollectionExtensions
{
    static StorageServiceCollectionExtensions() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .Configure(o =>
            {
                var cs = configuration.GetConnectionString("GridLine");
                if (!string.IsNullOrWhiteSpace(cs)) o.ConnectionString = cs;
            })
            .ValidateDataAnnotations()
            .Validate(o => IsParsable(o.ConnectionString), "ConnectionStrings:GridLine is not a valid Npgsql connection string.")
            .ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
            builder.ConnectionStringBuilder.ApplicationName ??= "gridline";
            // No session state outlives a borrow (the dispatcher's advisory locks are released in finally), so skip the
            // DISCARD ALL Npgsql sends on every reuse: it was a third of the statements of an idle gateway (docs/benchmarks.md).
            builder.ConnectionStringBuilder.NoResetOnClose = true;
            if (options.MaxAutoPrepare > 0 && !options.ConnectionString.Replace(" ", "").Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = options.MaxAutoPrepare;
                builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
            }
            return builder.Build();
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new InboxBatchWriter(sp.GetRequiredService<NpgsqlDataSource>(), options.InboxWriteConcurrency, options.InboxWriteMaxBatch);
        });
        services.AddSingleton<MigrationRunner>();
        // One per instance; the repositories below take it through their optional constructor parameter.
        services.AddSingleton(sp => new ReferenceCache(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetService<TimeProvider>() ?? TimeProvider.System,
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ReferenceCacheCheckMilliseconds)));
        services.AddSingleton<InboxRepository>();
        services.AddSingleton<OutboxRepository>();
        services.AddSingleton<GridRepository>();
        services.AddSingleton<MemberRepository>();
        services.AddSingleton<ChatGroupRepository>();
        services.AddSingleton<WorkOrderRepository>();
        services.AddSingleton<AccessTokenRepository>();
        services.AddSingleton<ReplyTemplateRepository>();
        services.AddSingleton<OutboxDelivery>();
        services.AddSingleton<RoutingRuleRepository>();
        services.AddSingleton<CalendarDayRepository>();
        services.AddSingleton<ReminderRepository>();
        services.AddSingleton<MetricsRepository>();
        services.AddSingleton<FaqRepository>();
        services.AddSingleton<AdminAccountRepository>();
        services.AddSingleton<ApiTokenRepository>();
        services.AddSingleton<AuditLogRepository>();
        services.AddSingleton<DashboardRepository>();
        services.AddSingleton<ConsoleConfigRepository>();
        return services;
    }

    private static bool IsParsable(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return true; // reported by [Required]
        try { _ = new NpgsqlConnectionStringBuilder(connectionString); return true; }
        catch (ArgumentException) { return false; }
    }
}
