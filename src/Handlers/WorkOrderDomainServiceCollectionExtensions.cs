using GridLine.Handlers.Routing;
using GridLine.Handlers.Seeding;
using GridLine.Handlers.Time;
using GridLine.Handlers.WorkOrders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers;

/// <summary>Registers the work-order domain: state machine, router, working calendar, SLA clock and demo seeder.</summary>
public static class WorkOrderDomainServiceCollectionExtensions
{
    /// <summary>Needs <c>AddStorage()</c> for the repositories. The host calls <see cref="DemoSeeder.SeedIfEnabledAsync"/> after migrations.</summary>
    public static IServiceCollection AddWorkOrderDomain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkOrderPolicy>()
            .Bind(configuration.GetSection(WorkOrderPolicy.Section))
            .Validate(p => p.ReopenWindow > TimeSpan.Zero, "WorkOrders:ReopenWindow must be positive, e.g. 7.00:00:00.")
            .ValidateOnStart();
        services.AddOptions<CalendarOptions>()
            .Bind(configuration.GetSection(CalendarOptions.Section))
            .PostConfigure(o => o.ApplyDefaults())
            .Validate(o => o.IsValid(), "Calendar:WorkingHours must be ordered, non-overlapping HH:mm-HH:mm periods and Calendar:WorkingDays not empty.")
            .ValidateOnStart();
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.Section));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new WorkOrderStateMachine(sp.GetRequiredService<IOptions<WorkOrderPolicy>>().Value));
        services.AddSingleton<WorkingCalendarProvider>();
        services.AddSingleton<SlaClock>();
        services.AddSingleton<Router>();
        services.AddSingleton<DemoSeeder>();
        return services;
    }
}
