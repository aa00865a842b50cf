using Dapper;
using Npgsql;

namespace GridLine.Storage;

/// <summary>A work order a follow-up message can join.</summary>
public sealed record OpenOrderRef(long Number, string Type, string Category, DateTime CreatedAt);

/// <summary>Read-only look-ups that let a message be understood in the context of its chat.</summary>
public sealed class ConversationContextRepository(NpgsqlDataSource dataSource)
{

    /// <summary>The most recent complaint order opened in the chat since <paramref name="since"/> that is still open.</summary>
    public async Task<OpenOrderRef?> FindRecentOpenComplaintAsync(string chatId, DateTime since, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OpenOrderRef>(new CommandDefinition("""
            select number, type, category, created_at from work_order
            where chat_id = @chatId and type = 'complaint' and created_at >= @since
              and status = any(@open)
            order by created_at desc, id desc limit 1
            """, new { chatId, since, open = WorkOrderRepository.OpenStatuses.ToArray() }, cancellationToken: cancellationToken));
    }

    public async Task<OpenOrderRef?> GetOrderAsync(long number, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OpenOrderRef>(new CommandDefinition(
            "select number, type, category, created_at from work_order where number = @number", new { number }, cancellationToken: cancellationToken));
    }

    /// <summary>True when the userid belongs to an active staff member.</summary>
    public async Task<bool> IsActiveMemberAsync(string userid, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from member where userid = @userid and is_active)", new { userid }, cancellationToken: cancellationToken));
    }
}
