using System.Text.Json;
using GridLine.Handlers.Messaging;
using GridLine.Handlers.Reminders;
using GridLine.Handlers.Replies;
using GridLine.Handlers.Routing;
using GridLine.Handlers.Time;
using GridLine.Handlers.Understanding;
using GridLine.Storage;
using Npgsql;

namespace GridLine.Handlers.WorkOrders;

/// <summary>What a new work order is made from.</summary>
public sealed record OpenOrderRequest(string Type, string Category, string Description, string? ChatId, string? ReporterUserid,
    string? LocationText, long? InboxMessageId, string? ResponseUrl = null, long? GridId = null, string Source = "chat", bool NeedsConfirmation = false, double? Confidence = null);

/// <summary>Result of applying an action: the reply for whoever asked, and the updated order when it was allowed.</summary>
public sealed record ApplyResult(bool Allowed, string Reply, WorkOrder? Order)
{
    public static ApplyResult Refused(string reply) => new(false, reply, null);
}

/// <summary>
/// Opens work orders and applies actions to them. Every write happens in the caller's transaction together with the
/// timeline entry and the outbox messages it causes, each keyed so a re-run of the same step sends nothing twice.
/// </summary>
public sealed class WorkOrderService(
    Router router,
    SlaClock sla,
    WorkOrderStateMachine machine,
    WorkOrderAuthorization authorization,
    WorkOrderNotifications notifications,
    GridRepository grids,
    MemberRepository members,
    ReminderPlanner reminders,
    TimeProvider time,
    IEnumerable<Webhooks.IWorkOrderChangeObserver> observers)
{
    /// <summary>Routes and opens an order, acknowledges it in the chat and tells the assignee (or the admins, for triage).</summary>
    public async Task<WorkOrder> OpenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OpenOrderRequest request, CancellationToken cancellationToken = default)
    {
        var route = request.GridId is { } gridId
            ? await router.RouteAsync(gridId, request.Category, request.Type, cancellationToken)
            : request.ChatId is { } chatId
                ? await router.RouteChatAsync(chatId, request.Category, request.Type, cancellationToken)
                : await router.RouteAsync(null, request.Category, request.Type, cancellationToken);
        var deadlines = await sla.DeadlinesFromNowAsync(route.Clock, route.Rule.SignSlaMinutes, route.Rule.DueSlaMinutes, cancellationToken);

        var status = route.IsTriage ? WorkOrderStatus.PendingDispatch : WorkOrderStatus.PendingSign;
        var data = JsonSerializer.Serialize(new { source = request.Source, rule = route.Rule.Id, confidence = request.Confidence, needs_confirmation = request.NeedsConfirmation });
        // The reminders are computed before the insert, from the order as it will be stored (PostgreSQL keeps microseconds),
        // so that the firing job, computing them again from the stored order, recognises them.
        var now = time.GetUtcNow().UtcDateTime;
        var createdAt = new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
        var fields = new NewWorkOrder(
            request.Type, request.Category, route.GridId, request.ChatId, request.ReporterUserid, request.Description, request.LocationText,
            route.HandlingLevel, route.Assignee?.Id, status,
            deadlines.SignDueAt.UtcDateTime, deadlines.DueAt.UtcDateTime, route.IsTriage, route.Rule.Id, null, route.Clock, createdAt);
        var provisional = Provisional(fields);
        var wanted = await reminders.WantedAsync(provisional, cancellationToken);
        var messages = await notifications.OpenedMessagesAsync(provisional, route, request, cancellationToken);
        // The order, its reporter as subscriber, both timeline entries (open first, then dispatch), its reminders and the
        // messages announcing it in one round trip.
        var order = await WorkOrderRepository.InsertOpenedAsync(connection, transaction, fields, request.ChatId, [
            new NewWorkOrderEvent(0,
                request.ReporterUserid is null ? WorkOrderActor.SystemKind : WorkOrderActor.ResidentKind, request.ReporterUserid, "open", null,
                status, $"接诉：{TaxonomyNames.Type(request.Type)}·{TaxonomyNames.Category(request.Category)}", request.InboxMessageId, data),
            new NewWorkOrderEvent(0, WorkOrderActor.SystemKind, null,
                "dispatch", null, status,
                route.Assignee is { } a ? $"派单：{a.Name}（规则“{route.Rule.Name}”，{HandlingLevel.NameOf(route.HandlingLevel)}）" : $"进入待分派队列：{TriageText(route.TriageReason)}",
                request.InboxMessageId),
        ], wanted, messages, cancellationToken);

        await NotifyObserversAsync(connection, transaction, order, "open", cancellationToken);
        return order;
    }

    /// <summary>
    /// Applies one action for one actor: authorisation, the state machine, the change under optimistic concurrency,
    /// the timeline and the notifications. A refusal changes nothing and carries the reply to send back.
    /// </summary>
    public async Task<ApplyResult> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkOrder order, WorkOrderActor actor,
        TransitionRequest request, long? inboxMessageId, CancellationToken cancellationToken = default)
    {
        if (await authorization.RoleOnAsync(actor, order, cancellationToken) is not { } role)
            return ApplyResult.Refused(await notifications.RenderAsync(ReplyCodes.NotAuthorized, order, cancellationToken: cancellationToken));
        request = request with { Actor = role };

        // Arguments the state machine needs but the caller expresses differently.
        if (request.Action == WorkOrderAction.Escalate && request.AssigneeMemberId is null && HandlingLevel.Next(order.HandlingLevel) is { } next)
            request = request with { AssigneeMemberId = (await EscalationAssigneeAsync(order, next, cancellationToken))?.Id };

        var now = time.GetUtcNow();
        var decision = machine.Decide(WorkOrderSnapshot.From(order), request, now);
        if (!decision.IsAllowed) return ApplyResult.Refused(decision.Reply);

        var change = decision.Change!;
        if (request.Action == WorkOrderAction.Extend) change = change with { DueAt = request.ExtendUntil!.Value.UtcDateTime };
        if (request.Action == WorkOrderAction.Reopen || (request.Action == WorkOrderAction.Rate && decision.ToStatus == WorkOrderStatus.InProgress))
        {
            // The work starts again: a fresh 办结 clock from now under the order's own clock kind.
            var route = await router.RouteAsync(order.GridId, order.Category, order.Type, cancellationToken);
            var deadlines = await sla.DeadlinesFromNowAsync(order.Clock, route.Rule.SignSlaMinutes, route.Rule.DueSlaMinutes, cancellationToken);
            change = change with { DueAt = deadlines.DueAt.UtcDateTime };
        }
        if (request.Action is WorkOrderAction.Escalate or WorkOrderAction.Reassign && change.AssigneeMemberId is not null)
        {
            var route = await router.RouteAsync(order.GridId, order.Category, order.Type, cancellationToken);
            var deadlines = await sla.DeadlinesFromNowAsync(order.Clock, route.Rule.SignSlaMinutes, route.Rule.DueSlaMinutes, cancellationToken);
            change = change with { SignDueAt = deadlines.SignDueAt.UtcDateTime, SignWindowStart = deadlines.From.UtcDateTime };
        }

        var actorKind = actor.Kind;
        var updated = await WorkOrderRepository.TryApplyAsync(connection, transaction, order.Id, order.Version, change,
            new NewWorkOrderEvent(order.Id, actorKind, actor.Id, request.Action, order.Status, decision.ToStatus,
                request.Text ?? (request.Rating is { } r ? Satisfaction.NameOf(Satisfaction.Parse(r) ?? r) : null), inboxMessageId), cancellationToken);
        if (updated is null)
            return ApplyResult.Refused($"工单{order.Number}刚被其他人更新，请稍后再试。");

        await notifications.AppliedAsync(connection, transaction, order, updated, request, decision, actor, cancellationToken);
        await reminders.PlanAsync(connection, transaction, updated, cancellationToken); // status or deadlines may have moved
        await NotifyObserversAsync(connection, transaction, updated, request.Action, cancellationToken);
        return new ApplyResult(true, decision.Reply, updated);
    }

    /// <summary>Changes an order's type and/or category (改为), stores the correction for retraining, and re-routes nothing.</summary>
    public async Task<ApplyResult> RecategoriseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkOrder order, WorkOrderActor actor,
        string? type, string? category, long? inboxMessageId, CancellationToken cancellationToken = default)
    {
        if (await authorization.RoleOnAsync(actor, order, cancellationToken) is not (ActorRole.Handler or ActorRole.GridLeader or ActorRole.Admin))
            return ApplyResult.Refused(await notifications.RenderAsync(ReplyCodes.NotAuthorized, order, cancellationToken: cancellationToken));
        if (order.Status is WorkOrderStatus.Closed or WorkOrderStatus.Merged or WorkOrderStatus.Voided)
            return ApplyResult.Refused($"工单{order.Number}当前状态为{WorkOrderStatus.NameOf(order.Status)}，不能修改类别。");
        var updated = await WorkOrderRepository.TryRecategoriseAsync(connection, transaction, order.Id, order.Version, type ?? order.Type, category ?? order.Category,
            new NewWorkOrderEvent(order.Id, actor.Kind, actor.Id, "recategorise", order.Status, order.Status,
                $"改为：{TaxonomyNames.Type(type ?? order.Type)}·{TaxonomyNames.Category(category ?? order.Category)}", inboxMessageId), cancellationToken);
        if (updated is not null) await NotifyObserversAsync(connection, transaction, updated, "recategorise", cancellationToken);
        return updated is null
            ? ApplyResult.Refused($"工单{order.Number}刚被其他人更新，请稍后再试。")
            : new ApplyResult(true, $"工单{order.Number}已改为{TaxonomyNames.Type(updated.Type)}·{TaxonomyNames.Category(updated.Category)}。", updated);
    }

    /// <summary>The order <paramref name="fields"/> will be once stored; its id and number are placeholders the insert replaces in the messages.</summary>
    private static WorkOrder Provisional(NewWorkOrder fields) => new(WorkOrderRepository.IdToBeAssigned, WorkOrderRepository.NumberToBeAssigned, fields.Type, fields.Category, fields.GridId, fields.ChatId, fields.ReporterUserid,
        fields.Description, fields.LocationText, fields.HandlingLevel, fields.AssigneeMemberId, fields.Status, fields.SignDueAt, fields.DueAt, null, null, null,
        fields.CreatedAt!.Value, fields.CreatedAt.Value, 1, null, null, 0, null, fields.DispatcherRuleId, fields.DispatcherMemberId, fields.IsTriage, fields.Clock, null);

    // Outbound integrations (webhooks) hear about every change inside the same transaction.
    private async Task NotifyObserversAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkOrder order, string action, CancellationToken cancellationToken)
    {
        foreach (var observer in observers) await observer.ChangedAsync(connection, transaction, order, action, cancellationToken);
    }

    /// <summary>The actor's role on an order, or null when they may not act on it.</summary>
    public Task<ActorRole?> RoleOfAsync(WorkOrderActor actor, WorkOrder order, CancellationToken cancellationToken = default) =>
        authorization.RoleOnAsync(actor, order, cancellationToken);

    /// <summary>The member who takes an order escalated to <paramref name="level"/>: community staff, or subdistrict staff for 协同办.</summary>
    private async Task<Member?> EscalationAssigneeAsync(WorkOrder order, string level, CancellationToken cancellationToken)
    {
        if (order.GridId is not { } gridId) return null;
        var (gridLevel, role) = level == HandlingLevel.Community ? ("community", "community") : ("subdistrict", "subdistrict");
        foreach (var grid in (await grids.ListSelfAndAncestorsAsync(gridId, cancellationToken)).Where(g => g.Level == gridLevel))
            if ((await members.ListByGridAsync(grid.Id, role, cancellationToken)).FirstOrDefault() is { } member)
                return member;
        return null;
    }

    private static string TriageText(string? reason) => reason switch
    {
        TriageReason.UnmappedChat => "该群尚未绑定网格",
        TriageReason.UnknownGrid => "网格不存在",
        TriageReason.NoAssignee => "没有找到处理人",
        _ => reason ?? "",
    };
}
