using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridLine.WeComSandbox.Page;

/// <summary>The chat page at "/": one self-contained HTML file, embedded so it works from any content root.</summary>
internal static class ChatPageEndpoints
{
    private static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(ChatPageEndpoints).Assembly.GetManifestResourceStream("GridLine.WeComSandbox.Page.index.html")
            ?? throw new InvalidOperationException("the chat page is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapChatPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) =>
        {
            // Everything is inline and same-origin; forbid anything else so an injected string could not load a script.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'";
            return Results.Content(Html.Value, "text/html; charset=utf-8");
        });
        return app;
    }
}
