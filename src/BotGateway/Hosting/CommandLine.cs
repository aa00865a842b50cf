using GridLine.Storage;

namespace GridLine.BotGateway.Hosting;

/// <summary>Subcommands of the gateway executable (<c>dotnet run --project src/BotGateway -- &lt;command&gt;</c>).</summary>
internal static class CommandLine
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Commands = new(StringComparer.Ordinal)
    {
        ["migrate"] = MigrateAsync,
        ["classify"] = UnderstandingCommands.ClassifyAsync,
        ["eval"] = UnderstandingCommands.EvalAsync,
        ["retrain"] = UnderstandingCommands.RetrainAsync,
        ["create-admin"] = GridLine.BotGateway.Admin.AdminCommands.CreateAdminAsync,
        ["create-token"] = GridLine.BotGateway.Admin.AdminCommands.CreateTokenAsync,
    };

    public static bool IsCommand(string arg) => Commands.ContainsKey(arg);

    public static Task<int> RunAsync(string[] args) => Commands[args[0]](args[1..]);

    /// <summary>Applies migrations and exits (useful before a rolling deploy).</summary>
    private static async Task<int> MigrateAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddStorage(builder.Configuration);
        using var host = builder.Build();
        var applied = await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync();
        Console.WriteLine(applied.Count == 0 ? "database is up to date" : $"applied migrations: {string.Join(", ", applied)}");
        return 0;
    }
}
