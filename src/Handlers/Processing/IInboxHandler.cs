using GridLine.Storage;
using Npgsql;

namespace GridLine.Handlers.Processing;

/// <summary>
/// Handles one inbox row inside the dispatcher's transaction: every state change and every outbox row it writes
/// commits together with the row being marked done, or not at all. Must be safe to run again on the same row
/// (a crash before commit re-delivers it).
/// </summary>
public interface IInboxHandler
{
    Task HandleAsync(InboxMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);
}
