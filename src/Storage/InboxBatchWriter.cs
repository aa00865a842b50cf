using Npgsql;

namespace GridLine.Storage;

/// <summary>
/// Group commit for the acknowledgement path. Every accepted callback must be committed before it is answered; under
/// load, requests that arrive while a commit is in flight are written together by the next one: one multi-row
/// <c>INSERT … SELECT FROM unnest(…)</c>, one round trip, one WAL flush for all of them. Each caller still waits for
/// its own row's commit, so an acknowledgement keeps meaning "committed and flushed"; at low rates a batch holds one row
/// and nothing waits longer than before.
/// <para>Each flusher has its own queue, chosen by the row's (source, dedupe key): a WeCom retry racing its original
/// always meets it in the same queue (the same statement or the next one of the same flusher), never in a concurrent
/// statement, so two commits can never wait on each other's unique-index entries (which deadlocked, 1 s each, when
/// the queue was shared). Order between messages in flight at the same moment was never defined; a message sent after
/// another was acknowledged still gets the higher id.</para>
/// <para>A row the database refuses as data (SQLSTATE class 22, e.g. <c>\u0000</c> in a jsonb string) must not take
/// its batch with it: the batch is then written row by row, so only that caller sees the error.</para>
/// </summary>
public sealed class InboxBatchWriter : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommit<NewInboxMessage, bool> _commits;

    /// <param name="flushers">Commits in flight at the same time (while one flushes, the next batch fills).</param>
    /// <param name="maxBatch">Rows per statement at most.</param>
    public InboxBatchWriter(NpgsqlDataSource dataSource, int flushers = 4, int maxBatch = 256)
    {
        _dataSource = dataSource;
        _commits = new GroupCommit<NewInboxMessage, bool>(WriteAsync, flushers, maxBatch);
    }

    /// <summary>Inserts the row unless its (source, dedupe key) is already stored; true when this call inserted it.</summary>
    /// <remarks>Cancelling stops the wait, not necessarily the write: a cancelled row may still be committed (a retry is
    /// then recognised as a repeat, as with any acknowledgement lost on the way back).</remarks>
    public Task<bool> TryInsertAsync(NewInboxMessage message, CancellationToken cancellationToken = default) =>
        _commits.SubmitAsync(message, HashCode.Combine(message.Source, message.DedupeKey), cancellationToken);

    private async Task WriteAsync(IReadOnlyList<GroupCommit<NewInboxMessage, bool>.Entry> batch)
    {
        try
        {
            await InsertAsync(batch);
        }
        catch (PostgresException ex) when (batch.Count > 1 && ex.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // One row's data is unacceptable; find it by writing each row on its own.
            foreach (var p in batch)
            {
                try { await InsertAsync([p]); }
                catch (Exception rowError) { p.Fail(rowError); }
            }
        }
    }

    private async Task InsertAsync(IReadOnlyList<GroupCommit<NewInboxMessage, bool>.Entry> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        var inserted = await InboxRepository.TryInsertManyAsync(connection, batch.Select(p => p.Item).ToList());
        // A key twice in one batch (a retry racing its original) is inserted once: the first caller gets true.
        foreach (var p in batch) p.Complete(inserted.Remove((p.Item.Source, p.Item.DedupeKey)));
    }

    public ValueTask DisposeAsync() => _commits.DisposeAsync();
}
