using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A proxy petition (信访代办) record; <see cref="Contact"/> is stored in full and masked whenever shown.</summary>
public sealed record Petition(long Id, long WorkOrderId, string? PetitionerUserid, string? PetitionerName, string? Contact, string? Matter,
    string? Request, string? FactsAndReasons, bool? ConsentToProxy, long? ProxyMemberId, string CurrentLevel, string? Department,
    int LevelsReported, DateTime ReceivedAt, DateTime AcceptanceDueAt, DateTime ConclusionDueAt, int ExtensionDays, string? ExtensionReason,
    DateTime? AcceptedAt, string? AcceptedLevel, DateTime? AnsweredAt, string? Result, string? Explanation, string? Satisfaction,
    bool? ResolvedAtFirstLevel, int RepeatCount, long? RepeatOfPetitionId, DateTime CreatedAt, DateTime UpdatedAt, int Version);

/// <summary>Where a guided in-chat petition record is.</summary>
public sealed record PetitionSession(string MemberUserid, long PetitionId, string AwaitingField, string State, DateTime StartedAt, DateTime UpdatedAt);

/// <summary>Petition records and guided-record sessions; every write runs in the caller's transaction.</summary>
public static class PetitionRepository
{
    internal const string Columns = """
        id, work_order_id, petitioner_userid, petitioner_name, contact, matter, request, facts_and_reasons, consent_to_proxy, proxy_member_id,
        current_level, department, levels_reported, received_at, acceptance_due_at, conclusion_due_at, extension_days, extension_reason,
        accepted_at, accepted_level, answered_at, result, explanation, satisfaction, resolved_at_first_level, repeat_count, repeat_of_petition_id,
        created_at, updated_at, version
        """;

    /// <summary>The record fields a proxy fills in; names are the column names.</summary>
    public static readonly IReadOnlyList<string> RecordFields = ["petitioner_name", "contact", "matter", "request", "facts_and_reasons", "consent_to_proxy"];

