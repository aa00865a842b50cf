using System.Data;
using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A message to send later, keyed by an idempotency key that makes a second enqueue a no-op.</summary>
public sealed record NewOutboxMessage(string IdempotencyKey, string Channel, string Target, string PayloadJson, string? RateKey = null);

/// <summary>A stored outbox row.</summary>
public sealed record OutboxMessage(long Id, string IdempotencyKey, string Channel, string Target, string Payload, string State,
    int Attempts, DateTime NextAttemptAt, int? LastErrcode, string? LastError, DateTime CreatedAt, DateTime? SentAt);

/// <summary>The transactional outbox: rows are written together with the state change that causes them.</summary>
public sealed class OutboxRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Enqueues within the caller's transaction. Returns true when a new row was written, false for a repeat key.</summary>
    public static async Task<bool> TryEnqueueAsync(IDbConnection connection, IDbTransaction? transaction, NewOutboxMessage message, CancellationToken cancellationToken = default)
    {
        var rows = await connection.ExecuteAsync(new CommandDefinition("""
            insert into outbox_message (idempotency_key, channel, target, payload, rate_key)
            values (@IdempotencyKey, @Channel, @Target, @PayloadJson::jsonb, @RateKey)
            on conflict on constraint outbox_message_idempotency_key_uq do nothing
            """, message, transaction, cancellationToken: cancellationToken));
        return rows == 1;
    }

    /// <summary>
    /// Enqueues several messages of one step in one round trip, within the caller's transaction (rows in list order);
    /// returns how many were new (a repeated key is skipped, as with <see cref="TryEnqueueAsync(IDbConnection, IDbTransaction?, NewOutboxMessage, CancellationToken)"/>).
    /// </summary>
    public static async Task<int> TryEnqueueManyAsync(IDbConnection connection, IDbTransaction? transaction, IReadOnlyList<NewOutboxMessage> messages,
        CancellationToken cancellationToken = default)
    {
        if (messages.Count == 0) return 0;
        return await connection.ExecuteAsync(new CommandDefinition("""
            insert into outbox_message (idempotency_key, channel, target, payload, rate_key)
            select k, c, t, p::jsonb, r
            from unnest(@keys::text[], @channels::text[], @targets::text[], @payloads::text[], @rateKeys::text[]) with ordinality as u (k, c, t, p, r, ord)
            order by ord
            on conflict on constraint outbox_message_idempotency_key_uq do nothing
            """, new
        {
            keys = messages.Select(m => m.IdempotencyKey).ToArray(),
            channels = messages.Select(m => m.Channel).ToArray(),
            targets = messages.Select(m => m.Target).ToArray(),
            payloads = messages.Select(m => m.PayloadJson).ToArray(),
            rateKeys = messages.Select(m => m.RateKey).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Enqueues on its own connection (for messages not tied to another state change).</summary>
    public async Task<bool> TryEnqueueAsync(NewOutboxMessage message, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await TryEnqueueAsync(connection, null, message, cancellationToken);
    }

    public async Task<OutboxMessage?> GetByKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OutboxMessage>(new CommandDefinition(
            $"select {OutboxDelivery.Columns} from outbox_message where idempotency_key = @idempotencyKey",
            new { idempotencyKey }, cancellationToken: cancellationToken));
    }
}
