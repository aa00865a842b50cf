using System.Text.RegularExpressions;
using GridLine.Handlers.Messaging;
using GridLine.Handlers.Replies;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;

namespace GridLine.Handlers.Messages;

/// <summary>Replies to the sender, status answers, ratings and joining an existing order.</summary>
public sealed partial class ResidentReplies(Notifier notifier, ReplyRenderer renderer, WorkOrderNotifications notifications, WorkOrderService orders)
{
    private static readonly string[] RateableStatuses = [WorkOrderStatus.Concluded];
    private static readonly string[] ReopenableStatuses = [WorkOrderStatus.Concluded, WorkOrderStatus.Rated];

    /// <summary>Answers the sender where they wrote: in the group (@-mentioning them) or 1:1.</summary>
    public Task ReplyAsync(MessageContext ctx, string text, CancellationToken cancellationToken, string step = "reply")
    {
        var m = ctx.Message;
        var key = Notifier.InboundReplyKey(m.InboxId, step);
        return m.Channel == ChatChannel.Group || m.ResponseUrl is not null
            ? notifier.ToGroupAsync(ctx.Connection, ctx.Transaction, key, m.ChatId ?? $"single:{m.SenderId}", text, [m.SenderId], m.ResponseUrl, cancellationToken)
            : Notifier.ToMemberAsync(ctx.Connection, ctx.Transaction, key, m.SenderId, text, cancellationToken: cancellationToken);
    }

    public Task<string> RenderAsync(string code, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? values = null) =>
        renderer.RenderAsync(code, values ?? new Dictionary<string, string?>(), cancellationToken);

    /// <summary>进度 N: the order's status, assignee, deadline and latest progress note.</summary>
    public async Task StatusAsync(MessageContext ctx, long number, CancellationToken cancellationToken)
    {
        var order = await WorkOrderRepository.GetByNumberAsync(ctx.Connection, ctx.Transaction, number, cancellationToken);
        if (order is null)
        {
            await ReplyAsync(ctx, await RenderAsync(ReplyCodes.StatusNotFound, cancellationToken, new Dictionary<string, string?> { ["number"] = number.ToString() }), cancellationToken);
            return;
        }
        var latest = await WorkOrderRepository.LatestNoteAsync(ctx.Connection, ctx.Transaction, order.Id, WorkOrderAction.Progress, cancellationToken);
        await ReplyAsync(ctx, await notifications.RenderAsync(ReplyCodes.Status, order,
            new Dictionary<string, string?> { ["latest"] = latest is null ? "" : $"最新进展：{latest}" }, cancellationToken), cancellationToken);
    }

    /// <summary>"+1", a quote of the bot, or an order number: the sender follows that order instead of opening a new one.</summary>
    public async Task LinkAsync(MessageContext ctx, long number, CancellationToken cancellationToken)
    {
        var order = await WorkOrderRepository.GetByNumberAsync(ctx.Connection, ctx.Transaction, number, cancellationToken);
        if (order is null || order.Status is WorkOrderStatus.Closed or WorkOrderStatus.Voided)
        {
            await StatusAsync(ctx, number, cancellationToken);
            return;
        }
        var m = ctx.Message;
        var added = await WorkOrderRepository.TryAddSubscriberAsync(ctx.Connection, ctx.Transaction, order.Id, m.SenderId, m.ChatId, "subscriber", cancellationToken);
        if (!added)
        {
            await StatusAsync(ctx, number, cancellationToken);
            return;
        }
        await WorkOrderRepository.AppendEventAsync(ctx.Connection, ctx.Transaction, new NewWorkOrderEvent(order.Id, WorkOrderActor.ResidentKind, m.SenderId,
            "subscribe", order.Status, order.Status, "居民附议（同一问题）", m.InboxId), cancellationToken);
        await ReplyAsync(ctx, await notifications.RenderAsync(ReplyCodes.LinkedDuplicate, order, cancellationToken: cancellationToken), cancellationToken);
    }

    /// <summary>满意 / 基本满意 / 不满意 / 没解决 from a resident with a concluded order in this chat. Returns false when it is not a rating.</summary>
    public async Task<bool> TryRatingAsync(MessageContext ctx, string chatId, string text, CancellationToken cancellationToken)
    {
        var words = Punctuation().Replace(text, "");
        var notSolved = NotSolved().IsMatch(words) && words.Length <= 12;
        var rating = notSolved ? null : ParseRating(words);
        if (!notSolved && rating is null) return false;

        var m = ctx.Message;
        var order = await WorkOrderRepository.FindLatestForResidentAsync(ctx.Connection, ctx.Transaction, chatId, m.SenderId,
            notSolved ? ReopenableStatuses : RateableStatuses, cancellationToken);
        if (order is null) return false;
        var request = notSolved
            ? new TransitionRequest(WorkOrderAction.Reopen, ActorRole.Reporter, "居民反馈没解决")
            : new TransitionRequest(WorkOrderAction.Rate, ActorRole.Reporter, Rating: rating);
        var result = await orders.ApplyAsync(ctx.Connection, ctx.Transaction, order, WorkOrderActor.Resident(m.SenderId), request, m.InboxId, cancellationToken);
        if (!result.Allowed) await ReplyAsync(ctx, result.Reply, cancellationToken);
        return true;
    }

    /// <summary>Residents' ways of saying how satisfied they are; a short message only (a long one is a new report).</summary>
    private static string? ParseRating(string words) => words.Length > 8 ? null : words switch
    {
        _ when words.StartsWith("不满意", StringComparison.Ordinal) || words.StartsWith("很不满意", StringComparison.Ordinal) => Satisfaction.Dissatisfied,
        _ when words.StartsWith("基本满意", StringComparison.Ordinal) || words is "一般" or "还行" or "还可以" => Satisfaction.Basic,
        _ when words.StartsWith("满意", StringComparison.Ordinal) || words.StartsWith("非常满意", StringComparison.Ordinal) || words.StartsWith("很满意", StringComparison.Ordinal) => Satisfaction.Satisfied,
        _ => null,
    };

    [GeneratedRegex(@"[\s\p{P}\p{S}]")]
    private static partial Regex Punctuation();

    [GeneratedRegex("^(还?没解决|还?没有解决|问题没解决|没修好|还没修好|不行|还是坏的|没弄好)")]
    private static partial Regex NotSolved();
}
