using System.Text.Json;
using GridLine.Storage;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Understanding;

/// <summary>
/// The layered understanding of a message: staff command → admin rule → statistical model → chat context
/// (a follow-up joins an existing order) → confidence check (low confidence asks the grid worker to confirm).
/// </summary>
public sealed class MessageUnderstanding(
    MessageClassifier classifier,
    RuleBook rules,
    ContextLinker linker,
    LabelledExampleRepository examples,
    InboxRepository inbox,
    IOptions<UnderstandingOptions> options) : IMessageUnderstanding
{
    public async Task<Understanding> UnderstandAsync(MessageInput message, CancellationToken cancellationToken = default)
    {
        var (normalized, details, prediction) = classifier.Classify(message.Text);
        if (await linker.IsStaffCommandAsync(message.SenderUserid, normalized, cancellationToken))
            return new Understanding(Taxonomy.Other, "other", 1, 1, details, details.OrderRefs.Count > 0 ? details.OrderRefs[0] : null,
                IsCommand: true, NeedsConfirmation: false, UnderstandingSource.Command, null, normalized);

        var (type, category, confidence, categoryConfidence) = prediction;
        var source = UnderstandingSource.Model;
        long? ruleId = null;
        if (await rules.MatchAsync(normalized, cancellationToken) is { } rule)
        {
            (source, ruleId) = (UnderstandingSource.Rule, rule.RuleId);
            if (rule.ForceType is not null) (type, confidence) = (rule.ForceType, 1);
            if (rule.ForceCategory is not null) (category, categoryConfidence) = (rule.ForceCategory, 1);
            if (type == Taxonomy.Other && rule.ForceCategory is null) (category, categoryConfidence) = ("other", 1);
        }

        long? linked = null;
        if (source != UnderstandingSource.Rule || AllowsLink(type))
        {
            if (await linker.FindLinkAsync(message, normalized, details, cancellationToken) is { } order)
            {
                linked = order.Number;
                // A "me too" takes the joined order's classification; a progress question about it stays a query.
                if (ContextLinker.IsMeToo(normalized))
                    (type, category, confidence, categoryConfidence, source) = (order.Type, order.Category, 1, 1, UnderstandingSource.Context);
            }
        }

        var threshold = options.Value.ConfirmThreshold;
        var needsConfirmation = source == UnderstandingSource.Model
            && (confidence < threshold || (type != Taxonomy.Other && categoryConfidence < threshold));
        return new Understanding(type, category, confidence, categoryConfidence, details, linked, false, needsConfirmation, source, ruleId, normalized);
    }

    public async Task RecordConfirmationAsync(long inboxMessageId, string type, string category, string byUserid, CancellationToken cancellationToken = default)
    {
        ValidateLabel(type, category);
        var message = await inbox.GetByIdAsync(inboxMessageId, cancellationToken)
            ?? throw new ArgumentException($"inbox message {inboxMessageId} does not exist", nameof(inboxMessageId));
        var text = InboxText.Extract(message.Payload)
            ?? throw new ArgumentException($"inbox message {inboxMessageId} has no text to learn from", nameof(inboxMessageId));
        await examples.RecordConfirmationAsync(inboxMessageId, text, type, category, byUserid, cancellationToken);
    }

    public async Task RecordCorrectionAsync(string text, string type, string category, CancellationToken cancellationToken = default)
    {
        ValidateLabel(type, category);
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("text is empty", nameof(text));
        await examples.InsertAsync(text, type, category, "correction", cancellationToken);
    }

    // Rules that force "other" (e.g. an advert pattern) must not be overridden by a stray order number.
    private static bool AllowsLink(string type) => type != Taxonomy.Other;

    private static void ValidateLabel(string type, string category)
    {
        if (!Taxonomy.IsType(type)) throw new ArgumentException($"unknown type '{type}'", nameof(type));
        if (string.IsNullOrWhiteSpace(category)) throw new ArgumentException("category is empty", nameof(category));
        if (type == Taxonomy.Other && category != "other") throw new ArgumentException("type 'other' takes category 'other'", nameof(category));
    }
}

/// <summary>Finds the message text inside a stored inbox payload, whichever channel wrote it.</summary>
public static class InboxText
{
    public static string? Extract(string payloadJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(payloadJson);
            return Find(doc.RootElement, 0);
        }
        catch (JsonException) { return null; }
    }

    private static string? Find(JsonElement element, int depth)
    {
        if (depth > 3 || element.ValueKind != JsonValueKind.Object) return null;
        foreach (var name in new[] { "Content", "content", "text", "Text" })
        {
            if (!element.TryGetProperty(name, out var value)) continue;
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s) return s;
            if (Find(value, depth + 1) is { } nested) return nested; // e.g. {"text": {"content": "..."}}
        }
        return null;
    }
}
