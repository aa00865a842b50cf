using GridLine.Handlers.Commands;
using GridLine.Handlers.Duplicates;
using GridLine.Handlers.Faq;
using GridLine.Handlers.Petitions;
using GridLine.Handlers.Replies;
using GridLine.Handlers.Understanding;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;

namespace GridLine.Handlers.Messages;

/// <summary>Staff commands for petitions (信访/上报/受理/答复/取消登记, 延期 on petitions), FAQ (存为FAQ) and duplicates (拆分).</summary>
public sealed class CaseCommandHandler(PetitionService petitions, PetitionWorkflow workflow, FaqService faq, DuplicateService duplicates, ResidentReplies replies)
{
    private static readonly ChatCommandKind[] Kinds =
        [ChatCommandKind.Petition, ChatCommandKind.PetitionCancel, ChatCommandKind.ReportUp, ChatCommandKind.Accept, ChatCommandKind.Answer, ChatCommandKind.SaveFaq, ChatCommandKind.Split];

    /// <summary>Runs the command when it is one of these (or 延期 on a petition order); false leaves it to <see cref="StaffCommandHandler"/>.</summary>
    public async Task<bool> TryHandleAsync(MessageContext ctx, Member member, ChatCommand command, CancellationToken cancellationToken)
    {
        if (!Kinds.Contains(command.Kind) && command.Kind != ChatCommandKind.Extend) return false;
        var order = await WorkOrderRepository.GetByNumberAsync(ctx.Connection, ctx.Transaction, command.Number, cancellationToken);
        if (command.Kind == ChatCommandKind.Extend && order?.Type != Taxonomy.Petition) return false;
        if (order is null)
        {
            await replies.ReplyAsync(ctx, await replies.RenderAsync(ReplyCodes.StatusNotFound, cancellationToken,
                new Dictionary<string, string?> { ["number"] = command.Number.ToString() }), cancellationToken);
            return true;
        }
        string? reply;
        var announced = false;
        switch (command.Kind)
        {
            case ChatCommandKind.Petition:
                reply = await petitions.RecordAsync(ctx, member, order, command.Text, cancellationToken);
                break;
            case ChatCommandKind.PetitionCancel:
                reply = await petitions.CancelAsync(ctx, member, order, cancellationToken);
                break;
            default:
                var result = command.Kind switch
                {
                    ChatCommandKind.ReportUp => await workflow.ReportUpAsync(ctx, member, order, command.Text, cancellationToken),
                    ChatCommandKind.Accept => await workflow.AcceptAsync(ctx, member, order, command.Text, cancellationToken),
                    ChatCommandKind.Answer => await workflow.AnswerAsync(ctx, member, order, command.Text, cancellationToken),
                    ChatCommandKind.Extend => await workflow.ExtendAsync(ctx, member, order, command, cancellationToken),
                    ChatCommandKind.SaveFaq => await faq.SaveAsync(ctx, member, order, command.Text, cancellationToken),
                    _ => await duplicates.SplitAsync(ctx, member, order, command.Text, cancellationToken),
                };
                reply = result.Reply;
                announced = result.Allowed && command.Kind == ChatCommandKind.Extend;
                break;
        }
        // As for other commands: 1:1 the worker always hears the outcome; in a group, steps the residents are told about are not repeated.
        if (reply is { Length: > 0 } && (ctx.Message.Channel == ChatChannel.Direct || !announced))
            await replies.ReplyAsync(ctx, reply, cancellationToken);
        return true;
    }
}
