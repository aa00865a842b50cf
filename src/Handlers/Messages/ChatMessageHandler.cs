using System.Text.RegularExpressions;
using GridLine.Handlers.Commands;
using GridLine.Handlers.Duplicates;
using GridLine.Handlers.Faq;
using GridLine.Handlers.Petitions;
using GridLine.Handlers.Messaging;
using GridLine.Handlers.Processing;
using GridLine.Handlers.Replies;
using GridLine.Handlers.Understanding;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GridLine.Handlers.Messages;

/// <summary>
/// The in-chat workflow for one inbox row: staff commands and card clicks act on orders; residents' reports open
/// orders (or join one: "+1", quotes, order numbers); progress questions and ratings are answered. Everything it does
/// commits with the row, in the dispatcher's transaction.
/// </summary>
public sealed partial class ChatMessageHandler(
    MemberRepository members,
    IMessageUnderstanding understanding,
    WorkOrderService orders,
    StaffCommandHandler commands,
    ResidentReplies replies,
    CaseCommandHandler caseCommands,
    PetitionService petitions,
    FaqService faq,
    DuplicateService duplicates,
    ILogger<ChatMessageHandler> logger) : IInboxHandler
{
    public async Task HandleAsync(InboxMessage row, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (InboxMessageDecoder.Decode(row) is not { } message) return; // events, images, stream refreshes: nothing to do
        var ctx = new MessageContext(connection, transaction, message);
        var member = await members.GetByUseridAsync(message.SenderId, cancellationToken);

        if (message.CardKey is { } key)
        {
            if (member is null) logger.LogWarning("Card click {Key} from non-member {Sender} ignored", key, message.SenderId);
            else await commands.HandleCardAsync(ctx, member, key, cancellationToken);
            return;
        }

        var text = TextNormalizer.Normalize(message.Text);
        // A resident's "确认一下明天停水吗" starts with a command word but is ordinary speech: only a well-formed command
        // (with an order number) from a resident is treated as a command attempt.
        if (ChatCommandParser.TryParse(text, out var command, out var error) && (member is not null || error is null))
        {
            if (member is null)
            {
                // Residents may ask for status; every other command is staff-only and changes nothing.
                if (command is { Kind: ChatCommandKind.Status }) await replies.StatusAsync(ctx, command.Number, cancellationToken);
                else await replies.ReplyAsync(ctx, await replies.RenderAsync(ReplyCodes.ResidentCannotCommand, cancellationToken), cancellationToken);
            }
            else if (error is not null) await replies.ReplyAsync(ctx, $"{error.Problem}\n{await replies.RenderAsync(ReplyCodes.CommandHelp, cancellationToken)}", cancellationToken);
            else if (await caseCommands.TryHandleAsync(ctx, member, command!, cancellationToken)) { }
            else await commands.HandleAsync(ctx, member, command!, cancellationToken);
            return;
        }

        if (member is not null)
        {
            // A guided petition record in progress takes the proxy's plain 1:1 messages as answers.
            if (await petitions.TryContinueAsync(ctx, member, text, cancellationToken)) return;
            // Staff talk in groups is not a resident report; 1:1 with the app, anything but a command gets the help text.
            if (message.Channel == ChatChannel.Direct)
                await replies.ReplyAsync(ctx, await replies.RenderAsync(ReplyCodes.CommandHelp, cancellationToken), cancellationToken);
            return;
        }

        if (message.ChatId is { } chatId && await replies.TryRatingAsync(ctx, chatId, text, cancellationToken))
        {
            await petitions.SyncSatisfactionAsync(ctx, chatId, cancellationToken);
            return;
        }
        if (await faq.TryNotHelpfulAsync(ctx, text, cancellationToken)) return;

        var understood = await understanding.UnderstandAsync(new MessageInput(message.Text, message.ChatId, message.SenderId, message.ReceivedAt, message.InboxId, message.QuotedText), cancellationToken);
        if (understood.LinkedOrderNumber is { } linked)
        {
            await replies.LinkAsync(ctx, linked, cancellationToken);
            return;
        }
        if (message.ChatId is { } chat && ProgressQuestion().IsMatch(text)
            && await WorkOrderRepository.FindLatestForResidentAsync(connection, transaction, chat, message.SenderId, WorkOrderRepository.OpenStatuses, cancellationToken) is { } open)
        {
            await replies.StatusAsync(ctx, open.Number, cancellationToken);
            return;
        }
        if (understood.Type == Taxonomy.Other)
        {
            if (understood.NeedsConfirmation && message.ChatId is not null) await commands.AskToConfirmUntrackedAsync(ctx, understood, cancellationToken);
            return;
        }

        if (understood.Type == Taxonomy.Query && await faq.TryAnswerAsync(ctx, understood, cancellationToken)) return;
        if (understood.Type == Taxonomy.Complaint && await duplicates.TryLinkAsync(ctx, understood, cancellationToken)) return;

        var order = await orders.OpenAsync(connection, transaction, new OpenOrderRequest(understood.Type, understood.Category, message.Text.Trim(), message.ChatId,
            message.SenderId, understood.Details.Locations.Count > 0 ? string.Join("，", understood.Details.Locations) : null, message.InboxId,
            message.ResponseUrl, NeedsConfirmation: understood.NeedsConfirmation, Confidence: understood.Confidence), cancellationToken);
        if (order.Type == Taxonomy.Petition) await petitions.OpenedAsync(ctx, order, cancellationToken);
    }

    /// <summary>"我上次说的路灯修了吗": a question about the progress of the resident's own open order.</summary>
    [GeneratedRegex("修了吗|修好了吗|修没修|处理了吗|处理得怎么样|怎么样了|有进展吗|进展如何|进度|有人管吗|有没有人管|什么时候修|什么时候来修|解决了吗|有消息吗|有回复吗")]
    private static partial Regex ProgressQuestion();
}

/// <summary>The row being handled and its transaction.</summary>
public sealed record MessageContext(NpgsqlConnection Connection, NpgsqlTransaction Transaction, ChatMessage Message);
