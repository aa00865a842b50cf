using System.Collections.Concurrent;
using Dapper;
using GridLine.Handlers.Processing;
using GridLine.Storage;
using GridLine.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridLine.Handlers.Tests.Processing;

public class InboxDispatcherTests
{
    /// <summary>Writes one row per handled message into dispatch_log in the dispatcher's transaction; can be told to fail.</summary>
    private sealed class RecordingHandler : IInboxHandler
    {
        public ConcurrentDictionary<string, int> FailuresLeft { get; } = new();
        public ConcurrentDictionary<string, int> FailAfterWriting { get; } = new();

        public async Task HandleAsync(InboxMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
        {
            if (FailuresLeft.TryGetValue(message.DedupeKey, out var left) && left > 0)
            {
                FailuresLeft[message.DedupeKey] = left - 1;
                throw new InvalidOperationException("simulated handler failure");
            }
            await connection.ExecuteAsync("insert into dispatch_log (inbox_id, chat_key, txid) values (@Id, @ChatId, txid_current())", new { message.Id, message.ChatId }, transaction);
            if (FailAfterWriting.TryRemove(message.DedupeKey, out _)) throw new InvalidOperationException("failure after writing");
        }
    }

    private static async Task<(NpgsqlDataSource DataSource, InboxRepository Inbox)> CreateAsync()
    {
        var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("create table dispatch_log (seq bigint generated always as identity, inbox_id bigint not null, chat_key text, txid bigint not null)");
        return (dataSource, new InboxRepository(dataSource));
    }

    private static InboxDispatcher Dispatcher(NpgsqlDataSource dataSource, InboxRepository inbox, IInboxHandler handler, int maxAttempts = 3, int transactionBatch = 32, int workers = 2)
    {
        var services = new ServiceCollection().AddSingleton(handler).BuildServiceProvider();
        var options = Options.Create(new InboxDispatcherOptions { BatchSize = 25, MaxAttempts = maxAttempts, RetryBaseMilliseconds = 10, TransactionBatchSize = transactionBatch, Workers = workers });
        return new InboxDispatcher(dataSource, inbox, services.GetRequiredService<IServiceScopeFactory>(), options, NullLogger<InboxDispatcher>.Instance);
    }

    private static Task InsertAsync(InboxRepository inbox, string key, string chat) =>
        inbox.TryInsertAsync(new NewInboxMessage("bot:test", key, "text", chat, "resident", "{}"));

