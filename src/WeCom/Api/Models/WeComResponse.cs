using System.Text.Json.Serialization;

namespace GridLine.WeCom.Api.Models;

/// <summary>The envelope every WeCom API answer carries; a non-zero errcode is a failure.</summary>
public record WeComResponse
{
    [JsonPropertyName("errcode")] public int Errcode { get; init; }
    [JsonPropertyName("errmsg")] public string? Errmsg { get; init; }
}
