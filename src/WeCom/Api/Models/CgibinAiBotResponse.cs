using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GridLine.WeCom.Api.Models;

/// <summary>Body POSTed to an AI-bot callback's response_url (single use, valid 1 h); markdown, or template_card in 1:1 chats.</summary>
public sealed record CgibinAiBotResponseRequest
{
    [JsonPropertyName("msgtype")] public required string MsgType { get; init; }
    [JsonPropertyName("markdown")] public MarkdownContent? Markdown { get; init; }
    [JsonPropertyName("template_card")] public JsonObject? TemplateCard { get; init; }

    public static CgibinAiBotResponseRequest ForMarkdown(string content) =>
        new() { MsgType = "markdown", Markdown = new MarkdownContent(content) };

    public static CgibinAiBotResponseRequest ForTemplateCard(JsonObject card) =>
        new() { MsgType = "template_card", TemplateCard = card };
}
