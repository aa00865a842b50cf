using GridLine.Storage;

namespace GridLine.Handlers.Routing;

/// <summary>
/// 精准派单: picks the first active rule (by priority) whose grid is the item's grid or any ancestor — through shared
/// parents of dedicated grids too — and whose category and type match, then finds the assignee.
/// </summary>
public sealed class Router(RoutingRuleRepository rules, GridRepository grids, MemberRepository members, ChatGroupRepository chatGroups)
{
    private static readonly string[] LevelsUp = ["micro_grid", "grid", "community", "subdistrict"];

    /// <summary>Routes an item raised in a chat group; an unknown or unmapped group gives a triage result.</summary>
    public async Task<RouteResult> RouteChatAsync(string chatId, string category, string type, CancellationToken cancellationToken = default)
    {
        var group = await chatGroups.GetByChatIdAsync(chatId, cancellationToken);
        return group?.GridId is { } gridId
            ? await RouteAsync(gridId, category, type, cancellationToken)
            : await TriageAsync(null, category, type, TriageReason.UnmappedChat, cancellationToken);
    }

    /// <summary>Routes an item of <paramref name="type"/> and <paramref name="category"/> in a grid (null: triage).</summary>
    public async Task<RouteResult> RouteAsync(long? gridId, string category, string type, CancellationToken cancellationToken = default)
    {
        if (gridId is null) return await TriageAsync(null, category, type, TriageReason.UnmappedChat, cancellationToken);
        var chain = await grids.ListSelfAndAncestorsAsync(gridId.Value, cancellationToken);
        if (chain.Count == 0 || chain[0].Id != gridId) return await TriageAsync(gridId, category, type, TriageReason.UnknownGrid, cancellationToken);

        var rule = FirstMatch(await rules.ListActiveAsync(cancellationToken), chain.Select(g => g.Id).ToHashSet(), category, type);
        var assignee = await ResolveAssigneeAsync(rule, chain, cancellationToken);
        return new RouteResult(gridId, rule, assignee, assignee is null ? TriageReason.NoAssignee : null);
    }

    /// <summary>The first rule in list order (priority, non-default first, id) matching the chain, category and type; else the default rule.</summary>
    internal static RoutingRule FirstMatch(IReadOnlyList<RoutingRule> active, IReadOnlySet<long> chainIds, string category, string type) =>
        active.FirstOrDefault(r => (r.GridId is null || chainIds.Contains(r.GridId.Value))
                                   && (r.Category is null || r.Category == category)
                                   && (r.Type is null || r.Type == type))
        ?? active.FirstOrDefault(r => r.IsDefault)
        ?? throw new InvalidOperationException("No active default routing rule: migration 0020 seeds one and the repository keeps it.");

    private async Task<RouteResult> TriageAsync(long? gridId, string category, string type, string reason, CancellationToken cancellationToken)
    {
        var rule = FirstMatch(await rules.ListActiveAsync(cancellationToken), new HashSet<long>(), category, type);
        return new RouteResult(gridId, rule, null, reason);
    }

    // A named member wins while active; otherwise the role is looked for from the rule's level upward, nearest grid first.
    private async Task<Member?> ResolveAssigneeAsync(RoutingRule rule, IReadOnlyList<Grid> chain, CancellationToken cancellationToken)
    {
        if (rule.AssigneeMemberId is { } memberId && await members.GetByIdAsync(memberId, cancellationToken) is { IsActive: true } named)
            return named;
        if (rule.AssigneeRole is not { } role) return null;
        var from = LevelIndex(rule.AssigneeLevel ?? chain[0].Level);
        foreach (var grid in chain.Where(g => LevelIndex(g.Level) >= from))
        {
            var holders = await members.ListByGridAsync(grid.Id, role, cancellationToken);
            if (holders.Count > 0) return holders[0];
        }
        return null;
    }

    private static int LevelIndex(string level) => Array.IndexOf(LevelsUp, level) is var i and >= 0 ? i : 0;
}
