using GridLine.Storage;

namespace GridLine.Handlers.WorkOrders;

/// <summary>What the state machine needs to know about an order; the caller loads it.</summary>
public sealed record WorkOrderSnapshot(long Id, long Number, string Status, string HandlingLevel, long? AssigneeMemberId,
    DateTimeOffset? ConcludedAt, int ReopenedCount)
{
    public static WorkOrderSnapshot From(WorkOrder order) => new(order.Id, order.Number, order.Status, order.HandlingLevel,
        order.AssigneeMemberId, order.ConcludedAt is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : null, order.ReopenedCount);
}

/// <summary>The order another one is merged into.</summary>
public sealed record MergeTarget(long Id, long Number, string Status);

/// <summary>
/// One requested action. <see cref="Text"/> is the reason or note (退单/升级/延期/作废 reasons, 进展/办结 text);
/// the other arguments apply to one action each.
/// </summary>
public sealed record TransitionRequest(string Action, ActorRole Actor, string? Text = null, string? Rating = null,
    long? AssigneeMemberId = null, MergeTarget? Target = null, DateTimeOffset? ExtendUntil = null);

/// <summary>Why a transition was refused (stable codes for logs and tests; the reply carries the Chinese text).</summary>
public static class RefusalCode
{
    public const string UnknownAction = "unknown_action";
    public const string ActorNotAllowed = "actor_not_allowed";
    public const string InvalidStatus = "invalid_status";
    public const string MissingArgument = "missing_argument";
    public const string InvalidArgument = "invalid_argument";
    public const string ReopenWindowPassed = "reopen_window_passed";
    public const string EscalationAtTop = "escalation_at_top";
    public const string InvalidMergeTarget = "invalid_merge_target";
}

/// <summary>
/// The outcome of a requested action: when allowed, the change to apply (with the expected version) and the reply;
/// when refused, a short Chinese reply and a <see cref="RefusalCode"/>. Never an exception.
/// </summary>
public sealed record TransitionDecision(bool IsAllowed, string Action, string FromStatus, string? ToStatus, string Reply,
    string? Refusal, WorkOrderChange? Change)
{
    internal static TransitionDecision Refuse(WorkOrderSnapshot order, string action, string refusal, string reply) =>
        new(false, action, order.Status, null, reply, refusal, null);

    internal static TransitionDecision Allow(WorkOrderSnapshot order, string action, WorkOrderChange change, string reply) =>
        new(true, action, order.Status, change.Status, reply, null, change);
}
