using GridLine.BotGateway.Admin;
using GridLine.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridLine.BotGateway.Api;

/// <summary>Staff members (grid workers, leaders, community and subdistrict staff) and the grids they serve.</summary>
internal static class MembersApi
{
    public sealed record MemberEdit(string? Userid, string? Name, string? Phone, string? Role, bool? IsActive, long[]? GridIds, int? Version);

    public static RouteGroupBuilder MapMembersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/members").WithTags("members");
        group.MapGet("/", async Task<Ok<IReadOnlyList<MemberWithGrids>>> (HttpContext http, AdminScope scope, ConsoleConfigRepository config) =>
        {
            var ids = await scope.GridIdsAsync(http);
            var all = await config.ListMembersAsync(http.RequestAborted);
            return TypedResults.Ok<IReadOnlyList<MemberWithGrids>>(ids is null ? all : all.Where(m => m.GridIds.Any(ids.Contains)).ToList());
        });
        group.MapPost("/", async Task<Results<Created<MemberWithGrids>, ValidationProblem>> (MemberEdit body, HttpContext http, AdminScope scope,
            MemberRepository members, ConsoleConfigRepository config, AuditTrail audit) =>
        {
            if (string.IsNullOrWhiteSpace(body.Userid) || body.Userid.Length > 64) return ApiProblems.Invalid("userid", "请填写企业微信 userid");
            if (await ValidateAsync(body, http, scope) is { } problem) return problem;
            if (await members.GetByUseridAsync(body.Userid.Trim(), http.RequestAborted) is not null) return ApiProblems.Invalid("userid", "该 userid 已存在");
            var member = await members.InsertAsync(body.Userid.Trim(), body.Name!.Trim(), body.Role!, Blank(body.Phone), http.RequestAborted);
            await config.UpdateMemberAsync(member.Id, member.Version, member.Name, member.Phone, member.Role, body.IsActive ?? true, body.GridIds!, http.RequestAborted);
            var created = (await config.ListMembersAsync(http.RequestAborted)).First(m => m.Id == member.Id);
            await audit.RecordAsync(http, "member.create", "member", member.Id, null, created);
            return TypedResults.Created($"/api/members/{member.Id}", created);
        });
        group.MapPut("/{id:long}", async Task<Results<Ok<MemberWithGrids>, NotFound, ValidationProblem, ProblemHttpResult>> (long id, MemberEdit body,
            HttpContext http, AdminScope scope, ConsoleConfigRepository config, AuditTrail audit) =>
        {
            var ids = await scope.GridIdsAsync(http);
            var before = (await config.ListMembersAsync(http.RequestAborted)).FirstOrDefault(m => m.Id == id);
            if (before is null || (ids is not null && !before.GridIds.Any(ids.Contains))) return TypedResults.NotFound();
            if (await ValidateAsync(body, http, scope) is { } problem) return problem;
            if (ApiProblems.ExpectedVersion(http, body.Version) is not { } version) return ApiProblems.Invalid("version", "请提供 version");
            // A scoped admin keeps the member's grids outside their subtree as they are.
            var grids = ids is null ? body.GridIds! : body.GridIds!.Concat(before.GridIds.Where(g => !ids.Contains(g))).Distinct().ToArray();
            if (!await config.UpdateMemberAsync(id, version, body.Name!.Trim(), Blank(body.Phone), body.Role!, body.IsActive ?? true, grids, http.RequestAborted))
                return ApiProblems.Conflict("人员");
            var after = (await config.ListMembersAsync(http.RequestAborted)).First(m => m.Id == id);
            await audit.RecordAsync(http, "member.update", "member", id, before, after);
            return TypedResults.Ok(after);
        });
        return api;
    }

    private static async Task<ValidationProblem?> ValidateAsync(MemberEdit body, HttpContext http, AdminScope scope)
    {
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 50) return ApiProblems.Invalid("name", "姓名不能为空且不超过 50 个字符");
        if (body.Role is null || !MemberRepository.Roles.Contains(body.Role)) return ApiProblems.Invalid("role", $"角色应为 {string.Join(" / ", MemberRepository.Roles)} 之一");
        if (body.Phone is { Length: > 20 }) return ApiProblems.Invalid("phone", "电话不能超过 20 个字符");
        if (body.GridIds is null || body.GridIds.Length == 0) return ApiProblems.Invalid("gridIds", "至少选择一个网格");
        foreach (var g in body.GridIds)
            if (!await scope.CanSeeAsync(http, g)) return ApiProblems.Invalid("gridIds", $"网格 {g} 不在您的管辖范围内");
        return null;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
