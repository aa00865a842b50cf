using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridLine.WeCom.Api;

/// <summary>JSON settings for WeCom bodies: names come from attributes, nulls are left out, Chinese stays readable.</summary>
internal static class WeComJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Bodies go to WeCom, never into HTML; unescaped CJK keeps request logs readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
