using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>An FAQ entry: a question, its answer, words that point at it and where it applies.</summary>
/// <remarks>Keywords and synonyms travel as '|'-joined text (Dapper cannot map text[] onto a record constructor).</remarks>
public sealed record FaqEntry(long Id, string Question, string Answer, string KeywordList, string SynonymList, long? GridId, DateTime? ValidUntil,
    bool IsExample, bool IsActive, long? SourceWorkOrderId, int AnsweredCount, int NotHelpfulCount, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public string[] Keywords => KeywordList.Split('|', StringSplitOptions.RemoveEmptyEntries);
    public string[] Synonyms => SynonymList.Split('|', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>An answer the bot gave in chat from an FAQ entry.</summary>
public sealed record FaqAnswer(long Id, long FaqEntryId, string? ChatId, string Userid, long? InboxMessageId, string QuestionText, string Category,
    double Score, DateTime AnsweredAt, DateTime? NotHelpfulAt, long? WorkOrderId);

/// <summary>FAQ entries and the answers given from them.</summary>
public sealed class FaqRepository(NpgsqlDataSource dataSource, ReferenceCache? cache = null)
{
    private const string Columns = """
        id, question, answer, array_to_string(keywords, '|') as keyword_list, array_to_string(synonyms, '|') as synonym_list, grid_id, valid_until, is_example, is_active, source_work_order_id,
        (select count(*)::int from faq_answer a where a.faq_entry_id = faq_entry.id) as answered_count,
        (select count(a.not_helpful_at)::int from faq_answer a where a.faq_entry_id = faq_entry.id) as not_helpful_count, created_at, updated_at, version
        """;

    /// <summary>
    /// Active, unexpired entries that apply to a chat in <paramref name="gridIds"/> (the grid and its ancestors) or to every
    /// grid, in id order. Read for every resident question, so the active entries come from the reference cache (0073: a
    /// change to an entry applies within the cache's check interval; <see cref="Changed"/> drops this instance's copy at
    /// once). Their answered/not-helpful counts are as of the load: they are not part of what matches.
    /// </summary>
    public async Task<IReadOnlyList<FaqEntry>> ListApplicableAsync(IReadOnlyList<long> gridIds, DateTime now, CancellationToken cancellationToken = default)
    {
        var active = cache is null ? await LoadActiveAsync(cancellationToken) : await cache.GetAsync("faq:active", LoadActiveAsync, cancellationToken);
        return active.Where(e => (e.ValidUntil is null || e.ValidUntil > now) && (e.GridId is null || gridIds.Contains(e.GridId.Value))).ToList();
    }

    private async Task<IReadOnlyList<FaqEntry>> LoadActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<FaqEntry>(new CommandDefinition(
            $"select {Columns} from faq_entry where is_active order by id", cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>After a write to faq_entry through this instance: the next question reads the entries again.</summary>
    public void Changed() => cache?.Invalidate();

    public async Task<IReadOnlyList<FaqEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<FaqEntry>(new CommandDefinition($"select {Columns} from faq_entry order by id", cancellationToken: cancellationToken))).AsList();
    }

    public async Task<FaqEntry?> GetByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<FaqEntry>(new CommandDefinition(
            $"select {Columns} from faq_entry where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// An admin's edit, if the entry is still at <paramref name="expectedVersion"/> (null: changed meanwhile). A change to what
    /// the entry says (question, answer, keywords, synonyms) makes a shipped example the area's own entry (<c>is_example</c>
    /// false); retiring, restoring, moving or re-dating it alone does not. Drops this instance's cached entries; the 0073
    /// trigger moves the cache version for the others, so the next question is matched against the edited entry.
    /// </summary>
    public async Task<FaqEntry?> UpdateAsync(long id, int expectedVersion, string question, string answer, string[] keywords, string[] synonyms,
        long? gridId, DateTime? validUntil, bool isActive, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var entry = await connection.QuerySingleOrDefaultAsync<FaqEntry>(new CommandDefinition($"""
            update faq_entry set question = @question, answer = @answer, keywords = @keywords, synonyms = @synonyms, grid_id = @gridId,
                valid_until = @validUntil, is_active = @isActive,
                is_example = is_example and question = @question and answer = @answer and keywords = @keywords and synonyms = @synonyms,
                updated_at = now(), version = version + 1
            where id = @id and version = @expectedVersion
            returning {Columns}
            """, new { id, expectedVersion, question, answer, keywords, synonyms, gridId, validUntil, isActive }, cancellationToken: cancellationToken));
        if (entry is not null) Changed();
        return entry;
    }

    public static Task<FaqEntry> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string question, string answer, string[] keywords,
        string[] synonyms, long? gridId, long? sourceWorkOrderId, CancellationToken cancellationToken = default) =>
        connection.QuerySingleAsync<FaqEntry>(new CommandDefinition($"""
            insert into faq_entry (question, answer, keywords, synonyms, grid_id, source_work_order_id)
            values (@question, @answer, @keywords, @synonyms, @gridId, @sourceWorkOrderId)
            returning {Columns}
            """, new { question, answer, keywords, synonyms, gridId, sourceWorkOrderId }, transaction, cancellationToken: cancellationToken));

    public static Task<FaqEntry?> FindBySourceOrderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long workOrderId, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<FaqEntry>(new CommandDefinition(
            $"select {Columns} from faq_entry where source_work_order_id = @workOrderId", new { workOrderId }, transaction, cancellationToken: cancellationToken));

    /// <summary>Records an answer given in chat (the entry's answered count is the number of these rows).</summary>
    public static Task RecordAnswerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long entryId, string? chatId, string userid,
        long? inboxMessageId, string questionText, string category, double score, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition("""
            insert into faq_answer (faq_entry_id, chat_id, userid, inbox_message_id, question_text, category, score)
            values (@entryId, @chatId, @userid, @inboxMessageId, @questionText, @category, @score)
            """, new { entryId, chatId, userid, inboxMessageId, questionText, category, score }, transaction, cancellationToken: cancellationToken));

    /// <summary>The sender's latest FAQ answer in this chat since <paramref name="since"/> not yet marked unhelpful.</summary>
    public static Task<FaqAnswer?> FindRecentAnswerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? chatId, string userid, DateTime since,
        CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<FaqAnswer>(new CommandDefinition("""
            select id, faq_entry_id, chat_id, userid, inbox_message_id, question_text, category, score, answered_at, not_helpful_at, work_order_id
            from faq_answer where userid = @userid and chat_id is not distinct from @chatId and answered_at >= @since and not_helpful_at is null
            order by id desc limit 1
            """, new { chatId, userid, since }, transaction, cancellationToken: cancellationToken));

    /// <summary>"没用": marks the answer (the entry's not-helpful count is the number of marked answers) and remembers the query order opened instead.</summary>
    public static Task MarkNotHelpfulAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, FaqAnswer answer, long workOrderId,
        CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(
            "update faq_answer set not_helpful_at = now(), work_order_id = @workOrderId where id = @id", new { answer.Id, workOrderId }, transaction, cancellationToken: cancellationToken));
}
