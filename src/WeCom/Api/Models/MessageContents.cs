using System.Text.Json.Serialization;

namespace GridLine.WeCom.Api.Models;

/// <summary>Body of a "text" message (≤ 2048 bytes).</summary>
public sealed record TextContent([property: JsonPropertyName("content")] string Content);

/// <summary>Body of a "markdown" message.</summary>
public sealed record MarkdownContent([property: JsonPropertyName("content")] string Content);

/// <summary>Body of a "textcard" message: a title, a description and a link.</summary>
public sealed record TextCardContent(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("btntxt")] string? ButtonText = null);
