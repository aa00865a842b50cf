using System.Threading.Channels;

namespace GridLine.Storage;

/// <summary>
/// Group commit: callers submit one item each and wait for its own result, while a flusher writes everything submitted
/// during the previous write in one statement. At low rates a batch holds one item and nothing waits longer than a
/// statement of its own would; under load many items share one round trip and one commit.
/// <para>Each flusher has its own queue (the caller picks it with <c>lane</c>), so items that must never be in two
/// concurrent statements can be kept in one lane. The write function completes each entry (a result or its own
/// error); an entry it leaves open gets an error, and if it throws, every open entry of the batch gets that exception.</para>
/// </summary>
public sealed class GroupCommit<TItem, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<Entry>, Task> _write;
    private readonly int _maxBatch;
    private readonly Channel<Entry>[] _queues;
    private readonly Task[] _flushers;

    /// <param name="write">Writes a batch and completes each of its entries.</param>
    /// <param name="flushers">Statements in flight at the same time (while one flushes, the next batch fills).</param>
    /// <param name="maxBatch">Items per statement at most.</param>
    public GroupCommit(Func<IReadOnlyList<Entry>, Task> write, int flushers, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(flushers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _write = write;
        _maxBatch = maxBatch;
        _queues = Enumerable.Range(0, flushers)
            .Select(_ => Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = true })).ToArray();
        _flushers = _queues.Select(queue => Task.Run(() => FlushLoopAsync(queue.Reader))).ToArray();
    }

    /// <summary>Submits an item and waits for its result.</summary>
    /// <param name="lane">Any number; items with the same lane go through the same flusher, one statement after another.</param>
    /// <remarks>Cancelling stops the wait, not the write.</remarks>
    public async Task<TResult> SubmitAsync(TItem item, int lane, CancellationToken cancellationToken = default)
    {
        var entry = new Entry(item);
        if (!_queues[(int)((uint)lane % (uint)_queues.Length)].Writer.TryWrite(entry)) throw new ObjectDisposedException(nameof(GroupCommit<TItem, TResult>));
        return await entry.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushLoopAsync(ChannelReader<Entry> queue)
    {
        var batch = new List<Entry>(_maxBatch);
        while (await queue.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && queue.TryRead(out var entry)) batch.Add(entry);
            if (batch.Count == 0) continue;
            try
            {
                await _write(batch);
                foreach (var e in batch) e.Fail(new InvalidOperationException("The batch writer left this item without a result."));
            }
            catch (Exception ex)
            {
                foreach (var e in batch) e.Fail(ex);
            }
            batch.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _queues) queue.Writer.TryComplete();
        await Task.WhenAll(_flushers);
    }

    /// <summary>One submitted item, completed by the write function.</summary>
    public sealed class Entry(TItem item)
    {
        private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TItem Item { get; } = item;
        internal Task<TResult> Task => _completion.Task;
        public void Complete(TResult result) => _completion.TrySetResult(result);
        public void Fail(Exception error) => _completion.TrySetException(error);
    }
}
