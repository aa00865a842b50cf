using Microsoft.AspNetCore.Http.HttpResults;

namespace GridLine.BotGateway.Api;

/// <summary>RFC 7807 answers shared by the API: validation naming the field, 404, and version conflicts.</summary>
internal static class ApiProblems
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "请求参数有误");

    public static ProblemHttpResult Conflict(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "版本冲突", detail: $"{what}已被其他人修改，请刷新后重试。");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "无权操作", detail: detail);

    public static ProblemHttpResult Refused(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "操作被拒绝", detail: detail);

    /// <summary>The expected version from the body, or from <c>If-Match: "N"</c> when the body has none.</summary>
    public static int? ExpectedVersion(HttpContext http, int? bodyVersion)
    {
        if (bodyVersion is not null) return bodyVersion;
        var ifMatch = http.Request.Headers.IfMatch.ToString().Trim().TrimStart('W', '/').Trim('"');
        return int.TryParse(ifMatch, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    public static void SetETag(HttpContext http, int version) => http.Response.Headers.ETag = $"\"{version}\"";
}
