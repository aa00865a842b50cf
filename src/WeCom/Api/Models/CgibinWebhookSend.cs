using System.Text.Json.Serialization;

namespace GridLine.WeCom.Api.Models;

/// <summary>Body of <c>POST webhook/send?key=</c> (group robot; no access token, ≤ 20 messages a minute per robot).</summary>
public sealed record CgibinWebhookSendRequest
{
    [JsonPropertyName("msgtype")] public required string MsgType { get; init; }
    [JsonPropertyName("text")] public WebhookText? Text { get; init; }
    [JsonPropertyName("markdown")] public MarkdownContent? Markdown { get; init; }

    /// <summary>A text message; <paramref name="mentionedList"/> holds userids (or "@all") to @-mention.</summary>
    public static CgibinWebhookSendRequest ForText(string content, IReadOnlyList<string>? mentionedList = null) =>
        new() { MsgType = "text", Text = new WebhookText(content, mentionedList) };

    /// <summary>A markdown message (≤ 4096 bytes); mention with &lt;@userid&gt; inside the content.</summary>
    public static CgibinWebhookSendRequest ForMarkdown(string content) =>
        new() { MsgType = "markdown", Markdown = new MarkdownContent(content) };
}

/// <summary>Text body of a group-robot message, with optional @-mentions.</summary>
public sealed record WebhookText(
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("mentioned_list")] IReadOnlyList<string>? MentionedList = null,
    [property: JsonPropertyName("mentioned_mobile_list")] IReadOnlyList<string>? MentionedMobileList = null);
