using System.Text.Json;
using GridLine.Handlers.Commands;
using GridLine.Handlers.Messaging;
using GridLine.Handlers.Replies;
using GridLine.Handlers.Routing;
using GridLine.Handlers.Time;
using GridLine.Handlers.Understanding;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;

namespace GridLine.Handlers.Messages;

/// <summary>Grid workers' chat commands and card clicks, turned into work-order actions.</summary>
public sealed class StaffCommandHandler(
    WorkOrderService orders,
    ResidentReplies replies,
    IMessageUnderstanding understanding,
    MemberRepository members,
    InboxRepository inbox,
    Router router,
    WorkingCalendarProvider calendars,
    ReplyRenderer renderer,
    TimeProvider time)
{
    /// <summary>Runs one parsed command for a staff member and answers them.</summary>
    public async Task HandleAsync(MessageContext ctx, Member member, ChatCommand command, CancellationToken cancellationToken)
    {
        if (command.Kind == ChatCommandKind.Status)
        {
            await replies.StatusAsync(ctx, command.Number, cancellationToken);
            return;
        }
        var order = await WorkOrderRepository.GetByNumberAsync(ctx.Connection, ctx.Transaction, command.Number, cancellationToken);
        if (order is null)
        {
            await replies.ReplyAsync(ctx, await replies.RenderAsync(ReplyCodes.StatusNotFound, cancellationToken,
                new Dictionary<string, string?> { ["number"] = command.Number.ToString() }), cancellationToken);
            return;
        }

        var actor = WorkOrderActor.Staff(member);
        var inboxId = ctx.Message.InboxId;
        ApplyResult result;
        switch (command.Kind)
        {
            case ChatCommandKind.Recategorise:
                result = await RecategoriseAsync(ctx, order, actor, command.Text, cancellationToken);
                break;
            case ChatCommandKind.Confirm:
                result = await ConfirmAsync(ctx, order, actor, cancellationToken);
                break;
            case ChatCommandKind.EscalateCommunity or ChatCommandKind.EscalateCollaborative:
                result = await EscalateAsync(ctx, order, actor, command, cancellationToken);
                break;
            default:
                if (await ToRequestAsync(ctx, order, command, cancellationToken) is not { } request)
                    return; // ToRequestAsync already answered (e.g. unknown merge target)
                result = await orders.ApplyAsync(ctx.Connection, ctx.Transaction, order, actor, request, inboxId, cancellationToken);
                break;
        }
        await AnswerAsync(ctx, command.Kind, result, cancellationToken);
    }

    /// <summary>A template-card button: "sign:1024", "confirm:1024", "void:1024", "open:{inboxId}:{type}", "ignore:{inboxId}".</summary>
    public async Task HandleCardAsync(MessageContext ctx, Member member, string key, CancellationToken cancellationToken)
    {
        var parts = key.Split(':');
        switch (parts)
        {
            case ["sign", var n] when long.TryParse(n, out var number):
                await HandleAsync(ctx, member, new ChatCommand(ChatCommandKind.Sign, number, ""), cancellationToken);
                return;
            case ["confirm", var n] when long.TryParse(n, out var number):
                await HandleAsync(ctx, member, new ChatCommand(ChatCommandKind.Confirm, number, ""), cancellationToken);
                return;
            case ["void", var n] when long.TryParse(n, out var number):
                await HandleAsync(ctx, member, new ChatCommand(ChatCommandKind.Void, number, "网格员确认无需立案"), cancellationToken);
                return;
            case ["open", var id, var type] when long.TryParse(id, out var inboxId) && Taxonomy.IsType(type):
                await OpenConfirmedAsync(ctx, member, inboxId, type, cancellationToken);
                return;
            case ["ignore", var id] when long.TryParse(id, out var inboxId):
                await RecordIgnoredAsync(ctx, member, inboxId, cancellationToken);
                return;
            default:
                await replies.ReplyAsync(ctx, $"无法识别的按钮（{key}）。\n{await replies.RenderAsync(ReplyCodes.CommandHelp, cancellationToken)}", cancellationToken);
                return;
        }
    }

    /// <summary>A resident message the model thinks is nothing to track, but is unsure: the grid worker decides with one tap.</summary>
    public async Task AskToConfirmUntrackedAsync(MessageContext ctx, Understanding.Understanding understood, CancellationToken cancellationToken)
    {
        var m = ctx.Message;
        var route = await router.RouteChatAsync(m.ChatId!, understood.Category, Taxonomy.Complaint, cancellationToken);
        if (route.Assignee is not { } worker) return; // unmapped group: nobody to ask; nothing is opened for chit-chat
        var text = await renderer.RenderAsync(ReplyCodes.ConfirmRequest, new Dictionary<string, string?>
        {
            ["description"] = Masking.MaskText(m.Text), ["type"] = TaxonomyNames.Type(understood.Type), ["category"] = TaxonomyNames.Category(understood.Category),
            ["confidence"] = $"{understood.Confidence:P0}", ["ref"] = m.InboxId.ToString(),
        }, cancellationToken);
        await Notifier.ToMemberAsync(ctx.Connection, ctx.Transaction, Notifier.InboundReplyKey(m.InboxId, "confirm"), worker.Userid, text,
            new MemberCard("这条群消息需要立案吗？", Masking.MaskText(m.Text), $"confirm-msg-{m.InboxId}",
                [new CardButton("立案：投诉", $"open:{m.InboxId}:complaint"), new CardButton("立案：咨询", $"open:{m.InboxId}:query"), new CardButton("不需要", $"ignore:{m.InboxId}")]),
            cancellationToken);
    }

    private async Task<TransitionRequest?> ToRequestAsync(MessageContext ctx, WorkOrder order, ChatCommand command, CancellationToken cancellationToken)
    {
        switch (command.Kind)
        {
            case ChatCommandKind.Sign: return new(WorkOrderAction.Sign, ActorRole.Handler);
            case ChatCommandKind.Progress: return new(WorkOrderAction.Progress, ActorRole.Handler, command.Text);
            case ChatCommandKind.Conclude: return new(WorkOrderAction.Conclude, ActorRole.Handler, command.Text);
            case ChatCommandKind.Return: return new(WorkOrderAction.Return, ActorRole.Handler, command.Text);
            case ChatCommandKind.Void: return new(WorkOrderAction.Void, ActorRole.Handler, command.Text);
            case ChatCommandKind.Extend:
                var calendar = await calendars.GetAsync(cancellationToken);
                var from = order.DueAt is { } due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : time.GetUtcNow();
                var until = order.Clock == SlaClock.Calendar ? from.AddDays(command.Days!.Value) : calendar.AddWorkingDays(from, command.Days!.Value);
                return new(WorkOrderAction.Extend, ActorRole.Handler, command.Text, ExtendUntil: until);
            case ChatCommandKind.Reassign:
                var assignee = await members.GetByUseridAsync(command.Text.Trim(), cancellationToken);
                if (assignee is null || !assignee.IsActive)
                {
                    await replies.ReplyAsync(ctx, $"没有找到工作人员“{Masking.MaskText(command.Text.Trim())}”，请使用企业微信账号。", cancellationToken);
                    return null;
                }
                return new(WorkOrderAction.Reassign, ActorRole.Handler, $"改派给{assignee.Name}", AssigneeMemberId: assignee.Id);
            case ChatCommandKind.Merge:
                var target = await WorkOrderRepository.GetByNumberAsync(ctx.Connection, ctx.Transaction, command.TargetNumber!.Value, cancellationToken);
                if (target is null)
                {
                    await replies.ReplyAsync(ctx, await replies.RenderAsync(ReplyCodes.StatusNotFound, cancellationToken,
                        new Dictionary<string, string?> { ["number"] = command.TargetNumber.ToString() }), cancellationToken);
                    return null;
                }
                return new(WorkOrderAction.Merge, ActorRole.Handler, $"合并到工单{target.Number}", Target: new MergeTarget(target.Id, target.Number, target.Status));
            default:
                throw new InvalidOperationException($"command {command.Kind} has no work-order action");
        }
    }

    /// <summary>转社区 / 转协同: one escalation step, or two when 转协同 is asked of a grid-level order.</summary>
    private async Task<ApplyResult> EscalateAsync(MessageContext ctx, WorkOrder order, WorkOrderActor actor, ChatCommand command, CancellationToken cancellationToken)
    {
        var target = command.Kind == ChatCommandKind.EscalateCommunity ? HandlingLevel.Community : HandlingLevel.Collaborative;
        if (HandlingLevel.Chain.ToList().IndexOf(order.HandlingLevel) >= HandlingLevel.Chain.ToList().IndexOf(target))
            return ApplyResult.Refused($"工单{order.Number}已由{HandlingLevel.NameOf(order.HandlingLevel)}办理，无需{(target == HandlingLevel.Community ? "转社区" : "转协同")}。");
        var result = ApplyResult.Refused("");
        var current = order;
        while (current.HandlingLevel != target)
        {
            result = await orders.ApplyAsync(ctx.Connection, ctx.Transaction, current, actor,
                new TransitionRequest(WorkOrderAction.Escalate, ActorRole.Handler, command.Text), ctx.Message.InboxId, cancellationToken);
            if (!result.Allowed) return result;
            current = result.Order!;
        }
        return result;
    }

    private async Task<ApplyResult> RecategoriseAsync(MessageContext ctx, WorkOrder order, WorkOrderActor actor, string labels, CancellationToken cancellationToken)
    {
        string? type = null, category = null;
        foreach (var word in labels.Split(['/', '／', ' ', '·', '、'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (type is null && TaxonomyNames.ParseType(word) is { } t) type = t;
            else if (category is null && TaxonomyNames.ParseCategory(word) is { } c) category = c;
            else return ApplyResult.Refused($"无法识别“{Masking.MaskText(word)}”。类型：投诉、信访代办、咨询；类别如：路灯照明、噪音扰民、停车、环境卫生……");
        }
        if (type is null && category is null) return ApplyResult.Refused("请写明新的类型或类别，例如：改为 投诉/路灯 " + order.Number);
        var result = await orders.RecategoriseAsync(ctx.Connection, ctx.Transaction, order, actor, type, category, ctx.Message.InboxId, cancellationToken);
        if (result.Allowed)
            await understanding.RecordCorrectionAsync(order.Description, result.Order!.Type, result.Order.Category, cancellationToken);
        return result;
    }

    /// <summary>确认 N: the worker agrees with the model's type and category; stored as a labelled example.</summary>
    private async Task<ApplyResult> ConfirmAsync(MessageContext ctx, WorkOrder order, WorkOrderActor actor, CancellationToken cancellationToken)
    {
        var role = await orders.RoleOfAsync(actor, order, cancellationToken);
        if (role is not (ActorRole.Handler or ActorRole.GridLeader or ActorRole.Admin))
            return ApplyResult.Refused($"您没有处理工单 {order.Number} 的权限（仅限所属网格的工作人员）。");
        if (await WorkOrderRepository.SourceInboxIdAsync(ctx.Connection, ctx.Transaction, order.Id, cancellationToken) is { } source)
            await understanding.RecordConfirmationAsync(source, order.Type, order.Category, actor.Id!, cancellationToken);
        await WorkOrderRepository.AppendEventAsync(ctx.Connection, ctx.Transaction, new NewWorkOrderEvent(order.Id, actor.Kind, actor.Id, "confirm",
            order.Status, order.Status, $"网格员确认类别：{TaxonomyNames.Type(order.Type)}·{TaxonomyNames.Category(order.Category)}", ctx.Message.InboxId), cancellationToken);
        return new ApplyResult(true, $"已确认工单{order.Number}为{TaxonomyNames.Type(order.Type)}·{TaxonomyNames.Category(order.Category)}。", order);
    }

    /// <summary>"立案" on an unsure message: opens the order the worker chose and records the answer.</summary>
    private async Task OpenConfirmedAsync(MessageContext ctx, Member member, long inboxId, string type, CancellationToken cancellationToken)
    {
        if (await inbox.GetByIdAsync(inboxId, cancellationToken) is not { } row || InboxMessageDecoder.Decode(row) is not { } original)
        {
            await replies.ReplyAsync(ctx, "找不到这条群消息，可能已被处理。", cancellationToken);
            return;
        }
        if (await WorkOrderRepository.FindBySourceInboxIdAsync(ctx.Connection, ctx.Transaction, inboxId, cancellationToken) is { } existing)
        {
            await replies.ReplyAsync(ctx, $"这条消息已立案，工单号 {existing.Number}。", cancellationToken);
            return;
        }
        var understood = await understanding.UnderstandAsync(new MessageInput(original.Text, original.ChatId, original.SenderId, original.ReceivedAt, inboxId), cancellationToken);
        var category = understood.Category == Taxonomy.Other ? Taxonomy.Other : understood.Category;
        await understanding.RecordConfirmationAsync(inboxId, type, category, member.Userid, cancellationToken);
        var order = await orders.OpenAsync(ctx.Connection, ctx.Transaction, new OpenOrderRequest(type, category, original.Text.Trim(), original.ChatId, original.SenderId,
            understood.Details.Locations.Count > 0 ? string.Join("，", understood.Details.Locations) : null, inboxId, Source: "confirmed"), cancellationToken);
        await replies.ReplyAsync(ctx, $"已立案，工单号 {order.Number}（{TaxonomyNames.Type(type)}·{TaxonomyNames.Category(category)}）。", cancellationToken);
    }

    private async Task RecordIgnoredAsync(MessageContext ctx, Member member, long inboxId, CancellationToken cancellationToken)
    {
        await understanding.RecordConfirmationAsync(inboxId, Taxonomy.Other, Taxonomy.Other, member.Userid, cancellationToken);
        await replies.ReplyAsync(ctx, "好的，这条消息不立案。", cancellationToken);
    }

    /// <summary>
    /// The worker hears the outcome: always 1:1; in a group only refusals and steps residents are not told about
    /// (an allowed 签收/办结 is already announced to the group by the notifications).
    /// </summary>
    private async Task AnswerAsync(MessageContext ctx, ChatCommandKind kind, ApplyResult result, CancellationToken cancellationToken)
    {
        var announcedToGroup = result.Allowed && kind is ChatCommandKind.Sign or ChatCommandKind.Progress or ChatCommandKind.Conclude
            or ChatCommandKind.EscalateCommunity or ChatCommandKind.EscalateCollaborative or ChatCommandKind.Extend or ChatCommandKind.Void or ChatCommandKind.Merge;
        if (ctx.Message.Channel == ChatChannel.Direct || !announcedToGroup)
            await replies.ReplyAsync(ctx, result.Reply, cancellationToken);
    }
}
