using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A WeCom chat group and the grid it serves (null while unmapped).</summary>
public sealed record ChatGroup(long Id, string ChatId, string Name, long? GridId, string? WebhookKey, int Version);

/// <summary>Chat groups ↔ grids.</summary>
public sealed class ChatGroupRepository(NpgsqlDataSource dataSource, ReferenceCache? cache = null)
{
    /// <summary>Creates the group or updates its name, grid and webhook key.</summary>
    public async Task<ChatGroup> UpsertAsync(string chatId, string name, long? gridId, string? webhookKey = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var written = await connection.QuerySingleAsync<ChatGroup>(new CommandDefinition("""
            insert into chat_group (chat_id, name, grid_id, webhook_key) values (@chatId, @name, @gridId, @webhookKey)
            on conflict (chat_id) do update set name = excluded.name, grid_id = excluded.grid_id,
                webhook_key = excluded.webhook_key, version = chat_group.version + 1
            returning id, chat_id, name, grid_id, webhook_key, version
            """, new { chatId, name, gridId, webhookKey }, cancellationToken: cancellationToken));
        cache?.Invalidate(); // after the write: a reload before it would keep the old row
        return written;
    }

    /// <summary>Read for every message (routing, replies): served from the reference cache when there is one.</summary>
    public Task<ChatGroup?> GetByChatIdAsync(string chatId, CancellationToken cancellationToken = default) =>
        cache is null ? LoadByChatIdAsync(chatId, cancellationToken) : cache.GetAsync("cg:" + chatId, ct => LoadByChatIdAsync(chatId, ct), cancellationToken);

    private async Task<ChatGroup?> LoadByChatIdAsync(string chatId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ChatGroup>(new CommandDefinition(
            "select id, chat_id, name, grid_id, webhook_key, version from chat_group where chat_id = @chatId", new { chatId }, cancellationToken: cancellationToken));
    }
}
