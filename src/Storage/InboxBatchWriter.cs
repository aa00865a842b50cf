using System.Threading.Channels;
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
    private readonly int _maxBatch;
    private readonly Channel<Pending>[] _queues;
    private readonly Task[] _flushers;

    /// <param name="flushers">Commits in flight at the same time (while one flushes, the next batch fills).</param>
    /// <param name="maxBatch">Rows per statement at most.</param>
    public InboxBatchWriter(NpgsqlDataSource dataSource, int flushers = 4, int maxBatch = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(flushers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _dataSource = dataSource;
        _maxBatch = maxBatch;
        _queues = Enumerable.Range(0, flushers)
            .Select(_ => Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = true })).ToArray();
        _flushers = _queues.Select(queue => Task.Run(() => FlushLoopAsync(queue.Reader))).ToArray();
    }

    /// <summary>Inserts the row unless its (source, dedupe key) is already stored; true when this call inserted it.</summary>
    /// <remarks>Cancelling stops the wait, not necessarily the write: a cancelled row may still be committed (a retry is
    /// then recognised as a repeat, as with any acknowledgement lost on the way back).</remarks>
    public async Task<bool> TryInsertAsync(NewInboxMessage message, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(message);
        var queue = _queues[(int)((uint)HashCode.Combine(message.Source, message.DedupeKey) % (uint)_queues.Length)];
        if (!queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(InboxBatchWriter));
        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushLoopAsync(ChannelReader<Pending> queue)
    {
        var batch = new List<Pending>(_maxBatch);
        while (await queue.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && queue.TryRead(out var item)) batch.Add(item);
            if (batch.Count == 0) continue;
            try
            {
                await WriteAsync(batch);
            }
            catch (Exception ex)
            {
                foreach (var p in batch) p.Completion.TrySetException(ex);
            }
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<Pending> batch)
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
                catch (Exception rowError) { p.Completion.TrySetException(rowError); }
            }
        }
    }

    private async Task InsertAsync(IReadOnlyList<Pending> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        var inserted = await InboxRepository.TryInsertManyAsync(connection, batch.Select(p => p.Message).ToList());
        // A key twice in one batch (a retry racing its original) is inserted once: the first caller gets true.
        foreach (var p in batch) p.Completion.TrySetResult(inserted.Remove((p.Message.Source, p.Message.DedupeKey)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _queues) queue.Writer.TryComplete();
        await Task.WhenAll(_flushers);
    }

    private sealed class Pending(NewInboxMessage message)
    {
        public NewInboxMessage Message { get; } = message;
        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
