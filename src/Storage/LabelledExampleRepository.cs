using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A message with a trusted label, used to retrain the classifier.</summary>
public sealed record LabelledExample(long Id, string Text, string Type, string Category, string Source, DateTime CreatedAt);

/// <summary>A grid worker's confirmation of a low-confidence classification.</summary>
public sealed record ClassificationConfirmation(long Id, long InboxMessageId, string Text, string Type, string Category, string ByUserid, DateTime CreatedAt);

/// <summary>Labelled examples and classification confirmations.</summary>
public sealed class LabelledExampleRepository(NpgsqlDataSource dataSource)
{
    public async Task<long> InsertAsync(string text, string type, string category, string source, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into labelled_example (text, type, category, source) values (@text, @type, @category, @source) returning id",
            new { text, type, category, source }, cancellationToken: cancellationToken));
    }

    /// <summary>Stores the confirmation (the latest answer replaces an earlier one) and its labelled example in one transaction.</summary>
    public async Task<ClassificationConfirmation> RecordConfirmationAsync(long inboxMessageId, string text, string type, string category, string byUserid,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var confirmation = await connection.QuerySingleAsync<ClassificationConfirmation>(new CommandDefinition("""
            insert into classification_confirmation (inbox_message_id, text, type, category, by_userid)
            values (@inboxMessageId, @text, @type, @category, @byUserid)
            on conflict on constraint classification_confirmation_message_uq do update
                set type = excluded.type, category = excluded.category, by_userid = excluded.by_userid, created_at = now()
            returning id, inbox_message_id, text, type, category, by_userid, created_at
            """, new { inboxMessageId, text, type, category, byUserid }, tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into labelled_example (text, type, category, source) values (@text, @type, @category, 'confirmation')",
            new { text, type, category }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return confirmation;
    }

    public async Task<ClassificationConfirmation?> GetConfirmationAsync(long inboxMessageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ClassificationConfirmation>(new CommandDefinition(
            "select id, inbox_message_id, text, type, category, by_userid, created_at from classification_confirmation where inbox_message_id = @inboxMessageId",
            new { inboxMessageId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<LabelledExample>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<LabelledExample>(new CommandDefinition(
            "select id, text, type, category, source, created_at from labelled_example order by id", cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
