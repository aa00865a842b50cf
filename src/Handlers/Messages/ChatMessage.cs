using System.Text.Json;
using GridLine.Storage;
using GridLine.WeCom.Callbacks;

namespace GridLine.Handlers.Messages;

/// <summary>Where a message was said: in a group (AI bot @-mention), 1:1 with the app or bot, or from another source.</summary>
public enum ChatChannel { Group, Direct }

/// <summary>
/// An inbound chat message reduced to what the workflow needs. <see cref="Text"/> has the bot's @-prefix removed;
/// <see cref="CardKey"/> is set for a template-card button click (e.g. "sign:1024").
/// </summary>
public sealed record ChatMessage(long InboxId, ChatChannel Channel, string? ChatId, string SenderId, string Text,
    string? ResponseUrl = null, string? QuotedText = null, string? CardKey = null, DateTime? ReceivedAt = null);

/// <summary>Turns a stored inbox row into a <see cref="ChatMessage"/>; null for kinds with nothing to do (events, images, stream refreshes).</summary>
public static class InboxMessageDecoder
{
    public static ChatMessage? Decode(InboxMessage row)
    {
        if (row.Source.StartsWith("bot:", StringComparison.Ordinal)) return DecodeBot(row);
        if (row.Source.StartsWith("app:", StringComparison.Ordinal)) return DecodeApp(row);
        if (row.Source.StartsWith("ingest:", StringComparison.Ordinal)) return DecodeIngest(row);
        return null;
    }

    private static ChatMessage? DecodeBot(InboxMessage row)
    {
        var parsed = BotJsonCallbackParser.Parse(row.Payload);
        if (!parsed.Success) throw new FormatException($"stored bot payload does not parse: {parsed.Error}");
        var callback = parsed.Value!;
        var h = callback.Header;
        if (h.FromUserId is not { Length: > 0 } sender) return null;
        var channel = h.ChatType == "group" && h.ChatId is not null ? ChatChannel.Group : ChatChannel.Direct;
        return callback switch
        {
            BotTextMessage t => new ChatMessage(row.Id, channel, h.ChatId, sender, t.Text, h.ResponseUrl, QuoteText(t.Quote), ReceivedAt: row.ReceivedAt),
            BotMixedMessage m => new ChatMessage(row.Id, channel, h.ChatId, sender,
                BotJsonCallbackParser.StripLeadingMention(string.Join(' ', m.Items.Where(i => i.Text is not null).Select(i => i.Text))),
                h.ResponseUrl, QuoteText(m.Quote), ReceivedAt: row.ReceivedAt),
            BotTemplateCardEvent c when c.EventKey is { Length: > 0 } key => new ChatMessage(row.Id, channel, h.ChatId, sender, "", h.ResponseUrl, CardKey: key, ReceivedAt: row.ReceivedAt),
            _ => null,
        };
    }

    private static ChatMessage? DecodeApp(InboxMessage row)
    {
        using var doc = JsonDocument.Parse(row.Payload);
        if (!doc.RootElement.TryGetProperty("raw_xml", out var raw) || raw.GetString() is not { } xml)
            throw new FormatException("stored app payload has no raw_xml");
        var parsed = AppXmlCallbackParser.Parse(xml);
        if (!parsed.Success) throw new FormatException($"stored app payload does not parse: {parsed.Error}");
        return parsed.Value switch
        {
            AppTextMessage t => new ChatMessage(row.Id, ChatChannel.Direct, null, t.FromUserName, t.Content, ReceivedAt: row.ReceivedAt),
            TemplateCardEvent c when c.EventKey is { Length: > 0 } key => new ChatMessage(row.Id, ChatChannel.Direct, null, c.FromUserName, "", CardKey: key, ReceivedAt: row.ReceivedAt),
            _ => null,
        };
    }

    /// <summary>Ingested chat messages: <c>{"id","kind":"message","chat_id","sender_id","text"}</c> (other ingest kinds are handled elsewhere).</summary>
    private static ChatMessage? DecodeIngest(InboxMessage row)
    {
        using var doc = JsonDocument.Parse(row.Payload);
        var root = doc.RootElement;
        if (row.Kind != "message" || !root.TryGetProperty("text", out var text) || text.GetString() is not { Length: > 0 } content) return null;
        var chat = root.TryGetProperty("chat_id", out var c) ? c.GetString() : null;
        var sender = root.TryGetProperty("sender_id", out var s) ? s.GetString() : null;
        if (sender is null) return null;
        return new ChatMessage(row.Id, chat is null ? ChatChannel.Direct : ChatChannel.Group, chat, sender, content, ReceivedAt: row.ReceivedAt);
    }

    private static string? QuoteText(BotQuote? quote) =>
        quote is null ? null : quote.Text ?? string.Join(' ', quote.Items.Where(i => i.Text is not null).Select(i => i.Text));
}
