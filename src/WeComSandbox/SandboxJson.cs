using System.Text.Encodings.Web;
using System.Text.Json;

namespace GridLine.WeComSandbox;

/// <summary>JSON as WeCom writes it: UTF-8 text left readable rather than \u-escaped.</summary>
internal static class SandboxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
