namespace GridLine.Handlers.Understanding;

/// <summary>A chat message to understand, with the context needed to link it to earlier work orders.</summary>
/// <remarks><paramref name="QuotedText"/> is the message this one quotes (a quote of the bot's reply carries its order number).</remarks>
public sealed record MessageInput(string Text, string? ChatId = null, string? SenderUserid = null, DateTime? SentAt = null, long? InboxMessageId = null,
    string? QuotedText = null);

/// <summary>How the type was decided.</summary>
public enum UnderstandingSource { Model, Rule, Context, Command }

/// <summary>What GridLine understood of one message.</summary>
/// <param name="Type">Taxonomy type code (complaint, petition, query, other).</param>
/// <param name="Category">Taxonomy category code; "other" for type other.</param>
/// <param name="Confidence">Probability of the type (1 when a rule, a command or the chat context decided it).</param>
/// <param name="CategoryConfidence">Probability of the category.</param>
/// <param name="LinkedOrderNumber">The work order this message belongs to instead of opening a new one.</param>
/// <param name="IsCommand">A grid worker's command (签收, 办结, ...): never a resident report.</param>
/// <param name="NeedsConfirmation">Low confidence: ask the grid worker to confirm before acting.</param>
public sealed record Understanding(
    string Type,
    string Category,
    double Confidence,
    double CategoryConfidence,
    ExtractedDetails Details,
    long? LinkedOrderNumber,
    bool IsCommand,
    bool NeedsConfirmation,
    UnderstandingSource Source,
    long? RuleId,
    string NormalizedText);

/// <summary>Understands chat messages and learns from grid workers' confirmations.</summary>
public interface IMessageUnderstanding
{
    Task<Understanding> UnderstandAsync(MessageInput message, CancellationToken cancellationToken = default);

    /// <summary>Stores a grid worker's answer to "please confirm" as a confirmation and a labelled example.</summary>
    Task RecordConfirmationAsync(long inboxMessageId, string type, string category, string byUserid, CancellationToken cancellationToken = default);

    /// <summary>Stores a correction (e.g. a grid worker's 改为 on an order) as a labelled example for the next retrain.</summary>
    Task RecordCorrectionAsync(string text, string type, string category, CancellationToken cancellationToken = default);
}
