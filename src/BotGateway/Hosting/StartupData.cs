using GridLine.Handlers.Replies;
using GridLine.Handlers.Seeding;
using GridLine.Storage;

namespace GridLine.BotGateway.Hosting;

/// <summary>Data every instance needs after migrations: missing default reply templates, and the demo grids when Seed:Demo is on.</summary>
internal sealed class StartupData(ReplyTemplateRepository templates, DemoSeeder seeder) : IStartupSchemaStep
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await templates.InsertMissingDefaultsAsync(DefaultReplyTemplates.All, cancellationToken);
        await seeder.SeedIfEnabledAsync(cancellationToken);
    }
}
