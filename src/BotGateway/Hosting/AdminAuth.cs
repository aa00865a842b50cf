using System.Security.Claims;
using GridLine.Storage;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace GridLine.BotGateway.Hosting;

/// <summary>Admin authentication: schemes, roles, claims, policies and the console's cookie settings.</summary>
internal static class AdminAuth
{
    /// <summary>Cookie sessions of the console.</summary>
    public const string Scheme = "GridLineAdmin";
    /// <summary>Bearer tokens of API clients (<c>Authorization: Bearer gl_…</c>).</summary>
    public const string BearerScheme = "GridLineBearer";
    /// <summary>The default scheme: bearer when an Authorization header is present, else the cookie.</summary>
    public const string SelectorScheme = "GridLineAdminOrBearer";

    public const string SystemAdminRole = "system_admin";
    public const string SubdistrictAdminRole = "subdistrict_admin";
    public const string CommunityAdminRole = "community_admin";

    /// <summary>Any active admin.</summary>
    public const string AdminPolicy = "Admin";
    /// <summary>System admins only (accounts, global settings, Hangfire).</summary>
    public const string SystemAdminPolicy = "SystemAdmin";

    public const string ScopeClaim = "gridline:scope_grid_id";
    public const string DisplayNameClaim = "gridline:display_name";
    public const string AccountIdClaim = "gridline:account_id";
    public const string VersionClaim = "gridline:account_version";

    public static ClaimsPrincipal Principal(AdminAccount account, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, account.Login),
            new(ClaimTypes.Role, account.Role),
            new(DisplayNameClaim, account.DisplayName),
            new(AccountIdClaim, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(VersionClaim, account.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (account.ScopeGridId is { } scope) claims.Add(new Claim(ScopeClaim, scope.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

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
        // A deactivated or edited account loses its sessions at the next request.
        options.Events.OnValidatePrincipal = async ctx =>
        {
            var id = ctx.Principal?.FindFirstValue(AccountIdClaim);
            var version = ctx.Principal?.FindFirstValue(VersionClaim);
            var accounts = ctx.HttpContext.RequestServices.GetRequiredService<AdminAccountRepository>();
            if (id is null || await accounts.GetByIdAsync(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), ctx.HttpContext.RequestAborted) is not { IsActive: true } account
                || account.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) != version)
            {
                ctx.RejectPrincipal();
            }
        };
    }

    private static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/console"))
            ctx.Response.Redirect(ctx.RedirectUri);
        else
            ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
