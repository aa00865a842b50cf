using GridLine.BotGateway.Admin;
using GridLine.BotGateway.Hosting;
using GridLine.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace GridLine.BotGateway.Api;

/// <summary>Who am I, admin accounts (system admins), my API tokens, and the audit log.</summary>
internal static class AdminsApi
{
    public sealed record Me(string Login, string DisplayName, string Role, long? ScopeGridId);
    public sealed record AdminView(long Id, string Login, string DisplayName, string Role, long? ScopeGridId, bool IsActive, int Version, DateTime? LastLoginAt);
    public sealed record AdminEdit(string? Login, string? DisplayName, string? Role, long? ScopeGridId, bool? IsActive, string? Password, int? Version);
    public sealed record TokenRequest(string? Name, int? Days);
    public sealed record NewToken(long Id, string Name, string Token, DateTime? ExpiresAt);

    public static RouteGroupBuilder MapAdminsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/session/me", (HttpContext http) =>
        {
            var u = AdminUser.From(http.User);
            return TypedResults.Ok(new Me(u.Login, u.DisplayName, u.Role, u.ScopeGridId));
        }).WithTags("session");

        var admins = api.MapGroup("/admins").WithTags("admins").RequireAuthorization(AdminAuth.SystemAdminPolicy);
        admins.MapGet("/", async (HttpContext http, AdminAccountRepository repo) =>
            TypedResults.Ok((await repo.ListAsync(http.RequestAborted)).Select(View).ToList()));
        admins.MapPost("/", async Task<Results<Created<AdminView>, ValidationProblem>> (AdminEdit body, HttpContext http, AdminAccountRepository repo,
            GridRepository grids, AuditTrail audit) =>
        {
            if (string.IsNullOrWhiteSpace(body.Login) || !System.Text.RegularExpressions.Regex.IsMatch(body.Login, "^[A-Za-z0-9_.@-]{2,64}$"))
                return ApiProblems.Invalid("login", "登录名为 2–64 位字母、数字或 _.@-");
            if (await ValidateAsync(body, grids, http, passwordRequired: true) is { } problem) return problem;
            var hash = new PasswordHasher<AdminAccount>().HashPassword(null!, body.Password!);
            var account = await repo.TryInsertAsync(body.Login, body.DisplayName!.Trim(), hash, body.Role!, Scope(body), http.RequestAborted);
            if (account is null) return ApiProblems.Invalid("login", "登录名已存在");
            await audit.RecordAsync(http, "admin_account.create", "admin_account", account.Id, null, View(account));
            return TypedResults.Created($"/api/admins/{account.Id}", View(account));
        });
        admins.MapPut("/{id:long}", async Task<Results<Ok<AdminView>, NotFound, ValidationProblem, ProblemHttpResult>> (long id, AdminEdit body, HttpContext http,
            AdminAccountRepository repo, GridRepository grids, AuditTrail audit) =>
        {
            var before = await repo.GetByIdAsync(id, http.RequestAborted);
            if (before is null) return TypedResults.NotFound();
            if (await ValidateAsync(body, grids, http, passwordRequired: false) is { } problem) return problem;
            if (ApiProblems.ExpectedVersion(http, body.Version) is not { } version) return ApiProblems.Invalid("version", "请提供 version");
            var hash = string.IsNullOrEmpty(body.Password) ? null : new PasswordHasher<AdminAccount>().HashPassword(before, body.Password);
            var after = await repo.UpdateAsync(id, version, body.DisplayName!.Trim(), body.Role!, Scope(body), body.IsActive ?? true, hash, http.RequestAborted);
            if (after is null) return ApiProblems.Conflict("管理员账号");
            await audit.RecordAsync(http, "admin_account.update", "admin_account", id, View(before), View(after));
            return TypedResults.Ok(View(after));
        });

        var tokens = api.MapGroup("/tokens").WithTags("tokens");
        tokens.MapGet("/", async (HttpContext http, ApiTokenRepository repo) => TypedResults.Ok(await repo.ListByAccountAsync(AdminUser.From(http.User).AccountId, http.RequestAborted)));
        tokens.MapPost("/", async Task<Results<Created<NewToken>, ValidationProblem>> (TokenRequest body, HttpContext http, ApiTokenRepository repo, AuditTrail audit) =>
        {
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100) return ApiProblems.Invalid("name", "请为令牌命名（不超过 100 字）");
            if (body.Days is < 1 or > 3650) return ApiProblems.Invalid("days", "有效期为 1–3650 天");
            var (token, hash, prefix) = BearerTokenHandler.NewToken();
            DateTime? expires = body.Days is { } d ? DateTime.UtcNow.AddDays(d) : null;
            var row = await repo.InsertAsync(AdminUser.From(http.User).AccountId, body.Name.Trim(), hash, prefix, expires, http.RequestAborted);
            await audit.RecordAsync(http, "api_token.create", "api_token", row.Id, null, row);
            return TypedResults.Created($"/api/tokens/{row.Id}", new NewToken(row.Id, row.Name, token, row.ExpiresAt));
        });
        tokens.MapDelete("/{id:long}", async Task<Results<NoContent, NotFound>> (long id, HttpContext http, ApiTokenRepository repo, AuditTrail audit) =>
        {
            if (!await repo.RevokeAsync(id, AdminUser.From(http.User).AccountId, http.RequestAborted)) return TypedResults.NotFound();
            await audit.RecordAsync(http, "api_token.revoke", "api_token", id, null, null);
            return TypedResults.NoContent();
        });

        api.MapGet("/audit-log", async (HttpContext http, AuditLogRepository repo, string? entity, int? limit) =>
            TypedResults.Ok(await repo.ListAsync(entity, Math.Clamp(limit ?? 100, 1, 1000), http.RequestAborted)))
            .WithTags("admins").RequireAuthorization(AdminAuth.SystemAdminPolicy);
        return api;
    }

    private static long? Scope(AdminEdit b) => b.Role == AdminAuth.SystemAdminRole ? null : b.ScopeGridId;

    private static async Task<ValidationProblem?> ValidateAsync(AdminEdit b, GridRepository grids, HttpContext http, bool passwordRequired)
    {
        if (string.IsNullOrWhiteSpace(b.DisplayName) || b.DisplayName.Length > 50) return ApiProblems.Invalid("displayName", "显示名不能为空且不超过 50 字");
        if (b.Role is null || !AdminAccountRepository.Roles.Contains(b.Role)) return ApiProblems.Invalid("role", $"角色应为 {string.Join(" / ", AdminAccountRepository.Roles)} 之一");
        if ((passwordRequired || !string.IsNullOrEmpty(b.Password)) && (b.Password is null || b.Password.Length < AdminCommands.MinPasswordLength))
            return ApiProblems.Invalid("password", $"密码至少 {AdminCommands.MinPasswordLength} 位");
        if (b.Role != AdminAuth.SystemAdminRole)
        {
            var level = b.Role == AdminAuth.SubdistrictAdminRole ? "subdistrict" : "community";
            if (b.ScopeGridId is not { } g || await grids.GetByIdAsync(g, http.RequestAborted) is not { } grid || grid.Level != level)
                return ApiProblems.Invalid("scopeGridId", $"请选择一个{(level == "subdistrict" ? "街道" : "社区")}作为管辖范围");
        }
        return null;
    }

    private static AdminView View(AdminAccount a) => new(a.Id, a.Login, a.DisplayName, a.Role, a.ScopeGridId, a.IsActive, a.Version, a.LastLoginAt);
}
