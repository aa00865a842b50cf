using Microsoft.AspNetCore.Authentication.Cookies;

namespace GridLine.BotGateway.Hosting;

/// <summary>Admin authentication constants and the console's cookie settings.</summary>
internal static class AdminAuth
{
    public const string Scheme = "GridLineAdmin";
    public const string SystemAdminRole = "system_admin";

    public static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "gridline_admin";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.SlidingExpiration = true;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.LoginPath = "/console/login";
        // API callers get status codes, not redirects to the login page.
        options.Events.OnRedirectToLogin = ctx => Deny(ctx, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = ctx => Deny(ctx, StatusCodes.Status403Forbidden);
    }

    private static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/console") && !ctx.Request.Path.StartsWithSegments("/console/api"))
            ctx.Response.Redirect(ctx.RedirectUri);
        else
            ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
