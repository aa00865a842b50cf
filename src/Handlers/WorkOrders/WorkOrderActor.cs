using GridLine.Storage;

namespace GridLine.Handlers.WorkOrders;

/// <summary>Who is acting on an order: a resident (by userid), a staff member, an admin in the console, or the system.</summary>
public sealed record WorkOrderActor(string Kind, string? Id, Member? Member = null)
{
    public const string ResidentKind = "resident", MemberKind = "member", AdminKind = "admin", SystemKind = "system";

    public static WorkOrderActor Resident(string userid) => new(ResidentKind, userid);
    public static WorkOrderActor Staff(Member member) => new(MemberKind, member.Userid, member);
    public static WorkOrderActor Admin(string login) => new(AdminKind, login);
    public static readonly WorkOrderActor System = new(SystemKind, null);
}

/// <summary>Decides which <see cref="ActorRole"/> an actor has on one order: staff act only on orders in their grids.</summary>
public sealed class WorkOrderAuthorization(GridRepository grids, MemberRepository members)
{
    /// <summary>The actor's role on <paramref name="order"/>, or null when they may not act on it at all.</summary>
    public async Task<ActorRole?> RoleOnAsync(WorkOrderActor actor, WorkOrder order, CancellationToken cancellationToken = default)
    {
        switch (actor.Kind)
        {
            case WorkOrderActor.SystemKind: return ActorRole.System;
            case WorkOrderActor.AdminKind: return ActorRole.Admin;
            case WorkOrderActor.ResidentKind:
                return actor.Id == order.ReporterUserid ? ActorRole.Reporter : ActorRole.Resident;
        }
        var member = actor.Member!;
        if (!member.IsActive) return null;
        if (order.AssigneeMemberId == member.Id) return ActorRole.Handler;
        if (order.GridId is not { } gridId) return member.Role is "community" or "subdistrict" ? ActorRole.Admin : null;

        // Staff act on orders of any grid in their own subtree: a grid worker on their grid and its micro-grids,
        // a grid leader or community staff on their community, subdistrict staff on everything below.
        var chain = await grids.ListSelfAndAncestorsAsync(gridId, cancellationToken);
        var memberGrids = await members.ListGridIdsAsync(member.Id, cancellationToken);
        var chainIds = chain.Select(g => g.Id).ToHashSet();
        // A micro-grid worker's grid is below the order's grid: they may act only when the order is in their micro-grid.
        if (!memberGrids.Any(chainIds.Contains)) return null;
        return member.Role switch
        {
            "grid_leader" => ActorRole.GridLeader,
            "community" or "subdistrict" => ActorRole.Admin,
            _ => ActorRole.Handler,
        };
    }
}
