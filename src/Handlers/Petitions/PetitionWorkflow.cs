using GridLine.Handlers.Commands;
using GridLine.Handlers.Messages;
using GridLine.Handlers.Messaging;
using GridLine.Handlers.Replies;
using GridLine.Handlers.Time;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;

namespace GridLine.Handlers.Petitions;

/// <summary>
/// Reporting a petition upward level by level and each level's acceptance and answer (上报 / 受理 / 答复 / 延期), on the
/// order's timeline and with the petitioner told at each step. The order itself moves through the one state machine:
/// 上报 escalates it (community → 社区办, subdistrict/department → 协同办), 受理 signs it, 答复 concludes it (which asks for the rating).
/// </summary>
public sealed class PetitionWorkflow(WorkOrderService orders, WorkOrderNotifications notifications, Notifier notifier, MemberRepository members, TimeProvider time)
{
    public const string Grid = "grid", Community = "community", Subdistrict = "subdistrict", Department = "department";

    public static string LevelName(string level, string? department = null) => level switch
    {
        Grid => "网格", Community => "社区", Subdistrict => "街道", Department => department ?? "部门", _ => level,
    };

    /// <summary>上报 N [社区|街道|部门名] [原因]: the proxy (or a leader) reports it one level up; needs a complete record with consent.</summary>
    public async Task<ApplyResult> ReportUpAsync(MessageContext ctx, Member member, WorkOrder order, string args, CancellationToken cancellationToken)
    {
        if (await LoadAsync(ctx, order, cancellationToken) is not { } petition) return NotPetition(order);
        var actor = WorkOrderActor.Staff(member);
        if (await orders.RoleOfAsync(actor, order, cancellationToken) is not (ActorRole.Handler or ActorRole.GridLeader or ActorRole.Admin))
            return ApplyResult.Refused($"您没有处理工单 {order.Number} 的权限（仅限所属网格的工作人员）。");
        if (PetitionFields.FirstMissing(petition) is not null)
            return ApplyResult.Refused($"信访 {order.Number} 登记还不完整，请先回复“信访 {order.Number}”补全。");
        if (petition.ConsentToProxy != true) return ApplyResult.Refused($"信访人不同意代办，工单{order.Number}不能由网格员代为上报。");

        var (target, department, reason) = ParseTarget(args, petition.CurrentLevel);
        if (target is null) return ApplyResult.Refused($"信访 {order.Number} 已在{LevelName(petition.CurrentLevel, petition.Department)}，不能再上报。");
        var handling = target == Community ? HandlingLevel.Community : HandlingLevel.Collaborative;
        var note = $"信访上报至{LevelName(target, department)}" + (reason.Length > 0 ? $"：{reason}" : "");
        var current = order;
        ApplyResult result = new(true, "", order);
        while (HandlingLevel.Chain.ToList().IndexOf(current.HandlingLevel) < HandlingLevel.Chain.ToList().IndexOf(handling))
        {
            result = await orders.ApplyAsync(ctx.Connection, ctx.Transaction, current, actor, new TransitionRequest(WorkOrderAction.Escalate, ActorRole.Handler, note),
                ctx.Message.InboxId, cancellationToken);
            if (!result.Allowed) return result;
            current = result.Order!;
        }
        await PetitionRepository.ReportUpAsync(ctx.Connection, ctx.Transaction, petition.Id, target, department, cancellationToken);
        await WorkOrderRepository.AppendEventAsync(ctx.Connection, ctx.Transaction, new NewWorkOrderEvent(order.Id, actor.Kind, actor.Id, "petition_report",
            current.Status, current.Status, note, ctx.Message.InboxId), cancellationToken);
        await TellPetitionerAsync(ctx, current, ReplyCodes.PetitionReported, $"report:{target}", new() { ["level"] = LevelName(target, department),
            ["acceptance_due"] = Format(petition.AcceptanceDueAt) }, cancellationToken);
        return new ApplyResult(true, $"信访 {order.Number} 已上报至{LevelName(target, department)}。", current);
    }

