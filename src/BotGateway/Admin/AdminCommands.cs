using GridLine.Storage;
using Microsoft.AspNetCore.Identity;

namespace GridLine.BotGateway.Admin;

/// <summary>
/// <c>create-admin --login x --role system_admin|subdistrict_admin|community_admin [--grid CODE] [--name 名字]</c>: the password comes from
/// <c>GRIDLINE_ADMIN_PASSWORD</c> or the first line of stdin, never from the command line or a default.
/// <c>create-token --login x --name label [--days N]</c>: prints a new bearer token once.
/// </summary>
internal static class AdminCommands
{
    public const string PasswordVariable = "GRIDLINE_ADMIN_PASSWORD";
    public const int MinPasswordLength = 10;

    public static async Task<int> CreateAdminAsync(string[] args)
    {
        var options = Parse(args);
        if (!options.TryGetValue("login", out var login) || !options.TryGetValue("role", out var role))
            return Fail("usage: create-admin --login NAME --role system_admin|subdistrict_admin|community_admin [--grid CODE] [--name 显示名]; password from $GRIDLINE_ADMIN_PASSWORD or stdin");
        if (!AdminAccountRepository.Roles.Contains(role)) return Fail($"--role must be one of {string.Join(", ", AdminAccountRepository.Roles)}");
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            if (!Console.IsInputRedirected) Console.Error.Write("password: ");
            password = Console.ReadLine();
        }
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
            return Fail($"the password must have at least {MinPasswordLength} characters (set {PasswordVariable} or pipe it on stdin)");

        using var host = await StartStorageAsync(args);
        long? scope = null;
        if (role != "system_admin")
        {
            if (!options.TryGetValue("grid", out var code)) return Fail("--grid CODE is required for subdistrict and community admins");
            var grid = await host.Services.GetRequiredService<GridRepository>().GetByCodeAsync(code);
            var expected = role == "subdistrict_admin" ? "subdistrict" : "community";
            if (grid is null || grid.Level != expected) return Fail($"--grid must be the code of a {expected} grid");
            scope = grid.Id;
        }
        var hash = new PasswordHasher<AdminAccount>().HashPassword(null!, password);
        var account = await host.Services.GetRequiredService<AdminAccountRepository>().TryInsertAsync(login, options.GetValueOrDefault("name", login), hash, role, scope);
        if (account is null) return Fail($"an admin with login '{login}' already exists");
        await host.Services.GetRequiredService<AuditLogRepository>().AppendAsync("cli", "admin_account.create", "admin_account", account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            null, $$"""{"login":"{{login}}","role":"{{role}}","scopeGridId":{{(scope?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null")}}}""");
        Console.WriteLine($"created admin '{login}' ({role})");
        return 0;
    }

    public static async Task<int> CreateTokenAsync(string[] args)
    {
        var options = Parse(args);
        if (!options.TryGetValue("login", out var login)) return Fail("usage: create-token --login NAME [--name label] [--days N]");
        using var host = await StartStorageAsync(args);
        var account = await host.Services.GetRequiredService<AdminAccountRepository>().GetByLoginAsync(login);
        if (account is not { IsActive: true }) return Fail($"no active admin '{login}'");
        var (token, hash, prefix) = BearerTokenHandler.NewToken();
        DateTime? expires = options.TryGetValue("days", out var days) ? DateTime.UtcNow.AddDays(int.Parse(days, System.Globalization.CultureInfo.InvariantCulture)) : null;
        await host.Services.GetRequiredService<ApiTokenRepository>().InsertAsync(account.Id, options.GetValueOrDefault("name", "cli"), hash, prefix, expires);
        Console.WriteLine(token);
        return 0;
    }

    private static async Task<IHost> StartStorageAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddStorage(builder.Configuration);
        var host = builder.Build();
        await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync();
        return host;
    }

    private static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i++)
            if (args[i].StartsWith("--", StringComparison.Ordinal) && !args[i].Contains('=')) result[args[i][2..]] = args[++i];
        return result;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