    /// <summary>Runs the dispatchers until no row is left in state 'new' (rows in backoff become due within milliseconds).</summary>
    private static async Task DrainAsync(InboxRepository inbox, params InboxDispatcher[] dispatchers)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await inbox.CountByStateAsync()).GetValueOrDefault("new") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "inbox not drained within 30 s");
            var handled = await Task.WhenAll(dispatchers.Select(d => Task.Run(() => d.RunOnceAsync(CancellationToken.None))));
            if (handled.Sum() == 0) await Task.Delay(20);
        }
    }

    [Fact]
    public async Task RunOnceAsync_TwoDispatchersConcurrently_EachRowHandledOnceInArrivalOrderPerChat()
    {
        var (dataSource, inbox) = await CreateAsync();
        await using var _ = dataSource;
        for (var i = 0; i < 400; i++) await InsertAsync(inbox, $"m{i}", $"chat{i % 7}");
        var handler = new RecordingHandler();

        await DrainAsync(inbox, Dispatcher(dataSource, inbox, handler), Dispatcher(dataSource, inbox, handler));

        await using var connection = await dataSource.OpenConnectionAsync();
        var log = (await connection.QueryAsync<(long Seq, long InboxId, string ChatKey)>("select seq, inbox_id, chat_key from dispatch_log order by seq")).ToList();
        Assert.Equal(400, log.Count);
        Assert.Equal(400, log.Select(l => l.InboxId).Distinct().Count());
        foreach (var chat in log.GroupBy(l => l.ChatKey))
            Assert.Equal(chat.Select(l => l.InboxId).Order(), chat.Select(l => l.InboxId)); // handled in arrival order
        Assert.Equal(400, (await inbox.CountByStateAsync())["done"]);
    }

    [Fact]
    public async Task RunOnceAsync_RowKeepsFailing_QuarantinedAfterBoundWhileOtherChatsProceed()
    {
        var (dataSource, inbox) = await CreateAsync();
        await using var _ = dataSource;
        await InsertAsync(inbox, "bad", "chatA");
        await InsertAsync(inbox, "after-bad", "chatA");
        await InsertAsync(inbox, "other", "chatB");
        var handler = new RecordingHandler();
        handler.FailuresLeft["bad"] = int.MaxValue;

        await DrainAsync(inbox, Dispatcher(dataSource, inbox, handler, maxAttempts: 3));

        var quarantined = Assert.Single(await inbox.ListQuarantinedAsync());
        Assert.Equal("bad", quarantined.DedupeKey);
        Assert.Equal(3, quarantined.Attempts);
        Assert.Contains("simulated handler failure", quarantined.LastError);
        await using var connection = await dataSource.OpenConnectionAsync();
        var handledIds = (await connection.QueryAsync<long>("select inbox_id from dispatch_log order by seq")).ToList();
        Assert.Equal(2, handledIds.Count); // the other chat, and the later message of chat A once the bad one was set aside
    }

    [Fact]
    public async Task RunOnceAsync_TransientFailure_RetriedAndLaterMessageOfSameChatWaits()
    {
        var (dataSource, inbox) = await CreateAsync();
        await using var _ = dataSource;
        await InsertAsync(inbox, "first", "chatA");
        await InsertAsync(inbox, "second", "chatA");
        var handler = new RecordingHandler();
        handler.FailuresLeft["first"] = 1;

        await DrainAsync(inbox, Dispatcher(dataSource, inbox, handler));

        await using var connection = await dataSource.OpenConnectionAsync();
        var keys = (await connection.QueryAsync<string>(
            "select m.dedupe_key from dispatch_log l join inbox_message m on m.id = l.inbox_id order by l.seq")).ToList();
        Assert.Equal(["first", "second"], keys);
        Assert.Empty(await inbox.ListQuarantinedAsync());
    }

    [Fact]
    public async Task RunOnceAsync_HandlerFailsAfterWriting_ItsWritesRolledBackAndAppliedOnceOnRetry()
    {
        var (dataSource, inbox) = await CreateAsync();
        await using var _ = dataSource;
        await InsertAsync(inbox, "flaky", "chatA");
        var handler = new RecordingHandler();
        handler.FailAfterWriting["flaky"] = 1;

        await DrainAsync(inbox, Dispatcher(dataSource, inbox, handler));

        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from dispatch_log"));
        var row = await inbox.GetByIdAsync(1);
        Assert.Equal("done", row!.State);
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public async Task RequeueAsync_QuarantinedRow_ProcessedAgain()
    {
        var (dataSource, inbox) = await CreateAsync();
        await using var _ = dataSource;
        await InsertAsync(inbox, "poison", "chatA");
        var handler = new RecordingHandler();
        handler.FailuresLeft["poison"] = 2;
        await DrainAsync(inbox, Dispatcher(dataSource, inbox, handler, maxAttempts: 2));
        var quarantined = Assert.Single(await inbox.ListQuarantinedAsync());

        Assert.True(await inbox.RequeueAsync(quarantined.Id));
        await DrainAsync(inbox, Dispatcher(dataSource, inbox, handler, maxAttempts: 2));

        Assert.Equal("done", (await inbox.GetByIdAsync(quarantined.Id))!.State);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(1)]
    public async Task RunOnceAsync_RowsOfDifferentChats_ShareATransactionButNeverTwoOfOneChat(int transactionBatch)
    {
        var (dataSource, inbox) = await CreateAsync();
        await using var _ = dataSource;
        // 16 chats, so each partition holds a few; three rows per chat.
        for (var i = 0; i < 48; i++) await InsertAsync(inbox, $"m{i}", $"chat{i % 16}");
        var handler = new RecordingHandler();

        await DrainAsync(inbox, Dispatcher(dataSource, inbox, handler, transactionBatch: transactionBatch));

        await using var connection = await dataSource.OpenConnectionAsync();
        var log = (await connection.QueryAsync<(long InboxId, string ChatKey, long TxId)>("select inbox_id, chat_key, txid from dispatch_log order by seq")).ToList();
        Assert.Equal(48, log.Count);
        Assert.Equal(48, log.Select(l => l.InboxId).Distinct().Count());
        Assert.All(log.GroupBy(l => l.TxId), tx => Assert.Equal(tx.Count(), tx.Select(l => l.ChatKey).Distinct().Count()));
        foreach (var chat in log.GroupBy(l => l.ChatKey)) Assert.Equal(chat.Select(l => l.InboxId).Order(), chat.Select(l => l.InboxId));
        var transactions = log.Select(l => l.TxId).Distinct().Count();
        if (transactionBatch == 1) Assert.Equal(48, transactions);
        else Assert.True(transactions < 48, $"{transactions} transactions for 48 rows: rows of different chats should share one");
    }

    [Fact]
    public async Task RunOnceAsync_OneLoopRowsSpreadOverEveryPartition_OneRoundOneTransactionPerRowOfEachChat()
    {
        var (dataSource, inbox) = await CreateAsync();
        await using var _ = dataSource;
        // 100 chats (all 16 partitions), two rows each: one round of a single loop claims every partition at once, and its
        // rows go in two transactions (first rows of each chat, then second rows), not one or more per partition.
        for (var i = 0; i < 200; i++) await InsertAsync(inbox, $"m{i}", $"chat{i % 100}");
        await using (var connection = await dataSource.OpenConnectionAsync())
            Assert.Equal(InboxRepository.PartitionCount, await connection.ExecuteScalarAsync<int>("select count(distinct partition) from inbox_message"));
        var handler = new RecordingHandler();

        var handled = await Dispatcher(dataSource, inbox, handler, transactionBatch: 100, workers: 1).RunOnceAsync(CancellationToken.None);

        Assert.Equal(200, handled);
        await using var check = await dataSource.OpenConnectionAsync();
        var log = (await check.QueryAsync<(long InboxId, string ChatKey, long TxId)>("select inbox_id, chat_key, txid from dispatch_log order by seq")).ToList();
        Assert.Equal(2, log.Select(l => l.TxId).Distinct().Count());
        foreach (var chat in log.GroupBy(l => l.ChatKey)) Assert.Equal(chat.Select(l => l.InboxId).Order(), chat.Select(l => l.InboxId));
        Assert.Empty(await check.QueryAsync<long>("select objid from pg_locks where locktype = 'advisory'")); // every partition lock released
    }

    [Fact]
    public async Task RunOnceAsync_OneRowOfAGroupFails_OthersCommittedOnceAndTheFailingRowAlone()
    {
        var (dataSource, inbox) = await CreateAsync();
        await using var _ = dataSource;
        for (var i = 0; i < 20; i++) await InsertAsync(inbox, $"m{i}", $"chat{i}");
        await InsertAsync(inbox, "after-m7", "chat7");
        var handler = new RecordingHandler();
        handler.FailuresLeft["m7"] = int.MaxValue;          // fails before writing, every time
        handler.FailAfterWriting["m12"] = 1;                // writes, then fails once: its first write must not survive

        await DrainAsync(inbox, Dispatcher(dataSource, inbox, handler, maxAttempts: 2));

        await using var connection = await dataSource.OpenConnectionAsync();
        var keys = (await connection.QueryAsync<string>(
            "select m.dedupe_key from dispatch_log l join inbox_message m on m.id = l.inbox_id order by l.seq")).ToList();
        Assert.Equal(20, keys.Count);                       // 19 good rows + after-m7 once m7 was set aside
        Assert.Equal(20, keys.Distinct().Count());          // nothing applied twice, though m12's group was rolled back
        Assert.DoesNotContain("m7", keys);
        Assert.True(keys.IndexOf("after-m7") >= 0);
        var quarantined = Assert.Single(await inbox.ListQuarantinedAsync());
        Assert.Equal("m7", quarantined.DedupeKey);
        Assert.Equal(2, quarantined.Attempts);
        // Rows that only shared a group with the failing one were never charged an attempt.
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from inbox_message where dedupe_key not in ('m7', 'm12') and attempts > 0"));
    }
}
