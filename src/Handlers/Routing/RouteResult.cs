using GridLine.Storage;

namespace GridLine.Handlers.Routing;

/// <summary>Why an item could not be dispatched and goes to the triage queue (the caller also tells the admins).</summary>
public static class TriageReason
{
    /// <summary>The chat group is unknown or not mapped to a grid.</summary>
    public const string UnmappedChat = "unmapped_chat";
    /// <summary>The grid id does not exist.</summary>
    public const string UnknownGrid = "unknown_grid";
    /// <summary>A rule matched, but nobody active holds the role anywhere up the chain (or the named member is inactive).</summary>
    public const string NoAssignee = "no_assignee";
}

/// <summary>
/// Where an item goes: the assignee, handling level and SLAs of the first matching rule, or a triage result
/// (<see cref="IsTriage"/>, no assignee). A triage result still carries the SLA of the best grid-independent rule.
/// </summary>
public sealed record RouteResult(long? GridId, RoutingRule Rule, Member? Assignee, string? TriageReason)
{
    public bool IsTriage => TriageReason is not null;
    public string HandlingLevel => Rule.HandlingLevel;
    public string Clock => Rule.Clock;
    public TimeSpan SignSla => TimeSpan.FromMinutes(Rule.SignSlaMinutes);
    public TimeSpan DueSla => TimeSpan.FromMinutes(Rule.DueSlaMinutes);
    public TimeSpan? MaxExtension => Rule.MaxExtensionMinutes is { } m ? TimeSpan.FromMinutes(m) : null;
}
