using GridLine.Handlers.Duplicates;
using GridLine.Handlers.Messages;
using GridLine.Handlers.Messaging;
using GridLine.Handlers.Replies;
using GridLine.Handlers.Time;
using GridLine.Handlers.Understanding;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Petitions;

/// <summary>
/// The petition record behind a petition order: created when the order opens (clocks set), filled by the proxy in chat —
/// one labelled line or a guided exchange that remembers which field it asked for (<c>petition_session</c>) and stops
/// taking answers after <see cref="PetitionOptions.GuidedIdleMinutes"/> without one.
/// </summary>
public sealed class PetitionService(
    ResidentReplies replies,
    WorkOrderNotifications notifications,
    MemberRepository members,
    IOptions<PetitionOptions> options,
    TimeProvider time,
    TextFeatureCache textFeatures)
{
    /// <summary>After a petition order opened: the record with its statutory clocks, and a prompt to the proxy.</summary>
    public async Task OpenedAsync(MessageContext ctx, WorkOrder order, CancellationToken cancellationToken)
    {
        var received = DateTime.SpecifyKind(order.CreatedAt, DateTimeKind.Utc);
        long? repeatOf = null;
        TextFeatures? description = null;
        if (order.ReporterUserid is { } petitioner)
            foreach (var (id, text) in await PetitionRepository.ListEarlierByPetitionerAsync(ctx.Connection, ctx.Transaction, petitioner, order.Id,
                         received.AddDays(-options.Value.RepeatWindowDays), cancellationToken))
                if (TextSimilarity.Score(description ??= TextSimilarity.Prepare(order.Description), textFeatures.Get(text)) >= new DuplicateOptions().Threshold) { repeatOf = id; break; }

        await PetitionRepository.EnsureAsync(ctx.Connection, ctx.Transaction, order.Id, order.ReporterUserid, order.AssigneeMemberId, received,
            received.AddDays(PetitionClock.AcceptanceDays), received.AddDays(PetitionClock.ConclusionDays), null, repeatOf, cancellationToken);
        if (order.AssigneeMemberId is { } proxyId && await members.GetByIdAsync(proxyId, cancellationToken) is { } proxy)
            await Notifier.ToMemberAsync(ctx.Connection, ctx.Transaction, $"wo:{order.Id}:petition:prompt", proxy.Userid,
                await notifications.RenderAsync(ReplyCodes.PetitionRecordPrompt, order, cancellationToken: cancellationToken), cancellationToken: cancellationToken);
    }

    /// <summary>信访 N [labelled fields]: fills what was given, then asks for the first missing field (guided), or confirms the record.</summary>
    public async Task<string?> RecordAsync(MessageContext ctx, Member member, WorkOrder order, string labelled, CancellationToken cancellationToken)
    {
        if (order.Type != Taxonomy.Petition)
            return $"工单{order.Number}不是信访代办工单。如需改为信访代办，请发“改为 信访代办 {order.Number}”。";
        var petition = await PetitionRepository.GetByWorkOrderAsync(ctx.Connection, ctx.Transaction, order.Id, cancellationToken)
            ?? await PetitionRepository.EnsureAsync(ctx.Connection, ctx.Transaction, order.Id, order.ReporterUserid, order.AssigneeMemberId,
                DateTime.SpecifyKind(order.CreatedAt, DateTimeKind.Utc), DateTime.SpecifyKind(order.CreatedAt, DateTimeKind.Utc).AddDays(PetitionClock.AcceptanceDays),
                DateTime.SpecifyKind(order.CreatedAt, DateTimeKind.Utc).AddDays(PetitionClock.ConclusionDays), null, null, cancellationToken);
        foreach (var (field, value) in PetitionFields.ParseLabelled(labelled))
            await PetitionRepository.SetFieldAsync(ctx.Connection, ctx.Transaction, petition.Id, field, value, cancellationToken);
        await WorkOrderRepository.AppendEventAsync(ctx.Connection, ctx.Transaction, new NewWorkOrderEvent(order.Id, WorkOrderActor.MemberKind, member.Userid,
            "petition_record", order.Status, order.Status, labelled.Length > 0 ? "信访代办登记（一次填写）" : "信访代办登记（逐项）", ctx.Message.InboxId), cancellationToken);
        return await AskNextAsync(ctx, member, order, petition.Id, cancellationToken);
    }

    /// <summary>A staff member's plain message while a guided record is open: the answer to the field asked for. False when no session applies.</summary>
    public async Task<bool> TryContinueAsync(MessageContext ctx, Member member, string text, CancellationToken cancellationToken)
    {
        if (ctx.Message.Channel != ChatChannel.Direct) return false;
        var session = await PetitionRepository.GetSessionAsync(ctx.Connection, ctx.Transaction, member.Userid, cancellationToken);
        if (session is not { State: "active" }) return false;
        var petition = (await PetitionRepository.GetByIdAsync(ctx.Connection, ctx.Transaction, session.PetitionId, cancellationToken))!;
        var order = (await WorkOrderRepository.GetByIdAsync(ctx.Connection, ctx.Transaction, petition.WorkOrderId, cancellationToken))!;
        var values = new Dictionary<string, string?> { ["number"] = order.Number.ToString(), ["minutes"] = options.Value.GuidedIdleMinutes.ToString() };

        var idle = time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(session.UpdatedAt, DateTimeKind.Utc);
        if (idle > TimeSpan.FromMinutes(options.Value.GuidedIdleMinutes))
        {
            await PetitionRepository.SaveSessionAsync(ctx.Connection, ctx.Transaction, member.Userid, petition.Id, session.AwaitingField, "expired", cancellationToken);
            await replies.ReplyAsync(ctx, await replies.RenderAsync(ReplyCodes.PetitionTimedOut, cancellationToken, values), cancellationToken);
            return true;
        }
        var answer = text.Trim();
        if (answer is "取消" or "取消登记" or "结束" or "退出")
        {
            await PetitionRepository.SaveSessionAsync(ctx.Connection, ctx.Transaction, member.Userid, petition.Id, session.AwaitingField, "cancelled", cancellationToken);
            await replies.ReplyAsync(ctx, await replies.RenderAsync(ReplyCodes.PetitionCancelled, cancellationToken, values), cancellationToken);
            return true;
        }
        if (session.AwaitingField == PetitionFields.Consent)
        {
            if (PetitionFields.ParseConsent(answer) is not { } consent)
            {
                await replies.ReplyAsync(ctx, await replies.RenderAsync(ReplyCodes.PetitionAskConsent, cancellationToken, values), cancellationToken);
                return true;
            }
            answer = consent ? "true" : "false";
        }
        await PetitionRepository.SetFieldAsync(ctx.Connection, ctx.Transaction, petition.Id, session.AwaitingField, answer, cancellationToken);
        var reply = await AskNextAsync(ctx, member, order, petition.Id, cancellationToken);
        if (reply is not null) await replies.ReplyAsync(ctx, reply, cancellationToken);
        return true;
    }

    /// <summary>取消登记 N.</summary>
    public async Task<string> CancelAsync(MessageContext ctx, Member member, WorkOrder order, CancellationToken cancellationToken)
    {
        if (await PetitionRepository.GetSessionAsync(ctx.Connection, ctx.Transaction, member.Userid, cancellationToken) is { State: "active" } session)
            await PetitionRepository.SaveSessionAsync(ctx.Connection, ctx.Transaction, member.Userid, session.PetitionId, session.AwaitingField, "cancelled", cancellationToken);
        return await replies.RenderAsync(ReplyCodes.PetitionCancelled, cancellationToken, new Dictionary<string, string?> { ["number"] = order.Number.ToString() });
    }

    /// <summary>After a rating: copies it to the petition record and decides the 初信初访化解 fact.</summary>
    public Task SyncSatisfactionAsync(MessageContext ctx, string chatId, CancellationToken cancellationToken) =>
        PetitionRepository.SyncSatisfactionAsync(ctx.Connection, ctx.Transaction, chatId, ctx.Message.SenderId, cancellationToken);

    /// <summary>Asks the next missing field (saving where the conversation is) or closes the session with the summary. Returns the reply.</summary>
    private async Task<string> AskNextAsync(MessageContext ctx, Member member, WorkOrder order, long petitionId, CancellationToken cancellationToken)
    {
        var petition = (await PetitionRepository.GetByIdAsync(ctx.Connection, ctx.Transaction, petitionId, cancellationToken))!;
        var values = new Dictionary<string, string?> { ["number"] = order.Number.ToString() };
        if (PetitionFields.FirstMissing(petition) is { } missing)
        {
            await PetitionRepository.SaveSessionAsync(ctx.Connection, ctx.Transaction, member.Userid, petition.Id, missing, "active", cancellationToken);
            return await replies.RenderAsync(PetitionFields.PromptCode(missing), cancellationToken, values);
        }
        await PetitionRepository.SaveSessionAsync(ctx.Connection, ctx.Transaction, member.Userid, petition.Id, "", "done", cancellationToken);
        values["petitioner"] = petition.PetitionerName;
        values["contact"] = Masking.MaskText(petition.Contact ?? "");
        values["matter"] = Masking.MaskText(petition.Matter ?? "");
        values["acceptance_due"] = ChinaTime.Format(new DateTimeOffset(DateTime.SpecifyKind(petition.AcceptanceDueAt, DateTimeKind.Utc)));
        var text = await replies.RenderAsync(ReplyCodes.PetitionRecorded, cancellationToken, values);
        return petition.ConsentToProxy == false ? text + "\n注意：信访人不同意代办，不能由网格员代为上报。" : text;
    }
}