    /// <summary>Creates the record for a petition order (no-op when it exists); returns it.</summary>
    public static async Task<Petition> EnsureAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long workOrderId, string? petitionerUserid,
        long? proxyMemberId, DateTime receivedAt, DateTime acceptanceDueAt, DateTime conclusionDueAt, string? matter, long? repeatOf,
        CancellationToken cancellationToken = default)
    {
        // The new record comes back from the insert itself; only an existing one is read again.
        var inserted = await connection.QuerySingleOrDefaultAsync<Petition>(new CommandDefinition($"""
            insert into petition (work_order_id, petitioner_userid, proxy_member_id, received_at, acceptance_due_at, conclusion_due_at, matter, repeat_of_petition_id)
            values (@workOrderId, @petitionerUserid, @proxyMemberId, @receivedAt, @acceptanceDueAt, @conclusionDueAt, @matter, @repeatOf)
            on conflict (work_order_id) do nothing
            returning {Columns}
            """, new { workOrderId, petitionerUserid, proxyMemberId, receivedAt, acceptanceDueAt, conclusionDueAt, matter, repeatOf }, transaction,
            cancellationToken: cancellationToken));
        if (inserted is not null && repeatOf is { } earlier)
            await connection.ExecuteAsync(new CommandDefinition(
                "update petition set repeat_count = repeat_count + 1, resolved_at_first_level = false, updated_at = now(), version = version + 1 where id = @earlier",
                new { earlier }, transaction, cancellationToken: cancellationToken));
        return inserted ?? (await GetByWorkOrderAsync(connection, transaction, workOrderId, cancellationToken))!;
    }

    public static Task<Petition?> GetByWorkOrderAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long workOrderId, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<Petition>(new CommandDefinition(
            $"select {Columns} from petition where work_order_id = @workOrderId", new { workOrderId }, transaction, cancellationToken: cancellationToken));

    public static Task<Petition?> GetByIdAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long id, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<Petition>(new CommandDefinition(
            $"select {Columns} from petition where id = @id", new { id }, transaction, cancellationToken: cancellationToken));

    /// <summary>The petitioner's earlier petitions (newest first) with their order's description, to spot a repeat.</summary>
    public static async Task<IReadOnlyList<(long Id, string Text)>> ListEarlierByPetitionerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string petitionerUserid, long exceptWorkOrderId, DateTime since, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<(long, string)>(new CommandDefinition("""
            select p.id, coalesce(p.matter, '') || ' ' || w.description from petition p join work_order w on w.id = p.work_order_id
            where p.petitioner_userid = @petitionerUserid and p.work_order_id <> @exceptWorkOrderId and p.created_at >= @since
            order by p.id desc limit 20
            """, new { petitionerUserid, exceptWorkOrderId, since }, transaction, cancellationToken: cancellationToken))).AsList();

    /// <summary>Sets one record field (a name from <see cref="RecordFields"/>); the value is text, or "true"/"false" for consent.</summary>
    public static Task SetFieldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, string field, string value, CancellationToken cancellationToken = default)
    {
        if (!RecordFields.Contains(field)) throw new ArgumentException($"unknown petition field {field}", nameof(field));
        var sql = field == "consent_to_proxy"
            ? "update petition set consent_to_proxy = @value::boolean, updated_at = now(), version = version + 1 where id = @id"
            : $"update petition set {field} = @value, updated_at = now(), version = version + 1 where id = @id";
        return connection.ExecuteAsync(new CommandDefinition(sql, new { id, value }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Reported one level up (上报).</summary>
    public static Task ReportUpAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, string level, string? department, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition("""
            update petition set current_level = @level, department = @department, levels_reported = levels_reported + 1,
                resolved_at_first_level = case when levels_reported + 1 > 1 then false else resolved_at_first_level end,
                updated_at = now(), version = version + 1
            where id = @id
            """, new { id, level, department }, transaction, cancellationToken: cancellationToken));

    /// <summary>Accepted (受理) at a level: the 60-day conclusion clock restarts from acceptance, plus any extension.</summary>
    public static Task AcceptAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, string level, DateTime acceptedAt, DateTime conclusionDueAt,
        CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition("""
            update petition set accepted_at = @acceptedAt, accepted_level = @level, conclusion_due_at = @conclusionDueAt, updated_at = now(), version = version + 1
            where id = @id
            """, new { id, level, acceptedAt, conclusionDueAt }, transaction, cancellationToken: cancellationToken));

    /// <summary>Answered (答复): the result and its explanation for the petitioner.</summary>
    public static Task AnswerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, DateTime answeredAt, string result, string? explanation,
        CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition("""
            update petition set answered_at = @answeredAt, result = @result, explanation = @explanation, updated_at = now(), version = version + 1 where id = @id
            """, new { id, answeredAt, result, explanation }, transaction, cancellationToken: cancellationToken));

    /// <summary>Extension (延期) in calendar days; the caller checks the 30-day total.</summary>
    public static Task ExtendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, int days, string reason, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition("""
            update petition set extension_days = extension_days + @days, extension_reason = @reason,
                conclusion_due_at = conclusion_due_at + make_interval(days => @days), updated_at = now(), version = version + 1
            where id = @id
            """, new { id, days, reason }, transaction, cancellationToken: cancellationToken));

    /// <summary>Copies the order's rating onto the record and decides the 初信初访化解 fact.</summary>
    public static Task SyncSatisfactionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string chatId, string reporterUserid, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition("""
            update petition p set satisfaction = w.satisfaction,
                resolved_at_first_level = (p.levels_reported <= 1 and p.repeat_count = 0 and p.repeat_of_petition_id is null
                                           and w.satisfaction in ('satisfied', 'basically_satisfied') and w.reopened_count = 0),
                updated_at = now(), version = p.version + 1
            from work_order w
            where w.id = p.work_order_id and w.chat_id = @chatId and w.reporter_userid = @reporterUserid and w.satisfaction is distinct from p.satisfaction
            """, new { chatId, reporterUserid }, transaction, cancellationToken: cancellationToken));

    public static Task<PetitionSession?> GetSessionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string memberUserid, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<PetitionSession>(new CommandDefinition("""
            select member_userid, petition_id, awaiting_field, state, started_at, updated_at from petition_session where member_userid = @memberUserid
            """, new { memberUserid }, transaction, cancellationToken: cancellationToken));

    /// <summary>Starts or moves a member's session (one per member: starting another petition replaces it).</summary>
    public static Task SaveSessionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string memberUserid, long petitionId, string awaitingField, string state,
        CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition("""
            insert into petition_session (member_userid, petition_id, awaiting_field, state) values (@memberUserid, @petitionId, @awaitingField, @state)
            on conflict (member_userid) do update set petition_id = excluded.petition_id, awaiting_field = excluded.awaiting_field, state = excluded.state,
                started_at = case when petition_session.petition_id = excluded.petition_id then petition_session.started_at else now() end, updated_at = now()
            """, new { memberUserid, petitionId, awaitingField, state }, transaction, cancellationToken: cancellationToken));
}
