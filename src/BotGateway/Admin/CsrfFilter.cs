using GridLine.BotGateway.Hosting;
using Microsoft.AspNetCore.Antiforgery;

namespace GridLine.BotGateway.Admin;

/// <summary>
/// Antiforgery on every state-changing API call made with the console's cookie. Bearer-token calls are exempt:
/// a browser never attaches the token by itself, so they cannot be forged cross-site.
/// </summary>
internal sealed class CsrfFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method)
            && http.User.Identity?.AuthenticationType == AdminAuth.Scheme
            && !await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "CSRF token missing or invalid",
                detail: "State-changing console calls must carry the X-CSRF-TOKEN header from /console/session/csrf.");
        }
        return await next(context);
    }
}
