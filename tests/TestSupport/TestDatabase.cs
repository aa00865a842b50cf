using Microsoft.Extensions.Logging.Abstractions;
using GridLine.Storage;
using Npgsql;

namespace GridLine.TestSupport;

/// <summary>
/// Fresh PostgreSQL databases for tests, on the cluster named by <c>GRIDLINE_TEST_PG</c> (./test.sh starts one).
/// A migrated template is built once per schema version; each test database is a cheap copy of it, so tests never
/// see each other's data. There is no fallback: without the variable every database test fails with a clear message.
/// </summary>
public static class TestDatabase
{
    public const string EnvironmentVariable = "GRIDLINE_TEST_PG";
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _templateName;

    /// <summary>Connection string of the test cluster's maintenance database.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. Database tests need a real PostgreSQL: run ./test.sh, which starts a throwaway cluster and sets it.");

    /// <summary>Creates an empty database (no migrations) and returns its connection string.</summary>
    public static Task<string> CreateEmptyAsync() => CreateAsync(template: null);

    /// <summary>Creates a database with every migration applied and returns its connection string.</summary>
    public static async Task<string> CreateMigratedAsync() => await CreateAsync(await EnsureTemplateAsync());

    /// <summary>A data source for a connection string, with Dapper configured as production does.</summary>
    public static NpgsqlDataSource OpenDataSource(string connectionString)
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        return NpgsqlDataSource.Create(connectionString);
    }

    private static async Task<string> CreateAsync(string? template)
    {
        var name = "gl_" + Guid.NewGuid().ToString("N")[..20];
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand(template is null ? $"create database {name}" : $"create database {name} template {template}", connection))
        {
            command.CommandTimeout = 120;
            await ExecuteWithRetryAsync(command);
        }
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    // CREATE DATABASE ... TEMPLATE fails while another session is still connected to the template; retry briefly.
    private static async Task ExecuteWithRetryAsync(NpgsqlCommand command)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { await command.ExecuteNonQueryAsync(); return; }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<string> EnsureTemplateAsync()
    {
        if (_templateName is not null) return _templateName;
        await TemplateGate.WaitAsync();
        try
        {
            if (_templateName is not null) return _templateName;
            var schemaHash = string.Concat(MigrationRunner.Embedded.Select(m => m.Checksum));
            var name = "gl_template_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(schemaHash)))[..16];

            await using var connection = new NpgsqlConnection(ServerConnectionString);
            await connection.OpenAsync();
            // Several test assemblies run at once: serialise template creation across processes.
            await using (var lockCommand = new NpgsqlCommand("select pg_advisory_lock(4747)", connection)) await lockCommand.ExecuteNonQueryAsync();
            try
            {
                await using var exists = new NpgsqlCommand("select count(*) from pg_database where datname = @n", connection);
                exists.Parameters.AddWithValue("n", name);
                if ((long)(await exists.ExecuteScalarAsync())! == 0)
                {
                    var building = name + "_build";
                    await using (var drop = new NpgsqlCommand($"drop database if exists {building}", connection)) await drop.ExecuteNonQueryAsync();
                    await using (var create = new NpgsqlCommand($"create database {building}", connection)) await create.ExecuteNonQueryAsync();
                    var cs = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = building, Pooling = false }.ConnectionString;
                    await using (var dataSource = NpgsqlDataSource.Create(cs))
                        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).MigrateAsync();
                    await using (var rename = new NpgsqlCommand($"alter database {building} rename to {name}", connection)) await rename.ExecuteNonQueryAsync();
                }
            }
            finally
            {
                await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(4747)", connection);
                await unlock.ExecuteNonQueryAsync();
            }
            return _templateName = name;
        }
        finally
        {
            TemplateGate.Release();
        }
    }
}
