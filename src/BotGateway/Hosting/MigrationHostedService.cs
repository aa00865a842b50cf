using GridLine.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridLine.BotGateway.Hosting;

/// <summary>
/// Applies pending migrations before the server starts listening. While the database is unreachable it keeps
/// retrying (logging why) instead of crashing, so a gateway started before its database simply waits.
/// </summary>
internal sealed class MigrationHostedService(MigrationRunner runner, IEnumerable<IStartupSchemaStep> steps, IOptions<StorageOptions> options, ILogger<MigrationHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStartup) return;
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                await runner.MigrateAsync(cancellationToken);
                foreach (var step in steps) await step.RunAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Database not reachable for migrations ({Reason}); retrying in {Delay}", ex.Message, delay);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Another schema to bring up to date at startup, after GridLine's own migrations (e.g. Hangfire's).</summary>
internal interface IStartupSchemaStep
{
    Task RunAsync(CancellationToken cancellationToken);
}
