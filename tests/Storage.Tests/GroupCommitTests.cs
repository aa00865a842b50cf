using GridLine.Storage;

namespace GridLine.Storage.Tests;

/// <summary>The group-commit core shared by the inbox writer and the outbox's sent marks.</summary>
public class GroupCommitTests
{
    [Fact]
    public async Task SubmitAsync_ItemsArrivingDuringAWrite_ShareTheNextBatchAndEachGetsItsOwnResult()
    {
        var batches = new List<int[]>();
        var firstStarted = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        await using var commit = new GroupCommit<int, int>(async batch =>
        {
            lock (batches) batches.Add(batch.Select(e => e.Item).ToArray());
            if (batches.Count == 1) { firstStarted.SetResult(); await releaseFirst.Task; }
            foreach (var e in batch) e.Complete(e.Item * 10);
        }, flushers: 1, maxBatch: 100);

        var first = commit.SubmitAsync(1, lane: 0);
        await firstStarted.Task;
        var during = Enumerable.Range(2, 9).Select(i => commit.SubmitAsync(i, lane: 0)).ToArray();
        releaseFirst.SetResult();

        Assert.Equal(10, await first);
        Assert.Equal(Enumerable.Range(2, 9).Select(i => i * 10), await Task.WhenAll(during));
        Assert.Equal([[1], Enumerable.Range(2, 9).ToArray()], batches);
    }

    [Fact]
    public async Task SubmitAsync_WriteThrows_EveryItemOfThatBatchGetsTheErrorAndTheNextBatchWorks()
    {
        var fail = true;
        await using var commit = new GroupCommit<int, bool>(batch =>
        {
            if (fail) throw new TimeoutException("database gone");
            foreach (var e in batch) e.Complete(true);
            return Task.CompletedTask;
        }, flushers: 1, maxBatch: 10);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => commit.SubmitAsync(1, lane: 0));
        Assert.Equal("database gone", error.Message);
        fail = false;
        Assert.True(await commit.SubmitAsync(2, lane: 0));
    }

    [Fact]
    public async Task SubmitAsync_ItemLeftWithoutResultOrFailedAlone_OnlyThatCallerSeesAnError()
    {
        await using var commit = new GroupCommit<int, int>(batch =>
        {
            foreach (var e in batch)
                if (e.Item == 2) e.Fail(new FormatException("bad row"));
                else if (e.Item != 3) e.Complete(e.Item);
            return Task.CompletedTask;
        }, flushers: 1, maxBatch: 10);

        var results = new[] { 1, 2, 3, 4 }.Select(i => commit.SubmitAsync(i, lane: 7)).ToArray();
        await Assert.ThrowsAnyAsync<Exception>(() => Task.WhenAll(results));
        Assert.Equal(1, await results[0]);
        await Assert.ThrowsAsync<FormatException>(() => results[1]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => results[2]);
        Assert.Equal(4, await results[3]);
    }

    [Fact]
    public async Task SubmitAsync_AfterDispose_Refused()
    {
        var commit = new GroupCommit<int, int>(batch => { foreach (var e in batch) e.Complete(0); return Task.CompletedTask; }, flushers: 2, maxBatch: 10);
        await commit.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => commit.SubmitAsync(1, lane: 1));
    }
}
