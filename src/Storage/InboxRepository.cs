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
        var rows = await connection.ExecuteAsync(new CommandDefinition("""
            insert into inbox_message (source, dedupe_key, kind, chat_id, sender_id, payload)
            values (@Source, @DedupeKey, @Kind, @ChatId, @SenderId, @PayloadJson::jsonb)
            on conflict on constraint inbox_message_dedupe_key_uq do nothing
            """, message, cancellationToken: cancellationToken));
        return rows == 1;
    }

    public async Task<InboxMessage?> GetByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<InboxMessage>(new CommandDefinition(
            "select id, source, dedupe_key, kind, chat_id, sender_id, payload::text as payload, received_at, state, attempts, last_error, processed_at from inbox_message where id = @id",
            new { id }, cancellationToken: cancellationToken));
    }

    public async Task<long> CountBySourceAsync(string source, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from inbox_message where source = @source", new { source }, cancellationToken: cancellationToken));
    }
}
