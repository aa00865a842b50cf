using GridLine.BotGateway.Admin;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridLine.BotGateway.Api;

/// <summary>Work orders: the scoped, filtered board, one order with its timeline, admin actions and CSV export.</summary>
internal static class WorkOrdersApi
{
    /// <summary>A page of the board.</summary>
    public sealed record WorkOrderPage(IReadOnlyList<WorkOrderListItem> Items, long Total);

    /// <summary>One order with its timeline.</summary>
    public sealed record WorkOrderDetail(WorkOrderListItem Order, IReadOnlyList<WorkOrderEvent> Timeline);

    /// <summary>
    /// An admin action: assign (assigneeMemberId), escalate (reason), extend (extendUntil, reason), merge (targetNumber),
    /// close, void (reason). <c>version</c> (or If-Match) is the order version the admin saw.
    /// </summary>
    public sealed record ActionRequest(string? Action, int? Version, string? Reason, long? AssigneeMemberId, DateTimeOffset? ExtendUntil, long? TargetNumber);

    public static readonly IReadOnlyList<string> AdminActions = ["assign", "escalate", "extend", "merge", "close", "void"];

    public static RouteGroupBuilder MapWorkOrdersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/work-orders").WithTags("work-orders");
        group.MapGet("/", ListAsync);
        group.MapGet("/export.csv", ExportAsync);
        group.MapGet("/{id:long}", GetAsync);
        group.MapPost("/{id:long}/actions", ActAsync);
        return api;
    }

    private static async Task<Results<Ok<WorkOrderPage>, ValidationProblem>> ListAsync(HttpContext http, AdminScope scope, WorkOrderRepository orders,
        GridRepository grids, string? status, long? gridId, string? category, string? type, bool? overdue, DateTime? from, DateTime? to, string? q,
        int? limit, int? offset)
    {
        var (query, problem) = await BuildQueryAsync(http, scope, grids, status, gridId, category, type, overdue, from, to, q, limit, offset);
        if (problem is not null) return problem;
        var (items, total) = await orders.SearchAsync(query!, http.RequestAborted);
        return TypedResults.Ok(new WorkOrderPage(items, total));
    }

    internal static async Task<(WorkOrderQuery?, ValidationProblem?)> BuildQueryAsync(HttpContext http, AdminScope scope, GridRepository grids,
        string? status, long? gridId, string? category, string? type, bool? overdue, DateTime? from, DateTime? to, string? q, int? limit, int? offset)
    {
        var statuses = string.IsNullOrWhiteSpace(status) ? null : status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (statuses?.FirstOrDefault(s => !WorkOrderStatus.All.Contains(s)) is { } bad)
            return (null, ApiProblems.Invalid("status", $"未知状态 '{bad}'，可选：{string.Join(",", WorkOrderStatus.All)}"));
        if (limit is < 1 or > 500) return (null, ApiProblems.Invalid("limit", "limit 应在 1–500 之间"));
        if (from is not null && to is not null && from >= to) return (null, ApiProblems.Invalid("to", "结束时间必须晚于开始时间"));
        if (q is { Length: > 100 }) return (null, ApiProblems.Invalid("q", "搜索词不能超过 100 个字符"));
        IReadOnlyList<long>? gridIds = gridId is { } g ? await grids.ListSelfAndDescendantIdsAsync(g, http.RequestAborted) : null;
        return (new WorkOrderQuery
        {
            ScopeGridIds = await scope.GridIdsAsync(http), GridIds = gridIds, Statuses = statuses, Category = Blank(category), Type = Blank(type),
            Overdue = overdue, From = Utc(from), To = Utc(to), Text = Blank(q), Limit = limit ?? 50, Offset = offset ?? 0,
        }, null);
    }

    private static async Task<Results<Ok<WorkOrderDetail>, NotFound>> GetAsync(long id, HttpContext http, AdminScope scope, WorkOrderRepository orders)
    {
        var item = await orders.GetListItemAsync(id, http.RequestAborted);
        // Out of scope looks exactly like missing: 404, never 403.
        if (item is null || !await scope.CanSeeAsync(http, item.GridId)) return TypedResults.NotFound();
        ApiProblems.SetETag(http, item.Version);
        return TypedResults.Ok(new WorkOrderDetail(item, await orders.ListEventsAsync(id, http.RequestAborted)));
    }

    private static async Task<Results<Ok<WorkOrderListItem>, NotFound, ValidationProblem, ProblemHttpResult>> ActAsync(long id, ActionRequest request,
        HttpContext http, AdminScope scope, WorkOrderRepository orders, WorkOrderService service, AuditTrail audit, NpgsqlDataSource dataSource)
    {
        if (request.Action is null || !AdminActions.Contains(request.Action))
            return ApiProblems.Invalid("action", $"action 应为 {string.Join(" / ", AdminActions)} 之一");
        if (request.Action is "escalate" or "extend" or "void" && string.IsNullOrWhiteSpace(request.Reason))
            return ApiProblems.Invalid("reason", "请填写原因");
        if (request.Reason is { Length: > 500 }) return ApiProblems.Invalid("reason", "原因不能超过 500 个字符");
        if (request.Action == "assign" && request.AssigneeMemberId is null) return ApiProblems.Invalid("assigneeMemberId", "请选择处理人");
        if (request.Action == "extend" && request.ExtendUntil is null) return ApiProblems.Invalid("extendUntil", "请填写延期到的时间");
        if (request.Action == "merge" && request.TargetNumber is null) return ApiProblems.Invalid("targetNumber", "请填写目标工单号");
        var expected = ApiProblems.ExpectedVersion(http, request.Version);
        if (expected is null) return ApiProblems.Invalid("version", "请提供 version（或 If-Match）以免覆盖他人的修改");

        var before = await orders.GetByIdAsync(id, http.RequestAborted);
        if (before is null || !await scope.CanSeeAsync(http, before.GridId)) return TypedResults.NotFound();
        if (before.Version != expected) return ApiProblems.Conflict($"工单{before.Number}");

        await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
        await using var tx = await connection.BeginTransactionAsync(http.RequestAborted);
        var order = await WorkOrderRepository.GetByIdAsync(connection, tx, id, http.RequestAborted);
        if (order is null || order.Version != expected) return ApiProblems.Conflict($"工单{before.Number}");

        MergeTarget? target = null;
        if (request.TargetNumber is { } number)
        {
            var t = await WorkOrderRepository.GetByNumberAsync(connection, tx, number, http.RequestAborted);
            if (t is null || !await scope.CanSeeAsync(http, t.GridId)) return ApiProblems.Invalid("targetNumber", $"工单{number}不存在");
            target = new MergeTarget(t.Id, t.Number, t.Status);
        }
        var transition = new TransitionRequest(request.Action == "assign" ? WorkOrderAction.Reassign : request.Action, ActorRole.Admin,
            Text: Blank(request.Reason), AssigneeMemberId: request.AssigneeMemberId, Target: target, ExtendUntil: request.ExtendUntil);
        var login = AdminUser.From(http.User).Login;
        var result = await service.ApplyAsync(connection, tx, order, WorkOrderActor.Admin(login), transition, null, http.RequestAborted);
        if (!result.Allowed) return ApiProblems.Refused(result.Reply);
        await tx.CommitAsync(http.RequestAborted);

        await audit.RecordAsync(http, "work_order." + request.Action, "work_order", id,
            new { order.Status, order.AssigneeMemberId, order.HandlingLevel, order.DueAt, order.Version },
            new { result.Order!.Status, result.Order.AssigneeMemberId, result.Order.HandlingLevel, result.Order.DueAt, result.Order.Version, request.Reason });
        var item = await orders.GetListItemAsync(id, http.RequestAborted);
        ApiProblems.SetETag(http, item!.Version);
        return TypedResults.Ok(item);
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(HttpContext http, AdminScope scope, WorkOrderRepository orders,
        GridRepository grids, string? status, long? gridId, string? category, string? type, bool? overdue, DateTime? from, DateTime? to, string? q)
    {
        var (query, problem) = await BuildQueryAsync(http, scope, grids, status, gridId, category, type, overdue, from, to, q, 500, 0);
        if (problem is not null) return problem;
        var csv = new CsvWriter("工单号", "类型", "分类", "网格", "状态", "超期", "处理人", "描述", "地点", "受理时间", "办结期限", "办结时间", "满意度");
        for (var offset = 0; ; offset += 500)
        {
            var (items, _) = await orders.SearchAsync(query! with { Offset = offset, Limit = 500 }, http.RequestAborted);
            foreach (var o in items)
                csv.Row(o.Number, TaxonomyNames.Type(o.Type), TaxonomyNames.Category(o.Category), o.GridName, WorkOrderStatus.NameOf(o.Status),
                    o.IsOverdue ? "是" : "否", o.AssigneeName, o.Description, o.LocationText, CsvWriter.Time(o.CreatedAt), CsvWriter.Time(o.DueAt),
                    CsvWriter.Time(o.ConcludedAt), o.Satisfaction is { } s ? Satisfaction.NameOf(s) : "");
            if (items.Count < 500 || offset > 100_000) break;
        }
        return TypedResults.File(csv.ToUtf8WithBom(), "text/csv; charset=utf-8", "work-orders.csv");
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static DateTime? Utc(DateTime? t) => t is { } v ? (v.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : v.ToUniversalTime()) : null;
}