    /// <summary>受理 N [说明]: staff of the level the petition is at accept it; the 60-day clock starts and the petitioner is told.</summary>
    public async Task<ApplyResult> AcceptAsync(MessageContext ctx, Member member, WorkOrder order, string note, CancellationToken cancellationToken)
    {
        if (await LoadAsync(ctx, order, cancellationToken) is not { } petition) return NotPetition(order);
        if (await LevelRefusalAsync(member, order, petition, cancellationToken) is { } refusal) return refusal;
        if (petition.AcceptedAt is not null && petition.AcceptedLevel == petition.CurrentLevel)
            return ApplyResult.Refused($"信访 {order.Number} 已由{LevelName(petition.CurrentLevel, petition.Department)}受理。");
        var now = time.GetUtcNow().UtcDateTime;
        var conclusionDue = now.AddDays(PetitionClock.ConclusionDays + petition.ExtensionDays);
        await PetitionRepository.AcceptAsync(ctx.Connection, ctx.Transaction, petition.Id, petition.CurrentLevel, now, conclusionDue, cancellationToken);
        var actor = WorkOrderActor.Staff(member);
        var current = order;
        if (order.Status == WorkOrderStatus.PendingSign)
        {
            var signed = await orders.ApplyAsync(ctx.Connection, ctx.Transaction, order, actor, new TransitionRequest(WorkOrderAction.Sign, ActorRole.Handler), ctx.Message.InboxId, cancellationToken);
            if (signed.Allowed) current = signed.Order!;
        }
        var level = LevelName(petition.CurrentLevel, petition.Department);
        await WorkOrderRepository.AppendEventAsync(ctx.Connection, ctx.Transaction, new NewWorkOrderEvent(order.Id, actor.Kind, actor.Id, "petition_accept",
            current.Status, current.Status, $"{level}受理" + (note.Length > 0 ? $"：{note}" : ""), ctx.Message.InboxId), cancellationToken);
        await TellPetitionerAsync(ctx, current, ReplyCodes.PetitionAccepted, $"accept:{petition.CurrentLevel}",
            new() { ["level"] = level, ["conclusion_due"] = Format(conclusionDue) }, cancellationToken);
        return new ApplyResult(true, $"信访 {order.Number} 已由{level}受理，{Format(conclusionDue)}前办结。", current);
    }

    /// <summary>答复 N 结果 [说明:…]: the level answers; the order concludes, the petitioner gets the result and explanation and is asked to rate.</summary>
    public async Task<ApplyResult> AnswerAsync(MessageContext ctx, Member member, WorkOrder order, string text, CancellationToken cancellationToken)
    {
        if (await LoadAsync(ctx, order, cancellationToken) is not { } petition) return NotPetition(order);
        if (await LevelRefusalAsync(member, order, petition, cancellationToken) is { } refusal) return refusal;
        if (petition.AcceptedAt is null) return ApplyResult.Refused($"信访 {order.Number} 尚未受理，请先“受理 {order.Number}”。");
        var split = text.Split(["说明：", "说明:", "解释：", "解释:"], 2, StringSplitOptions.None);
        var result = split[0].Trim().TrimEnd('，', ',', '；', ';');
        var explanation = split.Length > 1 ? split[1].Trim() : null;
        var level = LevelName(petition.CurrentLevel, petition.Department);
        var note = $"{level}答复：{result}" + (explanation is null ? "" : $"；说明：{explanation}");
        var actor = WorkOrderActor.Staff(member);
        var concluded = await orders.ApplyAsync(ctx.Connection, ctx.Transaction, order, actor, new TransitionRequest(WorkOrderAction.Conclude, ActorRole.Handler, note),
            ctx.Message.InboxId, cancellationToken);
        if (!concluded.Allowed) return concluded;
        await PetitionRepository.AnswerAsync(ctx.Connection, ctx.Transaction, petition.Id, time.GetUtcNow().UtcDateTime, result, explanation, cancellationToken);
        await WorkOrderRepository.AppendEventAsync(ctx.Connection, ctx.Transaction, new NewWorkOrderEvent(order.Id, actor.Kind, actor.Id, "petition_answer",
            concluded.Order!.Status, concluded.Order.Status, note, ctx.Message.InboxId), cancellationToken);
        if (petition.ProxyMemberId is { } proxyId && proxyId != member.Id && await members.GetByIdAsync(proxyId, cancellationToken) is { } proxy)
            await Notifier.ToMemberAsync(ctx.Connection, ctx.Transaction, $"wo:{order.Id}:petition:answer:proxy", proxy.Userid,
                await notifications.RenderAsync(ReplyCodes.PetitionAnsweredProxy, concluded.Order, new Dictionary<string, string?> { ["level"] = level, ["note"] = note },
                    cancellationToken), cancellationToken: cancellationToken);
        return new ApplyResult(true, $"信访 {order.Number} 已答复，信访人会收到结果并被邀请评价。", concluded.Order);
    }

