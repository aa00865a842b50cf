using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A per-target send limit, e.g. 20 messages per 60 s for one group robot.</summary>
public sealed record RateLimit(string RateKeyPrefix, int MaxMessages, TimeSpan Window);

/// <summary>
/// A subset of the outbox with its own sender loop: rows whose rate key starts with <see cref="RateKeyPrefix"/>
/// (<see cref="Matching"/>) or all other rows, so rows deferred by one limit never hold up the rest.
/// </summary>
public sealed record OutboxLane(string RateKeyPrefix, bool Matching);

/// <summary>Claiming and settling outbox rows for delivery. Every method is safe with several sender instances.</summary>
public sealed class OutboxDelivery : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly GroupCommit<SentMark, bool> _sentMarks;

    public OutboxDelivery(NpgsqlDataSource dataSource)
    {
        this.dataSource = dataSource;
        _sentMarks = new GroupCommit<SentMark, bool>(WriteSentMarksAsync, flushers: 2, maxBatch: 256);
    }

    internal const string Columns = "id, idempotency_key, channel, target, payload::text as payload, state, attempts, next_attempt_at, last_errcode, last_error, created_at, sent_at";

    /// <summary>
    /// Cheap idle check (for one lane, or all rows). Expired leases (rows a crashed sender left 'sending') are looked for
    /// only when <paramref name="expiredLeases"/> is set: that half walks the lease index from its oldest entry, and under
    /// load the entries of rows already sent but not yet vacuumed sit there (6.7 ms a call late in a 10-minute run), so
    /// the sender checks them every few seconds instead of every round (<c>Outbox:ExpiredLeaseCheckSeconds</c>).
    /// </summary>
    public async Task<bool> HasDueWorkAsync(CancellationToken cancellationToken = default, OutboxLane? lane = null, bool expiredLeases = true)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var filter = LaneFilter(lane);
        var expired = expiredLeases ? $"or exists (select 1 from outbox_message where state = 'sending' and lease_until < now() {filter})" : "";
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition($"""
            select exists (select 1 from outbox_message where state = 'pending' and next_attempt_at <= now() {filter})
                {expired}
            """, cancellationToken: cancellationToken));
    }

    /// <summary>The rate-key prefix of the member lane; the stored column <c>member_lane</c> (migration 0070) is defined by it.</summary>
    public const string MemberLanePrefix = "member:";

    // Restricts a query to one lane's rows through the stored column that leads both partial indexes (0070).
    private static string LaneFilter(OutboxLane? lane)
    {
        if (lane is null) return "";
        if (lane.RateKeyPrefix != MemberLanePrefix)
            throw new NotSupportedException($"Outbox lanes split on the rate-key prefix '{MemberLanePrefix}' only (column member_lane); got '{lane.RateKeyPrefix}'.");
        return lane.Matching ? "and member_lane" : "and not member_lane";
    }

    /// <summary>
    /// Claims due rows (pending and due, or sending with an expired lease after a crash) and leases them to the caller.
    /// Rows whose rate key is at its limit are not claimed: they are pushed to the moment a slot frees, never dropped.
    /// The per-key check runs under a transaction advisory lock on the key and counts in-flight rows, so two senders
    /// cannot both take the last slot.
    /// </summary>
    public async Task<IReadOnlyList<(OutboxMessage Message, string? RateKey)>> ClaimAsync(int batchSize, TimeSpan lease, IReadOnlyList<RateLimit> limits,
        CancellationToken cancellationToken, OutboxLane? lane = null, bool expiredLeases = true)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // Each half of the UNION ALL uses its own partial index (0060); an OR of the two could use neither. Each half is
        // ordered by its index column, not by id: "order by id limit" made the planner walk the primary key through
        // every sent row (4 ms at 20,000 rows, growing with history; now 1 ms, growing only with the due backlog).
        // The outer query repeats the condition because FOR UPDATE re-checks it against a row another sender changed.
        var filter = LaneFilter(lane);
        var expired = expiredLeases
            ? $"union all (select id from outbox_message where state = 'sending' and lease_until < now() {filter} order by lease_until, id limit @batchSize)"
            : "";
        var candidates = (await connection.QueryAsync<(long Id, string? RateKey)>(new CommandDefinition($"""
            select id, rate_key from outbox_message
            where id in ((select id from outbox_message where state = 'pending' and next_attempt_at <= now() {filter} order by next_attempt_at, id limit @batchSize)
                         {expired})
              and ((state = 'pending' and next_attempt_at <= now()) or (state = 'sending' and lease_until < now()))
            order by id
            limit @batchSize
            for update skip locked
            """, new { batchSize }, tx, cancellationToken: cancellationToken))).AsList();
        if (candidates.Count == 0) return [];

        var allowed = new List<long>();
        foreach (var group in candidates.GroupBy(c => c.RateKey))
        {
            var limit = group.Key is null ? null : limits.FirstOrDefault(l => group.Key.StartsWith(l.RateKeyPrefix, StringComparison.Ordinal));
            if (limit is null) { allowed.AddRange(group.Select(g => g.Id)); continue; }

            await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(hashtextextended('outbox_rate:' || @key, 0))",
                new { key = group.Key }, tx, cancellationToken: cancellationToken));
            // Sent in the window (outbox_message_rate_idx) plus in flight (outbox_message_sending_rate_idx), counted apart.
            var used = await connection.QuerySingleAsync<(long Count, DateTime? Oldest)>(new CommandDefinition("""
                select coalesce(sum(n), 0)::bigint, min(oldest) from (
                    select count(*) as n, min(sent_at) as oldest from outbox_message
                    where rate_key = @key and state = 'sent' and sent_at > now() - @window
                    union all
                    select count(*), null from outbox_message
                    where rate_key = @key and state = 'sending' and lease_until >= now()) u
                """, new { key = group.Key, window = limit.Window }, tx, cancellationToken: cancellationToken));
            var free = Math.Max(0, limit.MaxMessages - (int)used.Count);
            var ids = group.Select(g => g.Id).ToList();
            allowed.AddRange(ids.Take(free));
            var deferred = ids.Skip(free).ToArray();
            if (deferred.Length > 0)
            {
                // Next chance: when the oldest send in the window leaves it; rows sent just now leave it a full window from now.
                await connection.ExecuteAsync(new CommandDefinition("""
                    update outbox_message set state = 'pending', lease_until = null,
                        next_attempt_at = greatest(now() + interval '1 second', coalesce(@oldest::timestamptz + @window, now() + @window))
                    where id = any(@deferred)
                    """, new { oldest = used.Oldest, window = limit.Window, deferred }, tx, cancellationToken: cancellationToken));
            }
        }

        var claimed = allowed.Count == 0 ? [] : (await connection.QueryAsync<OutboxMessage>(new CommandDefinition($"""
            update outbox_message set state = 'sending', lease_until = now() + @lease, attempts = attempts + 1
            where id = any(@ids)
            returning {Columns}
            """, new { ids = allowed.ToArray(), lease }, tx, cancellationToken: cancellationToken))).AsList();
        await tx.CommitAsync(cancellationToken);
        var keys = candidates.ToDictionary(c => c.Id, c => c.RateKey);
        return claimed.OrderBy(c => c.Id).Select(c => (c, keys[c.Id])).ToList();
    }

    /// <summary>
    /// Marks a leased row sent. Returns false if the lease was lost (another sender took it over). Marks of deliveries
    /// that finish while one is being written share the next statement (group commit): under load one round trip and one
    /// commit settle many rows, and a mark waits at most for the statement in flight before its own.
    /// </summary>
    public Task<bool> MarkSentAsync(long id, int attempts, string? response, CancellationToken cancellationToken = default) =>
        _sentMarks.SubmitAsync(new SentMark(id, attempts, response), (int)id, cancellationToken);

    // One batch of single-row updates (one round trip, one implicit transaction, one commit), not one UPDATE … FROM
    // unnest: that form's plan depends on the table's statistics, and a plan made while the table was small (a
    // sequential scan, or the partial lease indexes, which hold thousands of entries of rows sent but not yet vacuumed)
    // cost 1.4–1.9 ms a statement under load. A single-row update by primary key plans the same way at any size.
    private async Task WriteSentMarksAsync(IReadOnlyList<GroupCommit<SentMark, bool>.Entry> batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var statements = new NpgsqlBatch(connection);
        foreach (var e in batch)
        {
            var update = new NpgsqlBatchCommand("""
                update outbox_message set state = 'sent', sent_at = now(), lease_until = null, response = $1, last_errcode = null
                where id = $2 and state = 'sending' and attempts = $3
                """);
            update.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = e.Item.Response, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.Item.Id });
            update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = e.Item.Attempts });
            statements.BatchCommands.Add(update);
        }
        await statements.ExecuteNonQueryAsync();
        for (var i = 0; i < batch.Count; i++) batch[i].Complete(statements.BatchCommands[i].RecordsAffected == 1);
    }

    private sealed record SentMark(long Id, int Attempts, string? Response);

    public ValueTask DisposeAsync() => _sentMarks.DisposeAsync();

    /// <summary>Schedules another attempt after a retryable failure.</summary>
    public async Task RescheduleAsync(long id, int attempts, int? errcode, string error, TimeSpan retryAfter, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            update outbox_message set state = 'pending', lease_until = null, next_attempt_at = now() + @retryAfter,
                last_errcode = @errcode, last_error = left(@error, 2000)
            where id = @id and state = 'sending' and attempts = @attempts
            """, new { id, attempts, errcode, error, retryAfter }, cancellationToken: cancellationToken));
    }

    /// <summary>Gives up on a row: permanent error or retries exhausted. Kept, visible to admins with its errcode.</summary>
    public async Task MarkFailedAsync(long id, int attempts, int? errcode, string error, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            update outbox_message set state = 'failed', lease_until = null, last_errcode = @errcode, last_error = left(@error, 2000)
            where id = @id and state = 'sending' and attempts = @attempts
            """, new { id, attempts, errcode, error }, cancellationToken: cancellationToken));
    }

    /// <summary>Failed rows, newest first (for the console).</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ListFailedAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<OutboxMessage>(new CommandDefinition(
            $"select {Columns} from outbox_message where state = 'failed' order by id desc limit @limit", new { limit }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Counts by state (metrics, tests).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(
            "select state, count(*) from outbox_message group by state", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.State, r => r.Count);
    }
}
