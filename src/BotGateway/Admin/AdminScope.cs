using System.Globalization;
using System.Security.Claims;
using GridLine.BotGateway.Hosting;
using GridLine.Storage;

namespace GridLine.BotGateway.Admin;

/// <summary>The signed-in admin as the API sees them: login, role and the grids they may see.</summary>
internal sealed record AdminUser(string Login, string DisplayName, string Role, long AccountId, long? ScopeGridId)
{
    public bool IsSystem => Role == AdminAuth.SystemAdminRole;

    public static AdminUser From(ClaimsPrincipal user) => new(
        user.Identity?.Name ?? throw new InvalidOperationException("not signed in"),
        user.FindFirstValue(AdminAuth.DisplayNameClaim) ?? "",
        user.FindFirstValue(ClaimTypes.Role) ?? "",
        long.Parse(user.FindFirstValue(AdminAuth.AccountIdClaim) ?? "0", CultureInfo.InvariantCulture),
        user.FindFirstValue(AdminAuth.ScopeClaim) is { } s ? long.Parse(s, CultureInfo.InvariantCulture) : null);
}

/// <summary>
/// Resolves an admin's scope: null for a system admin (everything), else the ids of their subdistrict or community and
/// every grid below it. Anything outside answers 404, so an id in another community reveals nothing.
/// </summary>
internal sealed class AdminScope(GridRepository grids)
{
    private const string ItemKey = "gridline.scope";

    public async Task<IReadOnlyList<long>?> GridIdsAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(ItemKey, out var cached)) return (IReadOnlyList<long>?)cached;
        var user = AdminUser.From(http.User);
        IReadOnlyList<long>? ids = user.IsSystem ? null
            : user.ScopeGridId is { } root ? await grids.ListSelfAndDescendantIdsAsync(root, http.RequestAborted) : [];
        http.Items[ItemKey] = ids;
        return ids;
    }

    /// <summary>Whether a grid (null: an unmapped item) is visible; unmapped items belong to system admins only.</summary>
    public async Task<bool> CanSeeAsync(HttpContext http, long? gridId)
    {
        var ids = await GridIdsAsync(http);
        return ids is null || (gridId is { } g && ids.Contains(g));
    }
}
