using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>One audit entry: who changed what, with the state before and after as JSON.</summary>
public sealed record AuditEntry(long Id, DateTime At, string ActorLogin, string Action, string Entity, string? EntityId, string? Before, string? After);

/// <summary>The append-only audit log of admin changes.</summary>
public sealed class AuditLogRepository(NpgsqlDataSource dataSource)
{
    public async Task AppendAsync(string actorLogin, string action, string entity, string? entityId, string? beforeJson, string? afterJson,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into audit_log (actor_login, action, entity, entity_id, before, after)
            values (@actorLogin, @action, @entity, @entityId, @beforeJson::jsonb, @afterJson::jsonb)
            """, new { actorLogin, action, entity, entityId, beforeJson, afterJson }, cancellationToken: cancellationToken));
    }

    /// <summary>Latest entries first, optionally for one entity kind.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? entity, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AuditEntry>(new CommandDefinition("""
            select id, at, actor_login, action, entity, entity_id, before::text as before, after::text as after
            from audit_log where (@entity::text is null or entity = @entity) order by id desc limit @limit
            """, new { entity, limit }, cancellationToken: cancellationToken))).AsList();
    }
}
