using GridLine.Handlers.Messaging;
using GridLine.Handlers.Replies;
using GridLine.Handlers.Routing;
using GridLine.Handlers.Time;
using GridLine.Handlers.Understanding;
using GridLine.Storage;
using Npgsql;

namespace GridLine.Handlers.WorkOrders;

/// <summary>
/// Decides who hears about each work-order step and queues the messages (rendered from the admin-editable templates)
/// in the step's transaction. Residents are reached in their chat with an @-mention, staff 1:1 through the app.
/// Everything shown is masked: no phone or ID number ever leaves in a reply.
/// </summary>
public sealed class WorkOrderNotifications(Notifier notifier, ReplyRenderer renderer, MemberRepository members, GridRepository grids)
{
    /// <summary>Renders a template with the order's standard values (number, category, status, assignee, deadlines …).</summary>
    public async Task<string> RenderAsync(string code, WorkOrder order, IReadOnlyDictionary<string, string?>? extra = null, CancellationToken cancellationToken = default)
    {
        var assignee = order.AssigneeMemberId is { } id ? await members.GetByIdAsync(id, cancellationToken) : null;
        var values = new Dictionary<string, string?>
        {
            ["number"] = order.Number.ToString(),
            ["type"] = TaxonomyNames.Type(order.Type),
            ["category"] = TaxonomyNames.Category(order.Category),
            ["status"] = WorkOrderStatus.NameOf(order.Status),
            ["assignee"] = assignee?.Name ?? "待分派",
            ["level"] = HandlingLevel.NameOf(order.HandlingLevel),
            ["due"] = Format(order.DueAt),
            ["sign_due"] = Format(order.SignDueAt),
            ["description"] = Masking.MaskText(order.Description),
            ["location"] = string.IsNullOrWhiteSpace(order.LocationText) ? "未注明" : Masking.MaskText(order.LocationText),
            ["latest"] = "",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            values[key] = value is null ? null : Masking.MaskText(value);
        return await renderer.RenderAsync(code, values, cancellationToken);
    }

    /// <summary>
    /// Messages for a newly opened order, to be written with it. Rendered before the insert, from an order whose id and
    /// number are <see cref="WorkOrderRepository.IdToBeAssigned"/> and <see cref="WorkOrderRepository.NumberToBeAssigned"/>
    /// (the insert puts the real ones in).
    /// </summary>
    public async Task<IReadOnlyList<NewOutboxMessage>> OpenedMessagesAsync(WorkOrder order, RouteResult route, OpenOrderRequest request,
        CancellationToken cancellationToken)
    {
        var key = $"wo:{order.Id}:open";
        var messages = new List<NewOutboxMessage>(3);
        if (order.ChatId is { } chatId)
        {
            var code = route.IsTriage ? ReplyCodes.AckTriage : order.Type switch
            {
                Taxonomy.Query => ReplyCodes.AckQuery,
                Taxonomy.Petition => ReplyCodes.AckPetition,
                _ => ReplyCodes.AckComplaint,
            };
            messages.Add(await notifier.GroupMessageAsync(key + ":group", chatId, await RenderAsync(code, order, cancellationToken: cancellationToken),
                Mentions(order.ReporterUserid), request.ResponseUrl, cancellationToken));
        }

        if (route.Assignee is { } assignee)
        {
            var text = await RenderAsync(ReplyCodes.NewAssignment, order, cancellationToken: cancellationToken);
            messages.Add(Notifier.MemberMessage(key + ":assignee", assignee.Userid, text,
                new MemberCard($"新工单 {order.Number}", $"{TaxonomyNames.Type(order.Type)}·{TaxonomyNames.Category(order.Category)}", $"sign-{order.Number}",
                    [new CardButton("签收", $"sign:{order.Number}")])));
            if (request.NeedsConfirmation)
            {
                var confirm = await RenderAsync(ReplyCodes.ConfirmRequest, order,
                    new Dictionary<string, string?> { ["confidence"] = $"{request.Confidence:P0}", ["ref"] = order.Number.ToString() }, cancellationToken);
                messages.Add(Notifier.MemberMessage(key + ":confirm", assignee.Userid, confirm,
                    new MemberCard($"请确认工单 {order.Number} 的类别", $"{TaxonomyNames.Type(order.Type)}·{TaxonomyNames.Category(order.Category)}", $"confirm-{order.Number}",
                        [new CardButton("确认无误", $"confirm:{order.Number}"), new CardButton("不需要立案", $"void:{order.Number}")])));
            }
        }
        else
        {
            var group = order.ChatId ?? "（无群）";
            var text = await RenderAsync(ReplyCodes.TriageNotice, order, new Dictionary<string, string?> { ["group"] = group }, cancellationToken);
            foreach (var admin in await AdminsForAsync(order, cancellationToken))
                messages.Add(Notifier.MemberMessage($"{key}:triage:{admin.Userid}", admin.Userid, text));
        }
        return messages;
    }

    /// <summary>Messages after an allowed action, to the order's chats and to the staff concerned.</summary>
    public async Task AppliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkOrder before, WorkOrder after, TransitionRequest request,
        TransitionDecision decision, WorkOrderActor actor, CancellationToken cancellationToken)
    {
        var key = $"wo:{after.Id}:v{after.Version}:{request.Action}";
        var note = new Dictionary<string, string?> { ["note"] = request.Text ?? "" };
        string? groupCode = request.Action switch
        {
            WorkOrderAction.Sign => ReplyCodes.Signed,
            WorkOrderAction.Progress => ReplyCodes.Progress,
            WorkOrderAction.Conclude => ReplyCodes.Concluded,
            WorkOrderAction.Rate when decision.ToStatus == WorkOrderStatus.InProgress => ReplyCodes.Reopened,
            WorkOrderAction.Rate => ReplyCodes.RatingThanks,
            WorkOrderAction.Reopen => ReplyCodes.Reopened,
            WorkOrderAction.Escalate => ReplyCodes.Escalated,
            WorkOrderAction.Extend => ReplyCodes.Extended,
            WorkOrderAction.Void => ReplyCodes.Voided,
            WorkOrderAction.Merge => ReplyCodes.Merged,
            _ => null,
        };
        if (groupCode is not null)
        {
            var values = new Dictionary<string, string?>(note)
            {
                ["rating"] = after.Satisfaction is { } s ? Satisfaction.NameOf(s) : "",
                ["target"] = request.Target?.Number.ToString(),
            };
            var text = await RenderAsync(groupCode, after, values, cancellationToken);
            // The subscribers of the order before the step: for a merge these are the merged order's reporters.
            foreach (var chatId in await WorkOrderRepository.ListSubscriberChatsAsync(connection, transaction, before.Id, cancellationToken))
                await notifier.ToGroupAsync(connection, transaction, $"{key}:group:{chatId}", chatId, text,
                    await WorkOrderRepository.ListMentionsAsync(connection, transaction, before.Id, chatId, cancellationToken), cancellationToken: cancellationToken);
        }

        // Staff: a new assignee gets the order; a returned order goes back to whoever dispatches in that grid; a reopened one to its assignee.
        if (request.Action is WorkOrderAction.Reassign or WorkOrderAction.Escalate && after.AssigneeMemberId is { } newAssignee
            && await members.GetByIdAsync(newAssignee, cancellationToken) is { } assignee)
        {
            await Notifier.ToMemberAsync(connection, transaction, key + ":assignee", assignee.Userid, await RenderAsync(ReplyCodes.NewAssignment, after, cancellationToken: cancellationToken),
                new MemberCard($"新工单 {after.Number}", $"{TaxonomyNames.Type(after.Type)}·{TaxonomyNames.Category(after.Category)}", $"sign-{after.Number}-{after.Version}",
                    [new CardButton("签收", $"sign:{after.Number}")]), cancellationToken);
        }
        else if (request.Action == WorkOrderAction.Return)
        {
            var text = await RenderAsync(ReplyCodes.Returned, after, note, cancellationToken);
            foreach (var admin in await DispatchersForAsync(after, cancellationToken))
                await Notifier.ToMemberAsync(connection, transaction, $"{key}:dispatcher:{admin.Userid}", admin.Userid, text, cancellationToken: cancellationToken);
        }
        else if (after.Status == WorkOrderStatus.InProgress && before.Status is WorkOrderStatus.Concluded or WorkOrderStatus.Rated
                 && after.AssigneeMemberId is { } assigneeId && await members.GetByIdAsync(assigneeId, cancellationToken) is { } handler)
        {
            await Notifier.ToMemberAsync(connection, transaction, key + ":assignee", handler.Userid,
                await RenderAsync(ReplyCodes.Reopened, after, cancellationToken: cancellationToken), cancellationToken: cancellationToken);
        }
    }

