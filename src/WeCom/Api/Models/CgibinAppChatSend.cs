using System.Text.Json.Serialization;

namespace GridLine.WeCom.Api.Models;

/// <summary>Body of <c>POST appchat/send</c>: a message into an internal group the app created.</summary>
public sealed record CgibinAppChatSendRequest
{
    [JsonPropertyName("chatid")] public required string ChatId { get; init; }
    [JsonPropertyName("msgtype")] public required string MsgType { get; init; }
    [JsonPropertyName("text")] public TextContent? Text { get; init; }
    [JsonPropertyName("markdown")] public MarkdownContent? Markdown { get; init; }
    [JsonPropertyName("textcard")] public TextCardContent? TextCard { get; init; }
    [JsonPropertyName("safe")] public int Safe { get; init; }

    public static CgibinAppChatSendRequest ForText(string chatId, string content) =>
        new() { ChatId = chatId, MsgType = "text", Text = new TextContent(content) };

    public static CgibinAppChatSendRequest ForMarkdown(string chatId, string content) =>
        new() { ChatId = chatId, MsgType = "markdown", Markdown = new MarkdownContent(content) };
}
