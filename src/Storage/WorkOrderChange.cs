namespace GridLine.Storage;

/// <summary>
/// The column changes one work-order action makes. Null properties leave their column unchanged; the assignee is
/// changed only when <see cref="SetAssignee"/> is true, because "no assignee" is itself a value (退单, 升级 before routing).
/// </summary>
public sealed record WorkOrderChange(string Status)
{
    public string? HandlingLevel { get; init; }
    public bool SetAssignee { get; init; }
    public long? AssigneeMemberId { get; init; }
    public string? Satisfaction { get; init; }
    public long? MergedIntoId { get; init; }
    public string? VoidReason { get; init; }
    public bool IncrementReopened { get; init; }
    /// <summary>Clears <c>concluded_at</c> on reopen, so the reopen window restarts at the next 办结.</summary>
    public bool ClearConclusion { get; init; }
    public DateTime? ExtendedUntil { get; init; }
    public DateTime? SignedAt { get; init; }
    public DateTime? ConcludedAt { get; init; }
    public DateTime? SignDueAt { get; init; }
    /// <summary>Where a new 签收 window starts (set with <see cref="SignDueAt"/> when the order is handed to somebody new).</summary>
    public DateTime? SignWindowStart { get; init; }
    public DateTime? DueAt { get; init; }
    public bool? IsTriage { get; init; }
    public long? DispatcherRuleId { get; init; }
    public long? DispatcherMemberId { get; init; }
}

/// <summary>A reporter or subscriber of a work order.</summary>
public sealed record WorkOrderSubscriber(long WorkOrderId, string Userid, string? ChatId, string Kind, DateTime CreatedAt);
