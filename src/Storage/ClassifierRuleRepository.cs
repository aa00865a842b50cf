using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>An admin classification rule: when <see cref="Pattern"/> matches, the type and/or category are forced.</summary>
public sealed record ClassifierRule(long Id, string Pattern, bool IsRegex, int Priority, string? ForceType, string? ForceCategory,
    bool IsActive, string? Note, int Version, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Fields of a new or edited rule.</summary>
public sealed record ClassifierRuleFields(string Pattern, bool IsRegex, int Priority, string? ForceType, string? ForceCategory, bool IsActive = true, string? Note = null);

/// <summary>A cheap fingerprint of the rule table: when it changes, cached rules are reloaded.</summary>
public sealed record ClassifierRuleStamp(long Count, DateTime? MaxUpdatedAt, long VersionSum);

/// <summary>Admin classification rules. Callers validate patterns (regex syntax) before saving.</summary>
public sealed class ClassifierRuleRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, pattern, is_regex, priority, force_type, force_category, is_active, note, version, created_at, updated_at";

    public async Task<ClassifierRule> InsertAsync(ClassifierRuleFields rule, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<ClassifierRule>(new CommandDefinition($"""
            insert into classifier_rule (pattern, is_regex, priority, force_type, force_category, is_active, note)
            values (@Pattern, @IsRegex, @Priority, @ForceType, @ForceCategory, @IsActive, @Note)
            returning {Columns}
            """, rule, cancellationToken: cancellationToken));
    }

    /// <summary>Updates a rule when its version still matches; returns null when it was changed or deleted meanwhile.</summary>
    public async Task<ClassifierRule?> UpdateAsync(long id, int expectedVersion, ClassifierRuleFields rule, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ClassifierRule>(new CommandDefinition($"""
            update classifier_rule set pattern = @Pattern, is_regex = @IsRegex, priority = @Priority, force_type = @ForceType,
                force_category = @ForceCategory, is_active = @IsActive, note = @Note, version = version + 1, updated_at = clock_timestamp()
            where id = @id and version = @expectedVersion
            returning {Columns}
            """, new { id, expectedVersion, rule.Pattern, rule.IsRegex, rule.Priority, rule.ForceType, rule.ForceCategory, rule.IsActive, rule.Note },
            cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("delete from classifier_rule where id = @id", new { id }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Active rules in precedence order: highest priority first, then oldest first.</summary>
    public async Task<IReadOnlyList<ClassifierRule>> ListActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClassifierRule>(new CommandDefinition(
            $"select {Columns} from classifier_rule where is_active order by priority desc, id", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Count, latest update and version sum: any insert, edit or delete changes at least one of them.</summary>
    public async Task<ClassifierRuleStamp> GetStampAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<ClassifierRuleStamp>(new CommandDefinition(
            "select count(*) as count, max(updated_at) as max_updated_at, coalesce(sum(version), 0)::bigint as version_sum from classifier_rule",
            cancellationToken: cancellationToken));
    }
}
