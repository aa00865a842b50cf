using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A reply template row.</summary>
public sealed record ReplyTemplate(string Code, string Text, string Description, bool IsDefault, int Version, DateTime UpdatedAt);

/// <summary>Reply templates (admin-editable texts with {placeholders}).</summary>
public sealed class ReplyTemplateRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Inserts shipped defaults that are not in the table yet; never touches existing rows.</summary>
    public async Task<int> InsertMissingDefaultsAsync(IEnumerable<(string Code, string Text, string Description)> defaults, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var inserted = 0;
        foreach (var (code, text, description) in defaults)
            inserted += await connection.ExecuteAsync(new CommandDefinition(
                "insert into reply_template (code, text, description) values (@code, @text, @description) on conflict (code) do nothing",
                new { code, text, description }, cancellationToken: cancellationToken));
        return inserted;
    }

    public async Task<IReadOnlyList<ReplyTemplate>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReplyTemplate>(new CommandDefinition(
            "select code, text, description, is_default, version, updated_at from reply_template order by code", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Changes a template's text if the caller saw the current version; returns the new row, or null on a version conflict / unknown code.</summary>
    public async Task<ReplyTemplate?> UpdateAsync(string code, string text, int expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ReplyTemplate>(new CommandDefinition("""
            update reply_template set text = @text, is_default = false, version = version + 1, updated_at = now()
            where code = @code and version = @expectedVersion
            returning code, text, description, is_default, version, updated_at
            """, new { code, text, expectedVersion }, cancellationToken: cancellationToken));
    }

    /// <summary>Cheap change marker: the cache reloads only when this changes.</summary>
    public async Task<(long Count, DateTime? LastUpdate)> GetChangeMarkerAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<(long, DateTime?)>(new CommandDefinition(
            "select count(*), max(updated_at) from reply_template", cancellationToken: cancellationToken));
    }
}
