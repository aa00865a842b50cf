using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A WeCom chat group and the grid it serves (null while unmapped).</summary>
public sealed record ChatGroup(long Id, string ChatId, string Name, long? GridId, string? WebhookKey, int Version);

/// <summary>Chat groups ↔ grids.</summary>
public sealed class ChatGroupRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Creates the group or updates its name, grid and webhook key.</summary>
    public async Task<ChatGroup> UpsertAsync(string chatId, string name, long? gridId, string? webhookKey = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<ChatGroup>(new CommandDefinition("""
            insert into chat_group (chat_id, name, grid_id, webhook_key) values (@chatId, @name, @gridId, @webhookKey)
            on conflict (chat_id) do update set name = excluded.name, grid_id = excluded.grid_id,
                webhook_key = excluded.webhook_key, version = chat_group.version + 1
            returning id, chat_id, name, grid_id, webhook_key, version
            """, new { chatId, name, gridId, webhookKey }, cancellationToken: cancellationToken));
    }

    public async Task<ChatGroup?> GetByChatIdAsync(string chatId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ChatGroup>(new CommandDefinition(
            "select id, chat_id, name, grid_id, webhook_key, version from chat_group where chat_id = @chatId", new { chatId }, cancellationToken: cancellationToken));
    }
}