    /// <summary>延期 on a petition order: at most 30 calendar days in total, the reason told to the petitioner.</summary>
    public async Task<ApplyResult> ExtendAsync(MessageContext ctx, Member member, WorkOrder order, ChatCommand command, CancellationToken cancellationToken)
    {
        if (await LoadAsync(ctx, order, cancellationToken) is not { } petition) return NotPetition(order);
        var days = command.Days!.Value;
        if (petition.ExtensionDays + days > PetitionClock.MaxExtensionDays)
            return ApplyResult.Refused($"信访事项延期合计不能超过{PetitionClock.MaxExtensionDays}天（已延期{petition.ExtensionDays}天）。");
        var from = DateTime.SpecifyKind(order.DueAt ?? time.GetUtcNow().UtcDateTime, DateTimeKind.Utc);
        var result = await orders.ApplyAsync(ctx.Connection, ctx.Transaction, order, WorkOrderActor.Staff(member),
            new TransitionRequest(WorkOrderAction.Extend, ActorRole.Handler, command.Text, ExtendUntil: new DateTimeOffset(from.AddDays(days))), ctx.Message.InboxId, cancellationToken);
        if (!result.Allowed) return result;
        await PetitionRepository.ExtendAsync(ctx.Connection, ctx.Transaction, petition.Id, days, command.Text, cancellationToken);
        var updated = (await PetitionRepository.GetByIdAsync(ctx.Connection, ctx.Transaction, petition.Id, cancellationToken))!;
        await TellPetitionerAsync(ctx, result.Order!, ReplyCodes.PetitionExtended, $"extend:v{result.Order!.Version}",
            new() { ["days"] = days.ToString(), ["conclusion_due"] = Format(updated.ConclusionDueAt), ["note"] = command.Text }, cancellationToken);
        return result;
    }

    private async Task<ApplyResult?> LevelRefusalAsync(Member member, WorkOrder order, Petition petition, CancellationToken cancellationToken)
    {
        if (await orders.RoleOfAsync(WorkOrderActor.Staff(member), order, cancellationToken) is not (ActorRole.Handler or ActorRole.GridLeader or ActorRole.Admin))
            return ApplyResult.Refused($"您没有处理工单 {order.Number} 的权限（仅限所属网格的工作人员）。");
        var allowed = petition.CurrentLevel switch
        {
            Community => member.Role is "community" or "subdistrict",
            Subdistrict => member.Role is "subdistrict",
            Department => member.Role is "department" or "subdistrict",
            _ => false,
        };
        if (petition.CurrentLevel == Grid) return ApplyResult.Refused($"信访 {order.Number} 还在网格，请代办员先“上报 {order.Number}”。");
        return allowed ? null : ApplyResult.Refused($"信访 {order.Number} 在{LevelName(petition.CurrentLevel, petition.Department)}，应由{LevelName(petition.CurrentLevel, petition.Department)}工作人员受理和答复。");
    }

    private static (string? Target, string? Department, string Reason) ParseTarget(string args, string current)
    {
        var text = args.Trim();
        foreach (var (word, level) in new[] { ("社区", Community), ("街道", Subdistrict) })
            if (text.StartsWith(word, StringComparison.Ordinal)) return (level, null, text[word.Length..].Trim());
        if (text.StartsWith("部门", StringComparison.Ordinal))
        {
            var rest = text[2..].Trim().Split([' ', '　', '，', ','], 2, StringSplitOptions.RemoveEmptyEntries);
            return rest.Length == 0 ? (null, null, "") : (Department, rest[0], rest.Length > 1 ? rest[1].Trim() : "");
        }
        var next = current switch { Grid => Community, Community => Subdistrict, _ => null };
        return (next, null, text);
    }

    private async Task<Petition?> LoadAsync(MessageContext ctx, WorkOrder order, CancellationToken cancellationToken) =>
        order.Type == Understanding.Taxonomy.Petition ? await PetitionRepository.GetByWorkOrderAsync(ctx.Connection, ctx.Transaction, order.Id, cancellationToken) : null;

    private static ApplyResult NotPetition(WorkOrder order) => ApplyResult.Refused($"工单{order.Number}没有信访登记（不是信访代办工单，或尚未登记）。");

    private async Task TellPetitionerAsync(MessageContext ctx, WorkOrder order, string code, string step, Dictionary<string, string?> values, CancellationToken cancellationToken)
    {
        if (order.ChatId is not { } chatId || order.ReporterUserid is not { } reporter) return;
        await notifier.ToGroupAsync(ctx.Connection, ctx.Transaction, $"wo:{order.Id}:petition:{step}:group", chatId,
            await notifications.RenderAsync(code, order, values, cancellationToken), [reporter], cancellationToken: cancellationToken);
    }

    private static string Format(DateTime utc) => ChinaTime.Format(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
}
