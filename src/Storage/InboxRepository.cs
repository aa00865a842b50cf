using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A message as it arrived, before anything was done with it.</summary>
public sealed record NewInboxMessage(string Source, string DedupeKey, string Kind, string? ChatId, string? SenderId, string PayloadJson);

/// <summary>A stored inbox row.</summary>
public sealed record InboxMessage(long Id, string Source, string DedupeKey, string Kind, string? ChatId, string? SenderId,
    string Payload, DateTime ReceivedAt, string State, int Attempts, string? LastError, DateTime? ProcessedAt);

/// <summary>The durable inbox: one row per unique inbound message, deduplicated by (source, dedupe_key).</summary>
public sealed class InboxRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Inserts the message unless its dedupe key is already stored. Returns true when a new row was written.</summary>
    public async Task<bool> TryInsertAsync(NewInboxMessage message, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await TryInsertManyAsync(connection, [message], cancellationToken)).Count == 1;
    }

    /// <summary>
    /// Inserts the rows in list order, skipping any whose (source, dedupe key) is stored already (or earlier in the
    /// list); returns the keys it inserted. One statement: the group commit of <see cref="InboxBatchWriter"/> uses it.
    /// </summary>
    public static async Task<HashSet<(string Source, string DedupeKey)>> TryInsertManyAsync(NpgsqlConnection connection, IReadOnlyList<NewInboxMessage> messages,
        CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand("""
            insert into inbox_message (source, dedupe_key, kind, chat_id, sender_id, payload)
            select s, k, kd, c, sd, p::jsonb
            from unnest(@sources::text[], @keys::text[], @kinds::text[], @chats::text[], @senders::text[], @payloads::text[])
                 with ordinality as u(s, k, kd, c, sd, p, ord)
            order by ord
            on conflict on constraint inbox_message_dedupe_key_uq do nothing
            returning source, dedupe_key
            """, connection);
        command.Parameters.AddWithValue("sources", messages.Select(m => m.Source).ToArray());
        command.Parameters.AddWithValue("keys", messages.Select(m => m.DedupeKey).ToArray());
        command.Parameters.AddWithValue("kinds", messages.Select(m => m.Kind).ToArray());
        command.Parameters.AddWithValue("chats", messages.Select(m => m.ChatId).ToArray());
        command.Parameters.AddWithValue("senders", messages.Select(m => m.SenderId).ToArray());
        command.Parameters.AddWithValue("payloads", messages.Select(m => m.PayloadJson).ToArray());
        var inserted = new HashSet<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) inserted.Add((reader.GetString(0), reader.GetString(1)));
        return inserted;
    }

    public async Task<InboxMessage?> GetByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<InboxMessage>(new CommandDefinition(
            $"select {Columns} from inbox_message where id = @id",
            new { id }, cancellationToken: cancellationToken));
    }

    internal const string Columns = "id, source, dedupe_key, kind, chat_id, sender_id, payload::text as payload, received_at, state, attempts, last_error, processed_at";

    /// <summary>Number of partitions chat keys are hashed into (fixed by migration 0002).</summary>
    public const int PartitionCount = 16;

    /// <summary>Cheap idle check: is any row due anywhere? (One statement per poll when there is nothing to do.)</summary>
    public async Task<bool> HasDueWorkAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from inbox_message where state = 'new' and next_attempt_at <= now())", cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The partitions that have a due row, in one statement (a loose index scan over inbox_message_due_idx: at most
    /// one probe per partition, however long the backlog). The dispatcher visits only these, instead of locking,
    /// claiming from and unlocking all 16 partitions (3 round trips each) to find the few with work.
    /// </summary>
    public async Task<IReadOnlyList<int>> ListDuePartitionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<int>(new CommandDefinition("""
            with recursive p (partition) as (
                (select partition from inbox_message where state = 'new' and next_attempt_at <= now() order by partition limit 1)
                union all
                select (select m.partition from inbox_message m
                        where m.state = 'new' and m.next_attempt_at <= now() and m.partition > p.partition
                        order by m.partition limit 1)
                from p where p.partition is not null
            )
            select partition::int from p where partition is not null
            """, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Takes the session-level locks of up to <paramref name="max"/> of the <paramref name="candidates"/> (tried in the
    /// order given, skipping partitions another worker holds), in one statement; only a lock's holder processes that
    /// partition's rows. Returns the partitions locked.
    /// </summary>
    public static async Task<int[]> TryLockPartitionsAsync(NpgsqlConnection connection, IReadOnlyList<int> candidates, int max, CancellationToken cancellationToken)
    {
        // No ORDER BY: the filter runs row by row in unnest order and stops at the limit, so no extra lock is taken.
        var rows = await connection.QueryAsync<int>(new CommandDefinition(
            "select p from unnest(@candidates::int[]) p where pg_try_advisory_lock(@lockBase + p) limit @max",
            new { candidates = candidates.ToArray(), lockBase = PartitionLockBase, max }, cancellationToken: cancellationToken));
        return rows.ToArray();
    }

    /// <summary>Releases the partition locks taken by <see cref="TryLockPartitionsAsync"/>, in one statement.</summary>
    public static Task UnlockPartitionsAsync(NpgsqlConnection connection, int[] partitions) =>
        connection.ExecuteAsync("select pg_advisory_unlock(@lockBase + p) from unnest(@partitions::int[]) p",
            new { partitions, lockBase = PartitionLockBase });

    private const long PartitionLockBase = 0x47_4C_49_4E_42_00; // "GLINB" + partition

    /// <summary>
    /// The next due rows of the given partitions (at most <paramref name="batchSize"/> per partition) in arrival order,
    /// skipping every chat that has an earlier row waiting for a retry, so a failing message holds back only its own
    /// chat. One statement for all partitions; call while holding their locks.
    /// </summary>
    public static async Task<IReadOnlyList<InboxMessage>> ClaimBatchAsync(NpgsqlConnection connection, int[] partitions, int batchSize, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<InboxMessage>(new CommandDefinition($"""
            select {Columns} from unnest(@partitions::int[]) lp (locked_partition)
            cross join lateral (
                select m.* from inbox_message m
                where m.state = 'new' and m.partition = lp.locked_partition and m.next_attempt_at <= now()
                  and not exists (select 1 from inbox_message e
                                  where e.state = 'new' and e.attempts > 0 and e.chat_key = m.chat_key and e.id < m.id
                                    and e.next_attempt_at > now())
                order by m.id
                limit @batchSize
                for update skip locked) c
            order by id
            """, new { partitions, batchSize }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Marks a row processed, in the handler's transaction, so its effects and its completion commit together.</summary>
    public static async Task<bool> MarkDoneAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, CancellationToken cancellationToken)
    {
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            "update inbox_message set state = 'done', processed_at = now() where id = @id and state = 'new'",
            new { id }, transaction, cancellationToken: cancellationToken));
        return rows == 1;
    }

    /// <summary>Marks several rows processed in one statement, in the handlers' shared transaction; returns how many it marked.</summary>
    public static async Task<int> MarkDoneAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] ids, CancellationToken cancellationToken)
        => await connection.ExecuteAsync(new CommandDefinition(
            "update inbox_message set state = 'done', processed_at = now() where id = any(@ids) and state = 'new'",
            new { ids }, transaction, cancellationToken: cancellationToken));

    /// <summary>Records a failed attempt: retried after <paramref name="retryAfter"/>, or quarantined once attempts reach the bound.</summary>
    public static async Task<string> RecordFailureAsync(NpgsqlConnection connection, long id, string error, int maxAttempts, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition("""
            update inbox_message
            set attempts = attempts + 1,
                last_error = left(@error, 2000),
                state = case when attempts + 1 >= @maxAttempts then 'quarantined' else 'new' end,
                next_attempt_at = now() + @retryAfter
            where id = @id
            returning state
            """, new { id, error, maxAttempts, retryAfter }, cancellationToken: cancellationToken)) ?? "missing";
    }

    /// <summary>Quarantined rows, newest first (shown to admins).</summary>
    public async Task<IReadOnlyList<InboxMessage>> ListQuarantinedAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<InboxMessage>(new CommandDefinition(
            $"select {Columns} from inbox_message where state = 'quarantined' order by id desc limit @limit", new { limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Puts a quarantined row back in line (after the cause was fixed).</summary>
    public async Task<bool> RequeueAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update inbox_message set state = 'new', attempts = 0, next_attempt_at = now() where id = @id and state = 'quarantined'",
            new { id }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Counts by state (for metrics and the load generator's final check).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(
            "select state, count(*) from inbox_message group by state", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.State, r => r.Count);
    }

    public async Task<long> CountBySourceAsync(string source, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from inbox_message where source = @source", new { source }, cancellationToken: cancellationToken));
    }
}
