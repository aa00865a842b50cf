using System.Text.RegularExpressions;
using GridLine.Storage;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Understanding;

/// <summary>Look-ups the context layer needs; implemented over work_order and member by <see cref="StorageConversationContext"/>.</summary>
public interface IConversationContext
{
    /// <summary>The most recent still-open complaint order opened in the chat since <paramref name="since"/>.</summary>
    Task<OpenOrderRef?> FindRecentOpenComplaintAsync(string chatId, DateTime since, CancellationToken cancellationToken = default);

    Task<OpenOrderRef?> GetOrderAsync(long number, CancellationToken cancellationToken = default);

    /// <summary>True when the sender is an active staff member (grid worker, leader, ...).</summary>
    Task<bool> IsStaffAsync(string userid, CancellationToken cancellationToken = default);
}

/// <summary>Links follow-ups ("+1", "同上", a quoted order number) to existing work orders and recognises staff commands.</summary>
public sealed partial class ContextLinker(IConversationContext context, IOptions<UnderstandingOptions> options, TimeProvider time)
{
    public static readonly IReadOnlyList<string> CommandWords = ["签收", "进展", "办结", "退单", "转社区", "转协同", "合并", "改为", "进度"];

    /// <summary>True when a staff member's message starts with a command word (a resident's never is a command).</summary>
    public async Task<bool> IsStaffCommandAsync(string? senderUserid, string normalized, CancellationToken cancellationToken = default) =>
        senderUserid is not null && StartsWithCommandWord(normalized) && await context.IsStaffAsync(senderUserid, cancellationToken);

    public static bool StartsWithCommandWord(string normalized)
    {
        var text = normalized.TrimStart('#', '/', ' ', '[');
        return CommandWords.Any(w => text.StartsWith(w, StringComparison.Ordinal));
    }

    /// <summary>A short "me too" without content of its own.</summary>
    public static bool IsMeToo(string normalized)
    {
        var core = Decoration().Replace(normalized, "");
        return core.Length is > 0 and <= 10 && MeToo().IsMatch(core);
    }

    /// <summary>
    /// The order the message belongs to: a referenced existing order first (in the text, or in the message it quotes —
    /// quoting the bot's acknowledgement quotes its number), then (for "me too") the chat's latest open complaint.
    /// </summary>
    public async Task<OpenOrderRef?> FindLinkAsync(MessageInput message, string normalized, ExtractedDetails details, CancellationToken cancellationToken = default)
    {
        var quoted = message.QuotedText is { Length: > 0 } q ? DetailExtractor.Extract(TextNormalizer.Normalize(q)).OrderRefs : [];
        foreach (var number in details.OrderRefs.Concat(quoted))
            if (await context.GetOrderAsync(number, cancellationToken) is { } referenced) return referenced;
        if (message.ChatId is null || !IsMeToo(normalized)) return null;
        var now = message.SentAt ?? time.GetUtcNow().UtcDateTime;
        return await context.FindRecentOpenComplaintAsync(message.ChatId, now.AddMinutes(-options.Value.LinkWindowMinutes), cancellationToken);
    }

    [GeneratedRegex(@"\[[^\]]{1,4}\]|[\s,.!?~。，！？…]+")]
    private static partial Regex Decoration();

    [GeneratedRegex(@"^(?:\+1|\+1\+1|同上|我家也是|我家也一样|我家也这样|我们(?:家|楼|单元|这)也是|我们这边也是|俺家也是|我也是|一样|同样|附议|顶|同问|我也遇到了|我家也停了|也是)(?:的|啊|呀|哦|啊啊|\+1)?$")]
    private static partial Regex MeToo();
}

/// <summary><see cref="IConversationContext"/> over the work_order and member tables.</summary>
public sealed class StorageConversationContext(ConversationContextRepository repository) : IConversationContext
{
    public Task<OpenOrderRef?> FindRecentOpenComplaintAsync(string chatId, DateTime since, CancellationToken cancellationToken = default) =>
        repository.FindRecentOpenComplaintAsync(chatId, since, cancellationToken);

    public Task<OpenOrderRef?> GetOrderAsync(long number, CancellationToken cancellationToken = default) => repository.GetOrderAsync(number, cancellationToken);

    public Task<bool> IsStaffAsync(string userid, CancellationToken cancellationToken = default) => repository.IsActiveMemberAsync(userid, cancellationToken);
}
