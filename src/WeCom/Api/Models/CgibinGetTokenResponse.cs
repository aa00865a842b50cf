using System.Text.Json.Serialization;

namespace GridLine.WeCom.Api.Models;

/// <summary>Answer of <c>GET gettoken?corpid&amp;corpsecret</c>.</summary>
public sealed record CgibinGetTokenResponse : WeComResponse
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; init; }
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; init; }
}
