using System.Globalization;
using System.Text.Json;

namespace GridLine.WeCom.Callbacks;

/// <summary>Parses AI-bot callbacks (the <c>{"encrypt"}</c> envelope and the decrypted JSON) keyed on msgtype and event.eventtype. Never throws on input.</summary>
public static class BotJsonCallbackParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <summary>Reads the POST body envelope and returns the ciphertext.</summary>
    public static CallbackParseResult<string> ParseEnvelope(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            return Str(document.RootElement, "encrypt") is { Length: > 0 } encrypt
                ? CallbackParseResult<string>.Ok(encrypt)
                : CallbackParseResult<string>.Fail("envelope has no encrypt string");
        }
        catch (JsonException ex)
        {
            return CallbackParseResult<string>.Fail("malformed JSON: " + ex.Message);
        }
    }

    /// <summary>Parses a decrypted callback; unknown kinds become <see cref="BotUnknownCallback"/> / <see cref="BotUnknownEvent"/>.</summary>
    public static CallbackParseResult<BotCallback> Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            return Parse(document.RootElement, json);
        }
        catch (JsonException ex)
        {
            return CallbackParseResult<BotCallback>.Fail("malformed JSON: " + ex.Message);
        }
    }

    private static CallbackParseResult<BotCallback> Parse(JsonElement root, string raw)
    {
        if (root.ValueKind != JsonValueKind.Object) return CallbackParseResult<BotCallback>.Fail("not a JSON object");
        if (Str(root, "msgtype") is not { Length: > 0 } msgType) return CallbackParseResult<BotCallback>.Fail("msgtype missing");

        var from = Prop(root, "from");
        var header = new BotCallbackHeader(Str(root, "msgid"), Str(root, "aibotid"), Str(root, "chatid"), Str(root, "chattype"),
            Str(from, "userid"), Str(from, "corpid"), Str(root, "response_url"), Long(root, "create_time"));

        if (msgType == "event")
        {
            var evt = Prop(root, "event");
            if (Str(evt, "eventtype") is not { Length: > 0 } eventType) return CallbackParseResult<BotCallback>.Fail("event.eventtype missing");
            if (header.CreateTime is null && string.IsNullOrEmpty(header.MsgId))
                return CallbackParseResult<BotCallback>.Fail("event has neither create_time nor msgid");
            return CallbackParseResult<BotCallback>.Ok(ParseEvent(header, raw, eventType, evt));
        }

        if (string.IsNullOrEmpty(header.MsgId)) return CallbackParseResult<BotCallback>.Fail("msgid missing");
        var quote = Quote(Prop(root, "quote"));
        BotCallback? callback = msgType switch
        {
            "text" => Text(header, raw, Str(Prop(root, "text"), "content") ?? "", quote),
            "mixed" => new BotMixedMessage(header, raw, Items(Prop(Prop(root, "mixed"), "msg_item")), quote),
            "image" => new BotImageMessage(header, raw, Str(Prop(root, "image"), "url"), quote),
            "stream" => Str(Prop(root, "stream"), "id") is { Length: > 0 } streamId ? new BotStreamRefresh(header, raw, streamId) : null,
            _ => new BotUnknownCallback(header, raw, msgType),
        };
        return callback is null
            ? CallbackParseResult<BotCallback>.Fail("stream.id missing")
            : CallbackParseResult<BotCallback>.Ok(callback);
    }

    private static BotEvent ParseEvent(BotCallbackHeader header, string raw, string eventType, JsonElement? evt)
    {
        var body = Prop(evt, eventType);
        return eventType switch
        {
            "enter_chat" => new BotEnterChatEvent(header, raw),
            "template_card_event" => new BotTemplateCardEvent(header, raw, Str(body, "card_type"), Str(body, "event_key"), Str(body, "task_id")),
            "feedback_event" => new BotFeedbackEvent(header, raw, Str(body, "id"), (int?)Long(body, "type"), Str(body, "content")),
            _ => new BotUnknownEvent(header, raw, eventType),
        };
    }

    private static BotTextMessage Text(BotCallbackHeader header, string raw, string content, BotQuote? quote)
        => new(header, raw, content, StripLeadingMention(content), quote);

    /// <summary>Removes the leading "@Name" WeCom puts before group messages to the bot, and the space after it.</summary>
    public static string StripLeadingMention(string content)
    {
        var span = content.AsSpan().TrimStart();
        if (span.IsEmpty || span[0] != '@') return content.Trim();
        var end = 1;
        while (end < span.Length && !char.IsWhiteSpace(span[end])) end++;
        // WeCom separates the mention with U+2005 (four-per-em space) or U+3000; char.IsWhiteSpace covers both.
        return span[end..].Trim().ToString();
    }

    private static BotQuote? Quote(JsonElement? quote)
    {
        if (Str(quote, "msgtype") is not { Length: > 0 } type) return null;
        return new BotQuote(type, Str(Prop(quote, "text"), "content"), Str(Prop(quote, "image"), "url"), Items(Prop(Prop(quote, "mixed"), "msg_item")));
    }

    private static IReadOnlyList<BotMixedItem> Items(JsonElement? list)
    {
        if (list is not { ValueKind: JsonValueKind.Array } array) return [];
        var items = new List<BotMixedItem>();
        foreach (var item in array.EnumerateArray())
            if (Str(item, "msgtype") is { } type)
                items.Add(new BotMixedItem(type, Str(Prop(item, "text"), "content"), Str(Prop(item, "image"), "url")));
        return items;
    }

    private static JsonElement? Prop(JsonElement? element, string name)
        => element is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(name, out var value) ? value : null;

    private static string? Str(JsonElement? element, string name)
        => Prop(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    // create_time arrives as a number; tolerate a numeric string too.
    private static long? Long(JsonElement? element, string name) => Prop(element, name) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var v) => v,
        { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) => v,
        _ => null,
    };
}
