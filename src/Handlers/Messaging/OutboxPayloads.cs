using System.Text.Json.Serialization;

namespace GridLine.Handlers.Messaging;

/// <summary>Outbox channels written by <see cref="Notifier"/> and delivered by the WeCom outbox transport.</summary>
public static class OutboxChannels
{
    /// <summary>A message into a chat group: the AI bot's response_url when one is fresh, else the group robot.</summary>
    public const string Group = "group";
    /// <summary>An app message to one staff member (1:1 with the self-built app).</summary>
    public const string Member = "member";
}

/// <summary>Payload of a <see cref="OutboxChannels.Group"/> row. Holds ids and text only, never a resident's phone or ID number.</summary>
public sealed record GroupPayload(
    [property: JsonPropertyName("chat_id")] string ChatId,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("mentions")] IReadOnlyList<string> Mentions,
    [property: JsonPropertyName("response_url")] string? ResponseUrl,
    [property: JsonPropertyName("webhook_key")] string? WebhookKey);

/// <summary>Payload of a <see cref="OutboxChannels.Member"/> row: text, or a button card for one-tap actions.</summary>
public sealed record MemberPayload(
    [property: JsonPropertyName("userid")] string Userid,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("card")] MemberCard? Card = null);

/// <summary>A button_interaction template card: a title, a description and buttons whose keys come back as template_card_event.</summary>
public sealed record MemberCard(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("buttons")] IReadOnlyList<CardButton> Buttons);

/// <summary>One card button; <see cref="Key"/> is e.g. "sign:1024".</summary>
public sealed record CardButton([property: JsonPropertyName("text")] string Text, [property: JsonPropertyName("key")] string Key);
