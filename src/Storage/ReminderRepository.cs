using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A stored reminder row.</summary>
public sealed record Reminder(long Id, long WorkOrderId, string Kind, DateTime DueAt, DateTime? FiredAt, string? Outcome,
    string? HangfireJobId, DateTime? ScheduledAt, DateTime CreatedAt);

/// <summary>Reminders of work orders: planning (replace the unfired ones), scheduling and exactly-once firing.</summary>
public sealed class ReminderRepository(NpgsqlDataSource dataSource)
{
    internal const string Columns = "id, work_order_id, kind, due_at, fired_at, outcome, hangfire_job_id, scheduled_at, created_at";

    /// <summary>
    /// Makes the order's unfired reminders exactly <paramref name="wanted"/>: unfired rows not wanted are deleted, wanted rows
    /// not yet present are inserted. Fired rows are never touched, so a (kind, due time) that already fired never fires again.
    /// Returns the number of rows inserted plus deleted.
    /// </summary>
    public static async Task<int> ReplaceUnfiredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long workOrderId,
        IReadOnlyList<(string Kind, DateTimeOffset DueAt)> wanted, CancellationToken cancellationToken = default)
    {
        var kinds = wanted.Select(w => w.Kind).ToArray();
        var dues = wanted.Select(w => w.DueAt.UtcDateTime).ToArray();
        // One round trip (run for every opened or changed order). The delete and the insert touch disjoint rows (unwanted
        // vs wanted), so running them in one statement, on one snapshot, gives what the two statements gave.
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
            with w (kind, due_at) as (select * from unnest(@kinds::text[], @dues::timestamptz[])),
            deleted as (
                delete from reminder r
                where r.work_order_id = @workOrderId and r.fired_at is null
                  and not exists (select 1 from w where w.kind = r.kind and w.due_at = r.due_at)
                returning 1),
            inserted as (
                insert into reminder (work_order_id, kind, due_at)
                select @workOrderId, w.kind, w.due_at from w
                on conflict on constraint reminder_order_kind_due_uq do nothing
                returning 1)
            select ((select count(*) from deleted) + (select count(*) from inserted))::int
            """, new { workOrderId, kinds, dues }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Locks an unfired reminder for firing; null when it has fired already (or was replaced).</summary>
    public static Task<Reminder?> LockUnfiredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<Reminder>(new CommandDefinition(
            $"select {Columns} from reminder where id = @id and fired_at is null for update", new { id }, transaction, cancellationToken: cancellationToken));

    /// <summary>The exactly-once guard: true for the one caller that marks the row fired.</summary>
    public static async Task<bool> TryMarkFiredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, string outcome,
        DateTimeOffset firedAt, CancellationToken cancellationToken = default) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "update reminder set fired_at = @firedAt, outcome = @outcome where id = @id and fired_at is null",
            new { id, outcome, firedAt = firedAt.UtcDateTime }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>Corrects the outcome of a reminder fired in the caller's transaction (e.g. nobody to tell after all).</summary>
    public static Task SetOutcomeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, string outcome, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition("update reminder set outcome = @outcome where id = @id",
            new { id, outcome }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Claims up to <paramref name="limit"/> unscheduled reminders due before <paramref name="horizon"/> inside the caller's
    /// transaction (<c>FOR UPDATE SKIP LOCKED</c>, so several schedulers never take the same row).
    /// </summary>
    public static async Task<IReadOnlyList<Reminder>> ClaimUnscheduledAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        DateTimeOffset horizon, int limit, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<Reminder>(new CommandDefinition($"""
            select {Columns} from reminder
            where fired_at is null and scheduled_at is null and due_at <= @horizon
            order by due_at limit @limit
            for update skip locked
            """, new { horizon = horizon.UtcDateTime, limit }, transaction, cancellationToken: cancellationToken))).AsList();

    /// <summary>Records the Hangfire jobs created for reminders (ids[i] got jobIds[i]).</summary>
    public static Task MarkScheduledAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] ids, string[] jobIds, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition("""
            update reminder r set scheduled_at = now(), hangfire_job_id = j.job_id
            from unnest(@ids::bigint[], @jobIds::text[]) j (id, job_id) where r.id = j.id
            """, new { ids, jobIds }, transaction, cancellationToken: cancellationToken));

    /// <summary>Records the Hangfire job created for a reminder.</summary>
    public static Task MarkScheduledAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, string jobId, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(
            "update reminder set scheduled_at = now(), hangfire_job_id = @jobId where id = @id",
            new { id, jobId }, transaction, cancellationToken: cancellationToken));

    /// <summary>Cheap idle check for the scheduler: is anything unscheduled and due before the horizon?</summary>
    public async Task<bool> HasUnscheduledAsync(DateTimeOffset horizon, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The earliest unscheduled reminder, compared here: "order by due_at limit 1" reads one entry of
        // reminder_unscheduled_idx whatever the plan. "exists (… due_at <= @horizon)" did the same until the prepared
        // statement switched to PostgreSQL's generic plan, a sequential scan of every reminder when none is due
        // (24.8 ms a poll at 190,000 reminders in the 10-minute benchmark, docs/benchmarks.md).
        var earliest = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "select due_at from reminder where fired_at is null and scheduled_at is null order by due_at limit 1",
            cancellationToken: cancellationToken));
        return earliest is { } due && DateTime.SpecifyKind(due, DateTimeKind.Utc) <= horizon.UtcDateTime;
    }

    public async Task<IReadOnlyList<Reminder>> ListByWorkOrderAsync(long workOrderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Reminder>(new CommandDefinition(
            $"select {Columns} from reminder where work_order_id = @workOrderId order by due_at, id", new { workOrderId }, cancellationToken: cancellationToken))).AsList();
    }

    public async Task<Reminder?> GetByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Reminder>(new CommandDefinition(
            $"select {Columns} from reminder where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Locks a work order for a reminder's state change (firing and a concurrent command serialise on the row).</summary>
    public static Task<WorkOrder?> LockWorkOrderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long workOrderId, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<WorkOrder>(new CommandDefinition(
            $"select {WorkOrderRepository.Columns} from work_order where id = @workOrderId for update", new { workOrderId }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Active members with <paramref name="role"/> on the nearest grid of the chain (the grid and its ancestors, shared parents
    /// included) that has any, optionally only on grids of <paramref name="gridLevel"/>.
    /// </summary>
    public static async Task<IReadOnlyList<Member>> ListNearestInChainAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long gridId,
        string role, string? gridLevel, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<Member>(new CommandDefinition("""
            with recursive up (id, depth) as (
                select @gridId::bigint, 0
                union
                select p.parent_id, up.depth + 1 from up
                join lateral (
                    select g.parent_id from grid g where g.id = up.id and g.parent_id is not null
                    union all
                    select s.parent_id from grid_shared_parent s where s.grid_id = up.id
                ) p on true
                where up.depth < 16
            ),
            found as (
                select m.id, m.userid, m.name, m.phone, m.role, m.is_active, m.version, u.depth
                from up u join grid g on g.id = u.id join member_grid mg on mg.grid_id = g.id join member m on m.id = mg.member_id
                where m.is_active and m.role = @role and (@gridLevel::text is null or g.level = @gridLevel)
            )
            select distinct id, userid, name, phone, role, is_active, version from found
            where depth = (select min(depth) from found)
            order by id
            """, new { gridId, role, gridLevel }, transaction, cancellationToken: cancellationToken))).AsList();

    public static Task<Member?> GetMemberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long memberId, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<Member>(new CommandDefinition(
            "select id, userid, name, phone, role, is_active, version from member where id = @memberId", new { memberId }, transaction, cancellationToken: cancellationToken));

    /// <summary>The safety-net sweep's claim: unfired reminders due before <paramref name="dueBefore"/> with no job since <paramref name="scheduledBefore"/>.</summary>
    public static async Task<IReadOnlyList<long>> ClaimForSweepAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        DateTimeOffset dueBefore, DateTimeOffset scheduledBefore, int limit, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<long>(new CommandDefinition("""
            select id from reminder
            where fired_at is null and due_at < @dueBefore and (scheduled_at is null or scheduled_at < @scheduledBefore)
            order by due_at limit @limit
            for update skip locked
            """, new { dueBefore = dueBefore.UtcDateTime, scheduledBefore = scheduledBefore.UtcDateTime, limit }, transaction, cancellationToken: cancellationToken))).AsList();
}
