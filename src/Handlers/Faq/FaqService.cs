using System.Text.RegularExpressions;
using GridLine.Handlers.Messages;
using GridLine.Handlers.Replies;
using GridLine.Handlers.Understanding;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Faq;

/// <summary>Answers queries from the FAQ in chat, turns "没用" into a query order, and saves a worker's answer as a new entry (存为FAQ).</summary>
public sealed partial class FaqService(ResidentReplies replies, WorkOrderService orders, ChatGroupRepository chatGroups, GridRepository grids,
    FaqRepository faqEntries, IOptions<FaqOptions> options, TimeProvider time)
{
    /// <summary>A query one entry matches confidently is answered where it was asked; no order is opened. False otherwise.</summary>
    public async Task<bool> TryAnswerAsync(MessageContext ctx, Understanding.Understanding understood, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return false;
        var m = ctx.Message;
        var gridIds = new List<long>();
        if (m.ChatId is { } chatId && await chatGroups.GetByChatIdAsync(chatId, cancellationToken) is { GridId: { } gridId })
            gridIds.AddRange((await grids.ListSelfAndAncestorsAsync(gridId, cancellationToken)).Select(g => g.Id));
        var entries = await faqEntries.ListApplicableAsync(gridIds, time.GetUtcNow().UtcDateTime, cancellationToken);
        var match = FaqMatcher.Match(m.Text, entries, options.Value.Threshold, options.Value.Margin);
        if (!match.IsConfident) return false;
        var best = match.Best!;
        await FaqRepository.RecordAnswerAsync(ctx.Connection, ctx.Transaction, best.Entry.Id, m.ChatId, m.SenderId, m.InboxId, m.Text.Trim(), understood.Category,
            best.Score, cancellationToken);
        await replies.ReplyAsync(ctx, await replies.RenderAsync(ReplyCodes.FaqAnswer, cancellationToken,
            new Dictionary<string, string?> { ["answer"] = Masking.MaskText(best.Entry.Answer), ["question"] = Masking.MaskText(best.Entry.Question) }), cancellationToken);
        return true;
    }

    /// <summary>"没用 / 没帮助 / 不是这个" right after an FAQ answer: counted, and the question becomes a query order for the grid worker.</summary>
    public async Task<bool> TryNotHelpfulAsync(MessageContext ctx, string text, CancellationToken cancellationToken)
    {
        var words = Punctuation().Replace(text, "");
        if (words.Length > 12 || !NotHelpful().IsMatch(words)) return false;
        var m = ctx.Message;
        var since = time.GetUtcNow().UtcDateTime.AddMinutes(-options.Value.FeedbackWindowMinutes);
        if (await FaqRepository.FindRecentAnswerAsync(ctx.Connection, ctx.Transaction, m.ChatId, m.SenderId, since, cancellationToken) is not { } answer) return false;
        var order = await orders.OpenAsync(ctx.Connection, ctx.Transaction, new OpenOrderRequest(Taxonomy.Query, answer.Category, answer.QuestionText, m.ChatId,
            m.SenderId, null, m.InboxId, m.ResponseUrl, Source: "faq_not_helpful"), cancellationToken);
        await FaqRepository.MarkNotHelpfulAsync(ctx.Connection, ctx.Transaction, answer, order.Id, cancellationToken);
        return true;
    }

    /// <summary>存为FAQ N [关键词:a,b]: the order's question and the worker's 办结 text become an entry for the order's grid.</summary>
    public async Task<ApplyResult> SaveAsync(MessageContext ctx, Member member, WorkOrder order, string args, CancellationToken cancellationToken)
    {
        if (await orders.RoleOfAsync(WorkOrderActor.Staff(member), order, cancellationToken) is not (ActorRole.Handler or ActorRole.GridLeader or ActorRole.Admin))
            return ApplyResult.Refused($"您没有处理工单 {order.Number} 的权限（仅限所属网格的工作人员）。");
        if (await FaqRepository.FindBySourceOrderAsync(ctx.Connection, ctx.Transaction, order.Id, cancellationToken) is { } existing)
            return ApplyResult.Refused($"工单{order.Number}已存为常见问题（编号 {existing.Id}）。");
        var answer = await WorkOrderRepository.LatestNoteAsync(ctx.Connection, ctx.Transaction, order.Id, WorkOrderAction.Conclude, cancellationToken);
        if (string.IsNullOrWhiteSpace(answer)) return ApplyResult.Refused($"工单{order.Number}还没有答复（办结）内容，请先“办结 {order.Number} 答复内容”。");
        var keywords = KeywordArgs().Match(args) is { Success: true } k
            ? k.Groups["k"].Value.Split([',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries) : [];
        var entry = await FaqRepository.InsertAsync(ctx.Connection, ctx.Transaction, Masking.MaskText(order.Description.Trim()), Masking.MaskText(answer.Trim()),
            keywords, [], order.GridId, order.Id, cancellationToken);
        faqEntries.Changed(); // the commit moves the cache version too; this drops this instance's copy now
        await WorkOrderRepository.AppendEventAsync(ctx.Connection, ctx.Transaction, new NewWorkOrderEvent(order.Id, WorkOrderActor.MemberKind, member.Userid, "faq_saved",
            order.Status, order.Status, $"存为常见问题 {entry.Id}", ctx.Message.InboxId), cancellationToken);
        return new ApplyResult(true, $"已把工单{order.Number}的问题和答复存为常见问题（编号 {entry.Id}），以后同样的咨询会自动答复。", order);
    }

    [GeneratedRegex(@"[\s\p{P}\p{S}]")]
    private static partial Regex Punctuation();

    [GeneratedRegex("^(没用|没有用|没啥用|没帮助|没有帮助|不是这个|不是我要问的|答非所问|不对)")]
    private static partial Regex NotHelpful();

    [GeneratedRegex(@"关键词\s*[:：]\s*(?<k>.+)$")]
    private static partial Regex KeywordArgs();
}
