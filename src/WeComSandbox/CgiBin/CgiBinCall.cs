using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GridLine.WeComSandbox.CgiBin;

/// <summary>What one /cgi-bin/ request carried and what the endpoint decided, for the request log.</summary>
internal sealed class CgiBinCall(string body)
{
    public string Body { get; } = body;
    public int? Errcode { get; private set; }
    public string? ChatId { get; set; }
    public List<string> UserIds { get; } = [];
    public string? Text { get; set; }
    /// <summary>Answered but dropped as a repeat (message/send's enable_duplicate_check): delivered to nobody.</summary>
    public bool Duplicate { get; set; }

    public static CgiBinCall Of(HttpContext context) => (CgiBinCall)context.Items[typeof(CgiBinCall)]!;

    /// <summary>The body as a JSON object, or null when it is not one.</summary>
    public JsonObject? Json()
    {
        try { return JsonNode.Parse(Body) as JsonObject; }
        catch (System.Text.Json.JsonException) { return null; }
    }

    /// <summary>A WeCom answer: HTTP 200 with errcode/errmsg and any extra fields.</summary>
    public IResult Answer(int errcode, string errmsg, JsonObject? extra = null)
    {
        Errcode = errcode;
        var answer = new JsonObject { ["errcode"] = errcode, ["errmsg"] = errmsg };
        foreach (var (key, value) in extra ?? []) answer[key] = value?.DeepClone();
        return Results.Text(answer.ToJsonString(SandboxJson.Options), "application/json; charset=utf-8");
    }

    public IResult Ok(JsonObject? extra = null) => Answer(0, "ok", extra);
}
