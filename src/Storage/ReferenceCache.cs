using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>
/// Per-instance cache of reference data read on every message (chat group by chat id, members, grid chains, active
/// routing rules). Entries load lazily and are dropped together whenever <c>reference_data_version</c> moves (every
/// write to those tables bumps it in the writer's transaction, migration 0060); the version is read at most once per
/// check interval and only when the cache is used, so an idle gateway costs nothing. Writes through this instance's
/// repositories drop the entries at once; writes elsewhere (another instance, psql) apply within one check interval.
/// </summary>
public sealed class ReferenceCache(NpgsqlDataSource dataSource, TimeProvider time, TimeSpan checkInterval)
{
    // A resident's userid is cached as "not a member" too; many distinct senders between two edits must not grow the
    // cache without bound.
    private const int MaxEntries = 50_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile ConcurrentDictionary<string, object?> _entries = new(StringComparer.Ordinal);
    private long _version = -1;
    private DateTimeOffset _nextCheck = DateTimeOffset.MinValue;

    public bool Enabled => checkInterval > TimeSpan.Zero;

    /// <summary>The cached value for <paramref name="key"/>, loading it with <paramref name="load"/> when missing.</summary>
    public async Task<T> GetAsync<T>(string key, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        if (!Enabled) return await load(cancellationToken);
        await CheckIfDueAsync(cancellationToken);
        // Captured before loading: a load that raced with a change lands in the dropped dictionary, never the new one.
        var entries = _entries;
        if (entries.TryGetValue(key, out var cached)) return (T)cached!;
        var value = await load(cancellationToken);
        if (entries.Count >= MaxEntries) Invalidate();
        else entries.TryAdd(key, value);
        return value;
    }

    /// <summary>Drops every entry (after a write through this instance).</summary>
    public void Invalidate() => _entries = new ConcurrentDictionary<string, object?>(StringComparer.Ordinal);

    private async Task CheckIfDueAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() < _nextCheck) return;
        if (!await _gate.WaitAsync(0, cancellationToken)) return; // another caller is checking; the entries are at most one interval old
        try
        {
            if (time.GetUtcNow() < _nextCheck) return;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var version = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "select version from reference_data_version where id = 1", cancellationToken: cancellationToken));
            if (version != Interlocked.Read(ref _version))
            {
                Invalidate();
                Interlocked.Exchange(ref _version, version);
            }
            // Only after a successful read: while the database is unreachable every use re-checks (and fails with it).
            _nextCheck = time.GetUtcNow() + checkInterval;
        }
        finally
        {
            _gate.Release();
        }
    }
}
