using Npgsql;

namespace GridLine.Tools.LoadGen;

/// <summary>Reads back what the run stored: inbox rows by dedupe key, their states, and work orders opened per message.</summary>
public sealed class DbChecks(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(connectionString);

    /// <summary>Inbox row (id, state) per unique message index, or null when it is not stored.</summary>
    public async Task<(long Id, string State)?[]> InboxRowsAsync(IReadOnlyList<UniqueMessage> messages, CancellationToken cancellationToken)
    {
        var result = new (long, string)?[messages.Count];
        var index = new Dictionary<(string, string), int>();
        for (var i = 0; i < messages.Count; i++) index[(messages[i].Source, messages[i].DedupeKey)] = i;
        foreach (var group in messages.GroupBy(m => m.Source))
        {
            await using var command = _db.CreateCommand("select dedupe_key, id, state from inbox_message where source = $1 and dedupe_key = any($2)");
            command.Parameters.AddWithValue(group.Key);
            command.Parameters.AddWithValue(group.Select(m => m.DedupeKey).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                result[index[(group.Key, reader.GetString(0))]] = (reader.GetInt64(1), reader.GetString(2));
        }
        return result;
    }

    /// <summary>Counts of the given inbox rows by state.</summary>
    public async Task<Dictionary<string, long>> StatesAsync(long[] ids, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("select state, count(*) from inbox_message where id = any($1) group by state");
        command.Parameters.AddWithValue(ids);
        var result = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) result[reader.GetString(0)] = reader.GetInt64(1);
        return result;
    }

    /// <summary>
    /// Whether any row with an id in [<paramref name="minId"/>, <paramref name="maxId"/>] is not yet done or quarantined: the
    /// poll while the backlog drains. It walks the open-rows index from the newest end, which is where rows still open are
    /// found at once (each chat's rows are handled oldest first); the oldest end holds the entries of rows already done and
    /// not yet vacuumed, hundreds of thousands after a long run. Counting every row's state by id list instead took about a
    /// second of PostgreSQL CPU per poll at 570,000 rows, competing with the processing being waited for.
    /// </summary>
    public async Task<bool> AnyOpenInRangeAsync(long minId, long maxId, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("""
            select id from inbox_message where state in ('new', 'processing') and id between $1 and $2 order by id desc limit 1
            """);
        command.Parameters.AddWithValue(minId);
        command.Parameters.AddWithValue(maxId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Work orders opened per inbox row (action 'open' on the timeline), for the rows that opened any.</summary>
    public async Task<Dictionary<long, long>> OrdersOpenedAsync(long[] ids, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("select inbox_message_id, count(*) from work_order_event where action = 'open' and inbox_message_id = any($1) group by 1");
        command.Parameters.AddWithValue(ids);
        var result = new Dictionary<long, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) result[reader.GetInt64(0)] = reader.GetInt64(1);
        return result;
    }

    /// <summary>Outbox rows created since <paramref name="since"/>, by state.</summary>
    public async Task<Dictionary<string, long>> OutboxStatesSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("select state, count(*) from outbox_message where created_at >= $1 group by state");
        command.Parameters.AddWithValue(since.UtcDateTime);
        var result = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) result[reader.GetString(0)] = reader.GetInt64(1);
        return result;
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
