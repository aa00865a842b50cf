using System.Threading.RateLimiting;
using GridLine.BotGateway.Api;
using GridLine.BotGateway.Hosting;
using GridLine.BotGateway.Jobs;
using GridLine.Handlers.Metrics;
using Microsoft.AspNetCore.Authentication;
using Scalar.AspNetCore;

namespace GridLine.BotGateway.Admin;

/// <summary>Registers admin identity (cookie + bearer), policies, antiforgery, login rate limiting, OpenAPI, and maps /api.</summary>
internal static class AdminSetup
{
    public const string CsrfHeader = "X-CSRF-TOKEN";

    public static IServiceCollection AddGridLineAdmin(this IServiceCollection services)
    {
        services.AddAuthentication(AdminAuth.SelectorScheme)
            .AddPolicyScheme(AdminAuth.SelectorScheme, null, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.Count > 0 ? AdminAuth.BearerScheme : AdminAuth.Scheme)
            .AddCookie(AdminAuth.Scheme, AdminAuth.ConfigureCookie)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(AdminAuth.BearerScheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(JobsSetup.DashboardPolicy, p => p.RequireAuthenticatedUser().RequireRole(AdminAuth.SystemAdminRole))
            .AddPolicy(AdminAuth.AdminPolicy, p => p.RequireAuthenticatedUser()
                .RequireRole(AdminAuth.SystemAdminRole, AdminAuth.SubdistrictAdminRole, AdminAuth.CommunityAdminRole))
            .AddPolicy(AdminAuth.SystemAdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(AdminAuth.SystemAdminRole));
        services.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfHeader;
            o.Cookie.Name = "gridline_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        // Login attempts: 10 a minute per client address (and the hasher is deliberately slow).
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SessionEndpoints.LoginRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "?",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        services.AddProblemDetails();
        services.AddOpenApi(o =>
        {
            // The document describes the public contracts: the admin API and Open311, not console pages or callbacks.
            o.ShouldInclude = d => d.RelativePath is { } p && (p.StartsWith("api/", StringComparison.Ordinal) || p.StartsWith("open311/", StringComparison.Ordinal));
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "GridLine admin API";
                doc.Info.Description = "Cookie session (console, with X-CSRF-TOKEN on writes) or Authorization: Bearer gl_… (API clients). See docs/api.md.";
                return Task.CompletedTask;
            });
        });
        services.AddSingleton<AdminScope>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<CsrfFilter>();
        services.AddSingleton<IWorkOrderFigures, DashboardFigures>();
        return services;
    }

    /// <summary>
    /// After UseAuthentication: Scalar marks its script files anonymous; keep everything under /api/docs for signed-in admins,
    /// so "every /api endpoint answers 401 without credentials" holds without exceptions.
    /// </summary>
    public static IApplicationBuilder UseApiDocsGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/api/docs") && http.User.Identity?.IsAuthenticated != true)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        await next(http);
    });

    /// <summary>Maps the session endpoints, /api (admins only, CSRF-checked), the OpenAPI document and its reference page.</summary>
    public static IEndpointRouteBuilder MapGridLineAdmin(this IEndpointRouteBuilder app)
    {
        app.MapConsoleSession();
        var api = app.MapGroup("/api").RequireAuthorization(AdminAuth.AdminPolicy).AddEndpointFilter<CsrfFilter>();
        api.MapGridsApi().MapMembersApi().MapRoutingRulesApi().MapClassifierRulesApi().MapSettingsApi()
            .MapWorkOrdersApi().MapMetricsApi().MapAdminsApi().MapFaqApi();
        app.MapOpenApi();
        // The reference page and its script files sit under /api like the rest: admins only.
        app.MapGroup("/api").RequireAuthorization(AdminAuth.AdminPolicy).ExcludeFromDescription()
            .MapScalarApiReference("/docs", o => o.WithTitle("GridLine API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
