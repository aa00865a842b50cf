namespace GridLine.WeCom.Callbacks;

/// <summary>Fields every AI-bot callback carries (chatid only in groups, from.corpid only for external users).</summary>
public sealed record BotCallbackHeader(
    string? MsgId, string? AiBotId, string? ChatId, string? ChatType, string? FromUserId, string? FromCorpId, string? ResponseUrl, long? CreateTime);

/// <summary>A decrypted AI-bot callback (JSON); <see cref="RawJson"/> is the plaintext as received.</summary>
public abstract record BotCallback(BotCallbackHeader Header, string RawJson) : WeComCallback
{
    public override string? ChatId => Header.ChatId;
    public override string? SenderId => Header.FromUserId;
    public override string DedupeKey => "msg|" + Header.MsgId;
}

/// <summary>A message that quotes an earlier one, as shown in the client.</summary>
public sealed record BotQuote(string MsgType, string? Text, string? ImageUrl, IReadOnlyList<BotMixedItem> Items);

/// <summary>One part of a mixed (图文混排) message.</summary>
public sealed record BotMixedItem(string MsgType, string? Text, string? ImageUrl);

/// <summary>msgtype=text. <see cref="RawContent"/> keeps the "@Bot " prefix WeCom sends; <see cref="Text"/> has it removed.</summary>
public sealed record BotTextMessage(BotCallbackHeader Header, string RawJson, string RawContent, string Text, BotQuote? Quote) : BotCallback(Header, RawJson)
{
    public override string Kind => "text";
}

/// <summary>msgtype=mixed: text and images interleaved.</summary>
public sealed record BotMixedMessage(BotCallbackHeader Header, string RawJson, IReadOnlyList<BotMixedItem> Items, BotQuote? Quote) : BotCallback(Header, RawJson)
{
    public override string Kind => "mixed";
}

/// <summary>msgtype=image (1:1 only); the url is valid for five minutes and its content is AES-encrypted.</summary>
public sealed record BotImageMessage(BotCallbackHeader Header, string RawJson, string? Url, BotQuote? Quote) : BotCallback(Header, RawJson)
{
    public override string Kind => "image";
}

/// <summary>msgtype=stream: WeCom polls for the next chunk of a streamed reply.</summary>
public sealed record BotStreamRefresh(BotCallbackHeader Header, string RawJson, string StreamId) : BotCallback(Header, RawJson)
{
    public override string Kind => "stream";
}

/// <summary>msgtype=event: deduplicated by sender, time, event type and chat, since an event is not a message.</summary>
public abstract record BotEvent(BotCallbackHeader Header, string RawJson, string EventType) : BotCallback(Header, RawJson)
{
    public override string Kind => "event:" + EventType;
    public override string DedupeKey => Header.CreateTime is { } time
        ? EventDedupeKey(Header.FromUserId, time, Kind, Header.ChatId)
        : "msg|" + Header.MsgId;
}

/// <summary>event.eventtype=enter_chat: the user opened a 1:1 chat with the bot (first time that day).</summary>
public sealed record BotEnterChatEvent(BotCallbackHeader Header, string RawJson) : BotEvent(Header, RawJson, "enter_chat");

/// <summary>event.eventtype=template_card_event: a click on a card; sent once and dropped if not answered in 5 s.</summary>
public sealed record BotTemplateCardEvent(BotCallbackHeader Header, string RawJson, string? CardType, string? EventKey, string? TaskId)
    : BotEvent(Header, RawJson, "template_card_event")
{
    public override string DedupeKey => base.DedupeKey + "|" + TaskId + "|" + EventKey;
}

/// <summary>event.eventtype=feedback_event: a like/dislike on an earlier streamed reply.</summary>
public sealed record BotFeedbackEvent(BotCallbackHeader Header, string RawJson, string? FeedbackId, int? FeedbackType, string? Content)
    : BotEvent(Header, RawJson, "feedback_event")
{
    public override string DedupeKey => base.DedupeKey + "|" + FeedbackId;
}

/// <summary>An event type this library does not model.</summary>
public sealed record BotUnknownEvent(BotCallbackHeader Header, string RawJson, string UnknownEventType) : BotEvent(Header, RawJson, UnknownEventType);

/// <summary>A msgtype this library does not model (voice, file, video, …): the kind plus the raw JSON.</summary>
public sealed record BotUnknownCallback(BotCallbackHeader Header, string RawJson, string MsgType) : BotCallback(Header, RawJson)
{
    public override string Kind => MsgType;
}
