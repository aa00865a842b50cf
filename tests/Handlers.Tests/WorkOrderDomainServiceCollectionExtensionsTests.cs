using GridLine.Handlers.Routing;
using GridLine.Handlers.Seeding;
using GridLine.Handlers.Time;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Tests;

public class WorkOrderDomainServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["ConnectionStrings:GridLine"] = "Host=127.0.0.1;Database=unused";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddStorage(configuration).AddWorkOrderDomain(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddWorkOrderDomain_WithStorage_ResolvesEveryServiceAndBindsOptions()
    {
        using var services = Build(new() { ["WorkOrders:ReopenWindow"] = "3.00:00:00", ["Seed:Demo"] = "true" });

        Assert.NotNull(services.GetRequiredService<Router>());
        Assert.NotNull(services.GetRequiredService<SlaClock>());
        Assert.NotNull(services.GetRequiredService<DemoSeeder>());
        Assert.NotNull(services.GetRequiredService<WorkOrderStateMachine>());
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
        Assert.Equal(TimeSpan.FromDays(3), services.GetRequiredService<IOptions<WorkOrderPolicy>>().Value.ReopenWindow);
        Assert.True(services.GetRequiredService<IOptions<SeedOptions>>().Value.Demo);
    }

    [Fact]
    public void AddWorkOrderDomain_OverlappingWorkingHours_OptionsRejected()
    {
        using var services = Build(new() { ["Calendar:WorkingHours:0"] = "09:00-14:00", ["Calendar:WorkingHours:1"] = "13:30-18:00" });

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CalendarOptions>>().Value);
    }
}

public class CalendarOptionsBindingTests
{
    [Fact]
    public void Bind_ConfiguredWorkingHoursAndDays_ReplaceDefaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:GridLine"] = "Host=127.0.0.1;Database=unused",
            ["Calendar:WorkingHours:0"] = "08:30-12:00",
            ["Calendar:WorkingHours:1"] = "13:00-17:30",
            ["Calendar:WorkingDays:0"] = "Monday",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddStorage(configuration).AddWorkOrderDomain(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<CalendarOptions>>().Value;

        Assert.Equal(["08:30-12:00", "13:00-17:30"], options.WorkingHours);
        Assert.Equal([DayOfWeek.Monday], options.WorkingDays);
    }
}
