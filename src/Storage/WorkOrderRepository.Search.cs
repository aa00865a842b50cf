using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>Filters for the admin work-order list. <see cref="ScopeGridIds"/> null means every order (system admin); otherwise only orders in those grids.</summary>
public sealed record WorkOrderQuery
{
    public IReadOnlyList<long>? ScopeGridIds { get; init; }
    public IReadOnlyList<long>? GridIds { get; init; }
    public IReadOnlyList<string>? Statuses { get; init; }
    public string? Category { get; init; }
    public string? Type { get; init; }
    public bool? Overdue { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    /// <summary>Substring of the description or location (trigram-indexed, so it works for Chinese without a segmenter).</summary>
    public string? Text { get; init; }
    public long? Number { get; init; }
    /// <summary>Order by last update instead of id (Open311 lists by updated_datetime).</summary>
    public DateTime? UpdatedFrom { get; init; }
    public int Limit { get; init; } = 50;
    public int Offset { get; init; }
}

/// <summary>A work order as the board shows it, with the names of its grid and assignee.</summary>
public sealed record WorkOrderListItem(long Id, long Number, string Type, string Category, long? GridId, string? GridName, string Description,
    string? LocationText, string HandlingLevel, long? AssigneeMemberId, string? AssigneeName, string Status, DateTime? SignDueAt, DateTime? DueAt,
    DateTime? ConcludedAt, string? Satisfaction, DateTime CreatedAt, DateTime UpdatedAt, int Version, bool IsOverdue, string? ReporterUserid);

/// <summary>Admin queries: filtered, scoped, searchable lists.</summary>
public sealed partial class WorkOrderRepository
{
    // Open and past a deadline: the 签收 deadline while pending_sign, else the 办结 deadline as extended (docs/metrics.md "overdue").
    internal const string OverdueSql = """
        (w.status in ('pending_dispatch', 'pending_sign', 'signed', 'in_progress')
         and (greatest(w.due_at, w.extended_until) < now() or (w.status = 'pending_sign' and w.sign_due_at < now())))
        """;

    /// <summary>Orders matching <paramref name="query"/>, newest first, and the total count ignoring paging.</summary>
    public async Task<(IReadOnlyList<WorkOrderListItem> Items, long Total)> SearchAsync(WorkOrderQuery query, CancellationToken cancellationToken = default)
    {
        var where = $"""
            (@scoped = false or w.grid_id = any(@scope))
            and (@gridIds::bigint[] is null or w.grid_id = any(@gridIds))
            and (@statuses::text[] is null or w.status = any(@statuses))
            and (@category::text is null or w.category = @category)
            and (@type::text is null or w.type = @type)
            and (@overdue::boolean is null or {OverdueSql} = @overdue)
            and (@from::timestamptz is null or w.created_at >= @from)
            and (@to::timestamptz is null or w.created_at < @to)
            and (@number::bigint is null or w.number = @number)
            and (@updatedFrom::timestamptz is null or w.updated_at >= @updatedFrom)
            and (@text::text is null or w.description ilike @text escape '\' or w.location_text ilike @text escape '\')
            """;
        var args = new
        {
            scoped = query.ScopeGridIds is not null,
            scope = (query.ScopeGridIds ?? []).ToArray(),
            gridIds = query.GridIds?.ToArray(),
            statuses = query.Statuses?.ToArray(),
            query.Category,
            query.Type,
            query.Overdue,
            query.From,
            query.To,
            query.Number,
            query.UpdatedFrom,
            text = string.IsNullOrWhiteSpace(query.Text) ? null : "%" + EscapeLike(query.Text.Trim()) + "%",
            limit = Math.Clamp(query.Limit, 1, 500),
            offset = Math.Max(0, query.Offset),
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var items = (await connection.QueryAsync<WorkOrderListItem>(new CommandDefinition($"""
            select w.id, w.number, w.type, w.category, w.grid_id, g.name as grid_name, w.description, w.location_text, w.handling_level,
                   w.assignee_member_id, m.name as assignee_name, w.status, w.sign_due_at, w.due_at, w.concluded_at, w.satisfaction,
                   w.created_at, w.updated_at, w.version, {OverdueSql} as is_overdue, w.reporter_userid
            from work_order w left join grid g on g.id = w.grid_id left join member m on m.id = w.assignee_member_id
            where {where}
            order by w.id desc limit @limit offset @offset
            """, args, cancellationToken: cancellationToken))).AsList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"select count(*) from work_order w where {where}", args, cancellationToken: cancellationToken));
        return (items, total);
    }

    /// <summary>One order as the board shows it.</summary>
    public async Task<WorkOrderListItem?> GetListItemAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<WorkOrderListItem>(new CommandDefinition($"""
            select w.id, w.number, w.type, w.category, w.grid_id, g.name as grid_name, w.description, w.location_text, w.handling_level,
                   w.assignee_member_id, m.name as assignee_name, w.status, w.sign_due_at, w.due_at, w.concluded_at, w.satisfaction,
                   w.created_at, w.updated_at, w.version, {OverdueSql} as is_overdue, w.reporter_userid
            from work_order w left join grid g on g.id = w.grid_id left join member m on m.id = w.assignee_member_id
            where w.id = @id
            """, new { id }, cancellationToken: cancellationToken));
    }

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}

/// <summary>Where an order came from: the inbox row of its "open" entry (source and the sender's own id for ingested orders).</summary>
public sealed record WorkOrderOrigin(string Source, string DedupeKey);

public sealed partial class WorkOrderRepository
{
    /// <summary>The source and dedupe key of the inbox message an order was opened from, if any.</summary>
    public static Task<WorkOrderOrigin?> GetOriginAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long workOrderId, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<WorkOrderOrigin>(new CommandDefinition("""
            select i.source, i.dedupe_key from work_order_event e join inbox_message i on i.id = e.inbox_message_id
            where e.work_order_id = @workOrderId and e.action = 'open' order by e.id limit 1
            """, new { workOrderId }, transaction, cancellationToken: cancellationToken));
}