    /// <summary>Grid leaders up the order's chain, else community staff: who re-dispatches a returned order.</summary>
    private async Task<IReadOnlyList<Member>> DispatchersForAsync(WorkOrder order, CancellationToken cancellationToken)
    {
        if (order.GridId is not { } gridId) return await AdminsForAsync(order, cancellationToken);
        var chain = await grids.ListSelfAndAncestorsAsync(gridId, cancellationToken);
        foreach (var role in new[] { "grid_leader", "community", "subdistrict" })
        {
            var found = new List<Member>();
            foreach (var grid in chain) found.AddRange(await members.ListByGridAsync(grid.Id, role, cancellationToken));
            if (found.Count > 0) return found.DistinctBy(m => m.Id).ToList();
        }
        return [];
    }

    /// <summary>Community and subdistrict staff responsible for an order (all subdistrict staff when it has no grid).</summary>
    private async Task<IReadOnlyList<Member>> AdminsForAsync(WorkOrder order, CancellationToken cancellationToken)
    {
        if (order.GridId is { } gridId)
        {
            var found = new List<Member>();
            foreach (var grid in await grids.ListSelfAndAncestorsAsync(gridId, cancellationToken))
                foreach (var role in new[] { "community", "subdistrict" })
                    found.AddRange(await members.ListByGridAsync(grid.Id, role, cancellationToken));
            if (found.Count > 0) return found.DistinctBy(m => m.Id).ToList();
        }
        return await members.ListByRoleAsync("subdistrict", cancellationToken);
    }

    private static IReadOnlyList<string> Mentions(string? userid) => userid is null ? [] : [userid];

    private static string Format(DateTime? utc) =>
        utc is { } u ? ChinaTime.Format(new DateTimeOffset(DateTime.SpecifyKind(u, DateTimeKind.Utc))) : "—";
}
