using System.Text.Json.Nodes;

namespace GridLine.WeComSandbox.CgiBin;

/// <summary>The readable text of a message body, whatever its msgtype, for the log and the chat page.</summary>
internal static class MessageText
{
    public static string? Of(JsonObject body)
    {
        var type = (string?)body["msgtype"];
        return type switch
        {
            "text" => (string?)body["text"]?["content"],
            "markdown" or "markdown_v2" => (string?)body[type]?["content"],
            "textcard" => $"{(string?)body["textcard"]?["title"]}\n{(string?)body["textcard"]?["description"]}",
            "template_card" => "[卡片] " + ((string?)body["template_card"]?["main_title"]?["title"] ?? ""),
            null => null,
            _ => $"[{type}]",
        };
    }
}
