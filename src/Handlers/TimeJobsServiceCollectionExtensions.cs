using GridLine.Handlers.Digests;
using GridLine.Handlers.Jobs;
using GridLine.Handlers.Metrics;
using GridLine.Handlers.Messaging;
using GridLine.Handlers.Reminders;
using GridLine.Handlers.Replies;
using GridLine.Handlers.WorkOrders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GridLine.Handlers;

/// <summary>
/// Registers time-based work: reminder planning, firing and scheduling, the safety-net sweep, digests, the metrics, and the
/// recurring jobs. Needs AddStorage, AddWorkOrderDomain, AddGridLineProcessing and a Hangfire client (IBackgroundJobClient,
/// IRecurringJobManager: AddHangfire in the host).
/// </summary>
public static class TimeJobsServiceCollectionExtensions
{
    public static IServiceCollection AddTimeJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ReminderOptions>().Bind(configuration.GetSection(ReminderOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.IsValid(), "Reminders: every span must be positive and AutoCloseAfter longer than RatingReminderAfter.")
            .ValidateOnStart();
        services.AddOptions<DigestOptions>().Bind(configuration.GetSection(DigestOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => IsCron(o.DailyCron) && IsCron(o.WeeklyCron) && IsCron(o.MonthlyCron), "Digests: every *Cron must be a 5-field cron expression.")
            .ValidateOnStart();
        // Rendering and queueing messages are shared with the chat workflow (AddGridLineProcessing registers them too).
        services.TryAddSingleton<ReplyRenderer>();
        services.TryAddSingleton<Notifier>();
        services.TryAddSingleton<ReminderPlanner>();
        services.TryAddSingleton<ReminderFirer>();
        services.TryAddTransient<ReminderJob>();
        services.TryAddTransient<ReminderSweepJob>();
        services.TryAddSingleton<WorkOrderMetrics>();
        services.TryAddTransient<DigestJobs>();
        services.TryAddSingleton<ReminderScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderScheduler>());
        services.AddHostedService<RecurringJobsRegistration>();
        return services;
    }

    private static bool IsCron(string expression) => expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 5;
}
