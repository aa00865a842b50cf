using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GridLine.WeCom.Api.Models;

/// <summary>
/// Body of <c>POST message/send</c> (an app message to members). Set exactly one of the content properties
/// matching <see cref="MsgType"/>; <see cref="AgentId"/> is filled in by the client from the app's options.
/// </summary>
public sealed record CgibinMessageSendRequest
{
    [JsonPropertyName("touser")] public string? ToUser { get; init; }
    [JsonPropertyName("toparty")] public string? ToParty { get; init; }
    [JsonPropertyName("totag")] public string? ToTag { get; init; }
    [JsonPropertyName("msgtype")] public required string MsgType { get; init; }
    [JsonPropertyName("agentid")] public int AgentId { get; init; }
    [JsonPropertyName("text")] public TextContent? Text { get; init; }
    [JsonPropertyName("markdown")] public MarkdownContent? Markdown { get; init; }
    [JsonPropertyName("textcard")] public TextCardContent? TextCard { get; init; }
    /// <summary>The card as WeCom defines it (card_type and its fields); kept as JSON because its shape varies by card_type.</summary>
    [JsonPropertyName("template_card")] public JsonObject? TemplateCard { get; init; }
    [JsonPropertyName("enable_duplicate_check")] public int? EnableDuplicateCheck { get; init; }
    [JsonPropertyName("duplicate_check_interval")] public int? DuplicateCheckInterval { get; init; }

    /// <summary>A text message to members joined by "|".</summary>
    public static CgibinMessageSendRequest ForText(string toUser, string content) =>
        new() { ToUser = toUser, MsgType = "text", Text = new TextContent(content) };

    public static CgibinMessageSendRequest ForMarkdown(string toUser, string content) =>
        new() { ToUser = toUser, MsgType = "markdown", Markdown = new MarkdownContent(content) };

    public static CgibinMessageSendRequest ForTextCard(string toUser, TextCardContent card) =>
        new() { ToUser = toUser, MsgType = "textcard", TextCard = card };

    public static CgibinMessageSendRequest ForTemplateCard(string toUser, JsonObject card) =>
        new() { ToUser = toUser, MsgType = "template_card", TemplateCard = card };
}

/// <summary>Answer of <c>message/send</c>: recipients WeCom could not reach are listed, not reported as an error.</summary>
public sealed record CgibinMessageSendResponse : WeComResponse
{
    [JsonPropertyName("invaliduser")] public string? InvalidUser { get; init; }
    [JsonPropertyName("invalidparty")] public string? InvalidParty { get; init; }
    [JsonPropertyName("invalidtag")] public string? InvalidTag { get; init; }
    [JsonPropertyName("msgid")] public string? MsgId { get; init; }
    [JsonPropertyName("response_code")] public string? ResponseCode { get; init; }
}
