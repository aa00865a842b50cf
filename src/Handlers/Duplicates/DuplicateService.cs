using GridLine.Handlers.Messages;
using GridLine.Handlers.Replies;
using GridLine.Handlers.Understanding;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Duplicates;

/// <summary>
/// Links a new complaint to an open order of the same grid (or chat) and category within the window when the texts are
/// similar and the building hints agree: the reporter subscribes and is told the number; the same resident again is a
/// repeat (重复访). A worker can split a link off into its own order (拆分).
/// </summary>
public sealed class DuplicateService(ResidentReplies replies, WorkOrderNotifications notifications, WorkOrderService orders, ChatGroupRepository chatGroups,
    IOptions<DuplicateOptions> options, TimeProvider time, TextFeatureCache textFeatures)
{
    public async Task<bool> TryLinkAsync(MessageContext ctx, Understanding.Understanding understood, CancellationToken cancellationToken)
    {
        var m = ctx.Message;
        if (!options.Value.Enabled || m.ChatId is not { } chatId) return false;
        var gridIds = await chatGroups.GetByChatIdAsync(chatId, cancellationToken) is { GridId: { } gridId } ? new[] { gridId } : [];
        var candidates = await DuplicateLinkRepository.ListCandidatesAsync(ctx.Connection, ctx.Transaction, gridIds, chatId, understood.Type, understood.Category,
            time.GetUtcNow().UtcDateTime.AddHours(-options.Value.WindowHours), cancellationToken);
        var report = TextSimilarity.Prepare(m.Text);
        var best = candidates.Select(c => (Candidate: c, Score: TextSimilarity.Score(report, textFeatures.Get(c.Description))))
            .Where(x => x.Score >= options.Value.Threshold).OrderByDescending(x => x.Score).FirstOrDefault();
        if (best.Candidate is null) return false;

        // Order, subscription, link and timeline entry in one round trip.
        var linked = await DuplicateLinkRepository.LinkAsync(ctx.Connection, ctx.Transaction, best.Candidate.Id, m.SenderId, chatId, m.InboxId, m.Text.Trim(),
            best.Score, WorkOrderActor.ResidentKind, $"相似反映并入（相似度 {best.Score:0.00}）", "同一居民重复反映", cancellationToken);
        if (linked is not { } link) return false; // orders are never deleted; kept for safety
        var (order, isRepeat) = link;
        await replies.ReplyAsync(ctx, await notifications.RenderAsync(isRepeat ? ReplyCodes.RepeatReport : ReplyCodes.LinkedDuplicate, order,
            cancellationToken: cancellationToken), cancellationToken);
        return true;
    }

    /// <summary>拆分 N userid|消息片段: the linked report becomes its own order; the resident stops following the old one.</summary>
    public async Task<ApplyResult> SplitAsync(MessageContext ctx, Member member, WorkOrder order, string who, CancellationToken cancellationToken)
    {
        if (await orders.RoleOfAsync(WorkOrderActor.Staff(member), order, cancellationToken) is not (ActorRole.Handler or ActorRole.GridLeader or ActorRole.Admin))
            return ApplyResult.Refused($"您没有处理工单 {order.Number} 的权限（仅限所属网格的工作人员）。");
        var links = await DuplicateLinkRepository.ListOpenAsync(ctx.Connection, ctx.Transaction, order.Id, cancellationToken);
        var link = links.LastOrDefault(l => l.Userid == who.Trim()) ?? links.LastOrDefault(l => who.Trim().Length >= 2 && l.Text.Contains(who.Trim(), StringComparison.Ordinal));
        if (link is null) return ApplyResult.Refused($"工单{order.Number}没有找到“{Masking.MaskText(who)}”的并入记录。");
        var understood = new { order.Type, order.Category };
        var opened = await orders.OpenAsync(ctx.Connection, ctx.Transaction, new OpenOrderRequest(understood.Type, understood.Category, link.Text, link.ChatId,
            link.Userid, null, link.InboxMessageId, Source: "split"), cancellationToken);
        await DuplicateLinkRepository.SplitAsync(ctx.Connection, ctx.Transaction, link, opened.Id, cancellationToken);
        await WorkOrderRepository.AppendEventAsync(ctx.Connection, ctx.Transaction, new NewWorkOrderEvent(order.Id, WorkOrderActor.MemberKind, member.Userid, "split",
            order.Status, order.Status, $"拆分为工单{opened.Number}", ctx.Message.InboxId), cancellationToken);
        return new ApplyResult(true, $"已从工单{order.Number}拆分出工单{opened.Number}。", order);
    }
}
