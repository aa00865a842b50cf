using System.Text.Json.Serialization;

namespace GridLine.WeComSandbox.Simulator;

/// <summary>A resident or grid worker @-mentions the AI bot in a group.</summary>
public sealed record GroupMessageRequest(
    [property: JsonPropertyName("chatId")] string ChatId,
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("bot")] string? Bot = null);

/// <summary>A grid worker writes to the self-built app 1:1.</summary>
public sealed record AppMessageRequest(
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("app")] string? App = null);

/// <summary>What happened to a simulated callback: the gateway's HTTP status, or why there was none.</summary>
public sealed record SimulationResult(
    [property: JsonPropertyName("gatewayStatus")] int? GatewayStatus,
    [property: JsonPropertyName("msgId")] string MsgId,
    [property: JsonPropertyName("responseUrl")] string? ResponseUrl,
    [property: JsonPropertyName("error")] string? Error);
