using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GridLine.Storage;

/// <summary>Applies the numbered SQL scripts embedded in this assembly, once each, under a PostgreSQL advisory lock.</summary>
/// <remarks>
/// Each script runs in its own transaction together with its row in <c>schema_migration</c>, so a failed script
/// leaves nothing half-applied. The session-level advisory lock serialises concurrent migrators (two gateway
/// instances starting together); the second one finds every script already recorded and does nothing.
/// </remarks>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    /// <summary>Arbitrary constant identifying "GridLine schema migration" among advisory locks.</summary>
    internal const long AdvisoryLockKey = 0x47_52_49_44_4C_4E_01; // "GRIDLN" + 1

    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    /// <summary>Applies every pending migration; returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, "select pg_advisory_lock(@key)", cancellationToken, ("key", AdvisoryLockKey));
        try
        {
            await ExecuteAsync(connection, """
                create table if not exists schema_migration (
                    version     int primary key,
                    name        text not null,
                    checksum    text not null,
                    applied_at  timestamptz not null default now())
                """, cancellationToken);

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var newlyApplied = new List<int>();
            foreach (var migration in Embedded)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                        logger.LogWarning("Migration {Version} ({Name}) changed after it was applied; the database keeps the applied version", migration.Version, migration.Name);
                    continue;
                }

                await using var tx = await connection.BeginTransactionAsync(cancellationToken);
                await using (var command = new NpgsqlCommand(migration.Sql, connection, tx))
                    await command.ExecuteNonQueryAsync(cancellationToken);
                await using (var record = new NpgsqlCommand(
                    "insert into schema_migration (version, name, checksum) values (@v, @n, @c)", connection, tx))
                {
                    record.Parameters.AddWithValue("v", migration.Version);
                    record.Parameters.AddWithValue("n", migration.Name);
                    record.Parameters.AddWithValue("c", migration.Checksum);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await tx.CommitAsync(cancellationToken);
                newlyApplied.Add(migration.Version);
                logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
            }
            return newlyApplied;
        }
        finally
        {
            await ExecuteAsync(connection, "select pg_advisory_unlock(@key)", CancellationToken.None, ("key", AdvisoryLockKey));
        }
    }

    /// <summary>True when every embedded migration is recorded as applied (used by /readyz).</summary>
    public async Task<bool> IsUpToDateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("select to_regclass('schema_migration') is not null", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!) return false;
        var applied = await ReadAppliedAsync(connection, cancellationToken);
        return Embedded.All(m => applied.ContainsKey(m.Version));
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("select version, checksum from schema_migration", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) applied[reader.GetInt32(0)] = reader.GetString(1);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal) && n.Contains(".Migrations.", StringComparison.Ordinal)))
        {
            // Resource names look like GridLine.Storage.Migrations.0001_foundation.sql
            var file = resource[(resource.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..^".sql".Length];
            var underscore = file.IndexOf('_');
            if (underscore <= 0 || !int.TryParse(file[..underscore], out var version))
                throw new InvalidOperationException($"Migration resource '{resource}' must be named NNNN_name.sql");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd();
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            list.Add(new Migration(version, file[(underscore + 1)..], sql, checksum));
        }
        var duplicates = list.GroupBy(m => m.Version).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) throw new InvalidOperationException($"Duplicate migration versions: {string.Join(", ", duplicates)}");
        return list.OrderBy(m => m.Version).ToList();
    }
}

/// <summary>One embedded migration script.</summary>
public sealed record Migration(int Version, string Name, string Sql, string Checksum);
