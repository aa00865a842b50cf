using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>An admin-configured routing rule (see docs/workflow.md for the semantics).</summary>
public sealed record RoutingRule(long Id, string Name, int Priority, long? GridId, string? Category, string? Type,
    long? AssigneeMemberId, string? AssigneeRole, string? AssigneeLevel, string HandlingLevel, string Clock,
    int SignSlaMinutes, int DueSlaMinutes, int? MaxExtensionMinutes, bool IsDefault, bool IsActive, int Version,
    DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Fields of a new or edited routing rule.</summary>
public sealed record RoutingRuleFields(string Name, int Priority, long? GridId, string? Category, string? Type,
    long? AssigneeMemberId, string? AssigneeRole, string? AssigneeLevel, string HandlingLevel, string Clock,
    int SignSlaMinutes, int DueSlaMinutes, int? MaxExtensionMinutes = null, bool IsDefault = false, bool IsActive = true);

/// <summary>Outcome of an edit that could remove the last active default rule.</summary>
public enum RoutingRuleWriteResult { Done, NotFound, VersionConflict, LastDefaultRefused }

/// <summary>Routing rules. The last active default rule can be edited but never deleted, deactivated or un-defaulted.</summary>
public sealed class RoutingRuleRepository(NpgsqlDataSource dataSource, ReferenceCache? cache = null)
{
    private const string Columns = """
        id, name, priority, grid_id, category, type, assignee_member_id, assignee_role, assignee_level, handling_level, clock,
        sign_sla_minutes, due_sla_minutes, max_extension_minutes, is_default, is_active, version, created_at, updated_at
        """;

    /// <summary>Active rules in the order they are tried: priority, then non-default before default, then id.</summary>
    public Task<IReadOnlyList<RoutingRule>> ListActiveAsync(CancellationToken cancellationToken = default) =>
        cache is null ? LoadActiveAsync(cancellationToken) : cache.GetAsync("rr:active", LoadActiveAsync, cancellationToken);

    private async Task<IReadOnlyList<RoutingRule>> LoadActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RoutingRule>(new CommandDefinition(
            $"select {Columns} from routing_rule where is_active order by priority, is_default, id", cancellationToken: cancellationToken));
        return rows.ToArray(); // shared through the cache
    }

    public async Task<RoutingRule?> GetByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RoutingRule>(new CommandDefinition(
            $"select {Columns} from routing_rule where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<RoutingRule> InsertAsync(RoutingRuleFields rule, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var written = await connection.QuerySingleAsync<RoutingRule>(new CommandDefinition($"""
            insert into routing_rule (name, priority, grid_id, category, type, assignee_member_id, assignee_role, assignee_level,
                                      handling_level, clock, sign_sla_minutes, due_sla_minutes, max_extension_minutes, is_default, is_active)
            values (@Name, @Priority, @GridId, @Category, @Type, @AssigneeMemberId, @AssigneeRole, @AssigneeLevel,
                    @HandlingLevel, @Clock, @SignSlaMinutes, @DueSlaMinutes, @MaxExtensionMinutes, @IsDefault, @IsActive)
            returning {Columns}
            """, rule, cancellationToken: cancellationToken));
        cache?.Invalidate(); // after the write: a reload before it would keep the old row
        return written;
    }

    /// <summary>Replaces a rule's fields if it is still at <paramref name="expectedVersion"/>.</summary>
    public Task<RoutingRuleWriteResult> UpdateAsync(long id, int expectedVersion, RoutingRuleFields rule, CancellationToken cancellationToken = default) =>
        WriteGuardedAsync(id, expectedVersion, stillDefault: rule.IsDefault && rule.IsActive, $"""
            update routing_rule set name = @Name, priority = @Priority, grid_id = @GridId, category = @Category, type = @Type,
                assignee_member_id = @AssigneeMemberId, assignee_role = @AssigneeRole, assignee_level = @AssigneeLevel,
                handling_level = @HandlingLevel, clock = @Clock, sign_sla_minutes = @SignSlaMinutes, due_sla_minutes = @DueSlaMinutes,
                max_extension_minutes = @MaxExtensionMinutes, is_default = @IsDefault, is_active = @IsActive,
                version = version + 1, updated_at = now()
            where id = @id
            """, new DynamicParameters(rule), cancellationToken);

    public Task<RoutingRuleWriteResult> SetActiveAsync(long id, int expectedVersion, bool isActive, CancellationToken cancellationToken = default) =>
        WriteGuardedAsync(id, expectedVersion, stillDefault: isActive,
            "update routing_rule set is_active = @isActive, version = version + 1, updated_at = now() where id = @id",
            new DynamicParameters(new { isActive }), cancellationToken);

    public Task<RoutingRuleWriteResult> DeleteAsync(long id, int expectedVersion, CancellationToken cancellationToken = default) =>
        WriteGuardedAsync(id, expectedVersion, stillDefault: false, "delete from routing_rule where id = @id", new DynamicParameters(), cancellationToken);

    // Locks every active default rule, so two admins removing the last two defaults at once cannot both succeed.
    private async Task<RoutingRuleWriteResult> WriteGuardedAsync(long id, int expectedVersion, bool stillDefault, string sql,
        DynamicParameters parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var defaults = (await connection.QueryAsync<long>(new CommandDefinition(
            "select id from routing_rule where is_default and is_active order by id for update", transaction: tx, cancellationToken: cancellationToken))).AsList();
        var current = await connection.QuerySingleOrDefaultAsync<RoutingRule>(new CommandDefinition(
            $"select {Columns} from routing_rule where id = @id for update", new { id }, tx, cancellationToken: cancellationToken));
        if (current is null) return RoutingRuleWriteResult.NotFound;
        if (current.Version != expectedVersion) return RoutingRuleWriteResult.VersionConflict;
        if (defaults.Count == 1 && defaults[0] == id && !stillDefault) return RoutingRuleWriteResult.LastDefaultRefused;

        parameters.Add("id", id);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        cache?.Invalidate();
        return RoutingRuleWriteResult.Done;
    }
}
