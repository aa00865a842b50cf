using GridLine.Handlers.Reminders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GridLine.Handlers;

/// <summary>Registers time-based work: reminder planning and firing, the reminder scheduler, digests and the metrics.</summary>
public static class TimeJobsServiceCollectionExtensions
{
    public static IServiceCollection AddTimeJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ReminderOptions>().Bind(configuration.GetSection(ReminderOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.IsValid(), "Reminders: every span must be positive and AutoCloseAfter longer than RatingReminderAfter.")
            .ValidateOnStart();
        services.TryAddSingleton<ReminderPlanner>();
        return services;
    }
}
