using GridLine.WeCom.Xml;

namespace GridLine.WeCom.Callbacks;

/// <summary>A decrypted self-built-app callback (XML). <see cref="Root"/> keeps every element, including ones not modelled.</summary>
public abstract record AppCallback(string ToUserName, string FromUserName, long CreateTime, string? AgentId, XmlElementNode Root) : WeComCallback
{
    public override string? SenderId => FromUserName;
    public override string? ChatId => null;
}

/// <summary>A message (MsgType other than event): deduplicated by MsgId, kept as a string because it is 64-bit.</summary>
public abstract record AppMessage(string ToUserName, string FromUserName, long CreateTime, string? AgentId, XmlElementNode Root, string MsgId)
    : AppCallback(ToUserName, FromUserName, CreateTime, AgentId, Root)
{
    public override string DedupeKey => "msg|" + MsgId;
}

/// <summary>MsgType=text sent to the app.</summary>
public sealed record AppTextMessage(string ToUserName, string FromUserName, long CreateTime, string? AgentId, XmlElementNode Root, string MsgId, string Content)
    : AppMessage(ToUserName, FromUserName, CreateTime, AgentId, Root, MsgId)
{
    public override string Kind => "text";
}

/// <summary>MsgType=image sent to the app; MediaId downloads via media/get.</summary>
public sealed record AppImageMessage(string ToUserName, string FromUserName, long CreateTime, string? AgentId, XmlElementNode Root, string MsgId, string? PicUrl, string? MediaId)
    : AppMessage(ToUserName, FromUserName, CreateTime, AgentId, Root, MsgId)
{
    public override string Kind => "image";
}

/// <summary>Event=change_external_chat: a customer group was created, changed or dismissed.</summary>
public sealed record ExternalChatChangeEvent(
    string ToUserName, string FromUserName, long CreateTime, string? AgentId, XmlElementNode Root,
    string GroupChatId, string ChangeType, string? UpdateDetail, int? JoinScene, int? QuitScene, int? MemChangeCnt,
    IReadOnlyList<string> MemChangeList, string? LastMemVer, string? CurMemVer)
    : AppCallback(ToUserName, FromUserName, CreateTime, AgentId, Root)
{
    public override string Kind => "event:change_external_chat";
    public override string? ChatId => GroupChatId;
    public override string DedupeKey => EventDedupeKey(FromUserName, CreateTime, Kind, GroupChatId, ChangeType, UpdateDetail, CurMemVer);
}

/// <summary>Event=change_external_contact: a member gained, edited or lost an external contact.</summary>
public sealed record ExternalContactChangeEvent(
    string ToUserName, string FromUserName, long CreateTime, string? AgentId, XmlElementNode Root,
    string ChangeType, string? UserId, string? ExternalUserId, string? State, string? WelcomeCode, string? Source, string? FailReason)
    : AppCallback(ToUserName, FromUserName, CreateTime, AgentId, Root)
{
    public override string Kind => "event:change_external_contact";
    // FromUserName is always "sys": without the member and contact, two changes in the same second would collide.
    public override string DedupeKey => EventDedupeKey(FromUserName, CreateTime, Kind, null, ChangeType, UserId, ExternalUserId);
}

/// <summary>One answered question of an interactive template card.</summary>
public sealed record TemplateCardSelectedItem(string? QuestionKey, IReadOnlyList<string> OptionIds);

/// <summary>Event=template_card_event: a member clicked a button or submitted a choice on a template card.</summary>
public sealed record TemplateCardEvent(
    string ToUserName, string FromUserName, long CreateTime, string? AgentId, XmlElementNode Root,
    string? EventKey, string? TaskId, string? CardType, string? ResponseCode, IReadOnlyList<TemplateCardSelectedItem> SelectedItems)
    : AppCallback(ToUserName, FromUserName, CreateTime, AgentId, Root)
{
    public override string Kind => "event:template_card_event";
    public override string DedupeKey => EventDedupeKey(FromUserName, CreateTime, Kind, null, TaskId, EventKey);
}

/// <summary>Event=enter_agent: a member opened the app session.</summary>
public sealed record EnterAgentEvent(string ToUserName, string FromUserName, long CreateTime, string? AgentId, XmlElementNode Root, string? EventKey)
    : AppCallback(ToUserName, FromUserName, CreateTime, AgentId, Root)
{
    public override string Kind => "event:enter_agent";
    public override string DedupeKey => EventDedupeKey(FromUserName, CreateTime, Kind, null);
}

/// <summary>Any MsgType/Event this library does not model: the kind plus every top-level field as text.</summary>
public sealed record AppUnknownCallback(
    string ToUserName, string FromUserName, long CreateTime, string? AgentId, XmlElementNode Root,
    string UnknownKind, string? MsgId, IReadOnlyDictionary<string, string> Fields)
    : AppCallback(ToUserName, FromUserName, CreateTime, AgentId, Root)
{
    public override string Kind => UnknownKind;
    public override string? ChatId => Fields.GetValueOrDefault("ChatId");
    public override string DedupeKey => MsgId is { Length: > 0 } ? "msg|" + MsgId : EventDedupeKey(FromUserName, CreateTime, Kind, ChatId);
}

/// <summary>The encrypted outer envelope of an app POST: ToUserName (CorpID), Encrypt, AgentID (empty for suite callbacks).</summary>
public sealed record AppCallbackEnvelope(string? ToUserName, string Encrypt, string? AgentId);
