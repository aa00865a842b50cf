using GridLine.BotGateway.Hosting;
using GridLine.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace GridLine.BotGateway.Admin;

/// <summary>Console sessions: the CSRF token, log in (rate-limited, CSRF-checked), log out.</summary>
internal static class SessionEndpoints
{
    public const string LoginRateLimit = "login";

    /// <summary>Login request: the console posts JSON with the antiforgery token in <c>X-CSRF-TOKEN</c>.</summary>
    public sealed record LoginRequest(string? Login, string? Password);

    public static IEndpointRouteBuilder MapConsoleSession(this IEndpointRouteBuilder app)
    {
        // The login page at the cookie scheme's LoginPath (the same file as /console/login.html).
        app.MapGet("/console/login", (IWebHostEnvironment env) =>
            Results.File(env.WebRootFileProvider.GetFileInfo("console/login.html").CreateReadStream(), "text/html; charset=utf-8")).ExcludeFromDescription();

        var session = app.MapGroup("/console/session").ExcludeFromDescription();
        // The token pair: a cookie, and the request token the page echoes in X-CSRF-TOKEN on every state-changing call.
        session.MapGet("/csrf", (HttpContext http, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return TypedResults.Ok(new { token = tokens.RequestToken, header = tokens.HeaderName });
        });
        session.MapPost("/login", LoginAsync).RequireRateLimiting(LoginRateLimit);
        session.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.Problem(statusCode: 400, title: "CSRF token missing or invalid");
            await http.SignOutAsync(AdminAuth.Scheme);
            return Results.NoContent();
        });
        return app;
    }

    private static async Task<Results<Ok<object>, ProblemHttpResult>> LoginAsync(LoginRequest request, HttpContext http, IAntiforgery antiforgery,
        AdminAccountRepository accounts, AuditLogRepository audit, ILoggerFactory loggers)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return TypedResults.Problem(statusCode: 400, title: "CSRF token missing or invalid");
        var logger = loggers.CreateLogger("GridLine.Admin.Login");
        var account = string.IsNullOrWhiteSpace(request.Login) ? null : await accounts.GetByLoginAsync(request.Login.Trim(), http.RequestAborted);
        var hasher = new PasswordHasher<AdminAccount>();
        var verdict = account is { IsActive: true } && !string.IsNullOrEmpty(request.Password)
            ? hasher.VerifyHashedPassword(account, account.PasswordHash, request.Password)
            : PasswordVerificationResult.Failed;
        if (verdict == PasswordVerificationResult.Failed)
        {
            // Same answer for unknown login, wrong password and deactivated account.
            logger.LogWarning("Console login failed for {Login}", Masked(request.Login));
            return TypedResults.Problem(statusCode: 401, title: "登录名或密码错误");
        }
        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(account!, request.Password!) : null;
        await accounts.RecordLoginAsync(account!.Id, rehash, http.RequestAborted);
        await http.SignInAsync(AdminAuth.Scheme, AdminAuth.Principal(account, AdminAuth.Scheme));
        await audit.AppendAsync(account.Login, "session.login", "admin_account", account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, http.RequestAborted);
        return TypedResults.Ok<object>(new { login = account.Login, displayName = account.DisplayName, role = account.Role });
    }

    private static string Masked(string? login) => login is { Length: > 2 } l ? l[..2] + "***" : "***";
}
