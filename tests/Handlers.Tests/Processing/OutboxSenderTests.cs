using System.Collections.Concurrent;
using Dapper;
using GridLine.Handlers.Processing;
using GridLine.Storage;
using GridLine.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Tests.Processing;

public class OutboxSenderTests
{
    /// <summary>Counts deliveries per row; answers from a per-key script of results, then success.</summary>
    private sealed class ScriptedTransport : IOutboxTransport
    {
        public ConcurrentDictionary<string, int> Deliveries { get; } = new();
        public ConcurrentDictionary<string, ConcurrentQueue<DeliveryResult>> Script { get; } = new();

        public Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            if (Script.TryGetValue(message.IdempotencyKey, out var queue) && queue.TryDequeue(out var scripted) && scripted.Outcome != DeliveryOutcome.Sent)
                return Task.FromResult(scripted);
            Deliveries.AddOrUpdate(message.IdempotencyKey, 1, (_, n) => n + 1);
            return Task.FromResult(DeliveryResult.Sent("{\"errcode\":0}"));
        }
    }

    private static OutboxSender Sender(OutboxDelivery delivery, IOutboxTransport transport, int maxAttempts = 5) =>
        new(delivery, transport, Options.Create(new OutboxSenderOptions { MaxAttempts = maxAttempts, RetryDelaysSeconds = [0], BatchSize = 50 }), NullLogger<OutboxSender>.Instance);

    private static async Task<(OutboxRepository Outbox, OutboxDelivery Delivery, Npgsql.NpgsqlDataSource DataSource)> CreateAsync()
    {
        var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        return (new OutboxRepository(dataSource), new OutboxDelivery(dataSource), dataSource);
    }

    private static async Task RunUntilQuietAsync(params OutboxSender[] senders)
    {
        for (var i = 0; i < 100; i++)
        {
            var attempted = await Task.WhenAll(senders.Select(s => Task.Run(() => s.RunOnceAsync(CancellationToken.None))));
            if (attempted.Sum() == 0) return;
        }
    }

    [Fact]
    public async Task RunOnceAsync_RetryableErrorsThenRecovery_DeliveredExactlyOnce()
    {
        var (outbox, delivery, dataSource) = await CreateAsync();
        await using var _ = dataSource;
        await outbox.TryEnqueueAsync(new("reply-1", "app_message", "wangwei", "{}"));
        var transport = new ScriptedTransport();
        transport.Script["reply-1"] = new([DeliveryResult.Retry(-1, "系统繁忙"), DeliveryResult.Retry(45009, "api freq out of limit"), DeliveryResult.Retry(null, "HttpRequestException: connection refused")]);

        await RunUntilQuietAsync(Sender(delivery, transport));

        Assert.Equal(1, transport.Deliveries["reply-1"]);
        var row = await outbox.GetByKeyAsync("reply-1");
        Assert.Equal("sent", row!.State);
        Assert.Equal(4, row.Attempts);
    }

    [Fact]
    public async Task RunOnceAsync_PermanentError_MarkedFailedWithErrcodeAndNotRetried()
    {
        var (outbox, delivery, dataSource) = await CreateAsync();
        await using var _ = dataSource;
        await outbox.TryEnqueueAsync(new("reply-2", "group_robot", "bad-key", "{}"));
        var transport = new ScriptedTransport();
        transport.Script["reply-2"] = new([DeliveryResult.Fail(93000, "invalid webhook url")]);

        await RunUntilQuietAsync(Sender(delivery, transport));

        var failed = Assert.Single(await delivery.ListFailedAsync());
        Assert.Equal(93000, failed.LastErrcode);
        Assert.Equal(1, failed.Attempts);
        Assert.False(transport.Deliveries.ContainsKey("reply-2"));
    }

    [Fact]
    public async Task RunOnceAsync_RetriesExhausted_MarkedFailedAfterBound()
    {
        var (outbox, delivery, dataSource) = await CreateAsync();
        await using var _ = dataSource;
        await outbox.TryEnqueueAsync(new("reply-3", "app_message", "lina", "{}"));
        var transport = new ScriptedTransport();
        transport.Script["reply-3"] = new(Enumerable.Repeat(DeliveryResult.Retry(-1, "系统繁忙"), 10));

        await RunUntilQuietAsync(Sender(delivery, transport, maxAttempts: 3));

        var failed = Assert.Single(await delivery.ListFailedAsync());
        Assert.Equal(3, failed.Attempts);
        Assert.Equal(-1, failed.LastErrcode);
    }

    [Fact]
    public async Task RunOnceAsync_ThirtyRepliesToOneRobot_TwentySentNowRestDeferredToNextMinute()
    {
        var (outbox, delivery, dataSource) = await CreateAsync();
        await using var _ = dataSource;
        for (var i = 0; i < 30; i++)
            await outbox.TryEnqueueAsync(new($"robot-{i}", "group_robot", "key-east", "{}", OutboxSender.RobotRatePrefix + "key-east"));
        await outbox.TryEnqueueAsync(new("other-group", "group_robot", "key-west", "{}", OutboxSender.RobotRatePrefix + "key-west"));
        var transport = new ScriptedTransport();

        await RunUntilQuietAsync(Sender(delivery, transport), Sender(delivery, transport));

        Assert.Equal(21, transport.Deliveries.Count);
        Assert.True(transport.Deliveries.ContainsKey("other-group"));
        Assert.All(transport.Deliveries.Values, n => Assert.Equal(1, n));
        await using var connection = await dataSource.OpenConnectionAsync();
        var deferred = (await connection.QueryAsync<(string Key, double WaitSeconds)>(
            "select idempotency_key, extract(epoch from next_attempt_at - now())::float8 from outbox_message where state = 'pending'")).ToList();
        Assert.Equal(10, deferred.Count);
        Assert.All(deferred, d => Assert.InRange(d.WaitSeconds, 45, 61)); // not dropped: waiting for a free slot
    }

    [Fact]
    public async Task RunOnceAsync_TwoSendersOnManyRows_EachRowDeliveredOnce()
    {
        var (outbox, delivery, dataSource) = await CreateAsync();
        await using var _ = dataSource;
        for (var i = 0; i < 300; i++) await outbox.TryEnqueueAsync(new($"m-{i}", "app_message", $"user{i % 40}", "{}"));
        var transport = new ScriptedTransport();

        await RunUntilQuietAsync(Sender(delivery, transport), Sender(delivery, transport));

        Assert.Equal(300, transport.Deliveries.Count);
        Assert.All(transport.Deliveries.Values, n => Assert.Equal(1, n));
        Assert.Equal(300, (await delivery.CountByStateAsync())["sent"]);
    }

    [Fact]
    public async Task ClaimAsync_SenderCrashedHoldingLease_RowTakenOverAfterLeaseAndStaleSettleIgnored()
    {
        var (outbox, delivery, dataSource) = await CreateAsync();
        await using var _ = dataSource;
        await outbox.TryEnqueueAsync(new("crash-1", "app_message", "zhaogang", "{}"));
        // The lease is long enough that the immediate re-claim below sees it held even on a loaded machine.
        var crashed = Assert.Single(await delivery.ClaimAsync(10, TimeSpan.FromSeconds(3), [], CancellationToken.None));

        Assert.Empty(await delivery.ClaimAsync(10, TimeSpan.FromSeconds(60), [], CancellationToken.None)); // still leased
        await Task.Delay(TimeSpan.FromSeconds(3.2));
        var takenOver = Assert.Single(await delivery.ClaimAsync(10, TimeSpan.FromSeconds(60), [], CancellationToken.None));

        Assert.Equal(crashed.Message.Id, takenOver.Message.Id);
        Assert.Equal(2, takenOver.Message.Attempts);
        Assert.False(await delivery.MarkSentAsync(crashed.Message.Id, crashed.Message.Attempts, null)); // the old attempt cannot settle it
        Assert.True(await delivery.MarkSentAsync(takenOver.Message.Id, takenOver.Message.Attempts, null));
    }

    [Fact]
    public async Task RunOnceAsync_ExpiredLease_TakenOverAtTheNextExpiredLeaseCheckWhileDueRowsGoEveryRound()
    {
        var (outbox, delivery, dataSource) = await CreateAsync();
        await using var _ = dataSource;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var transport = new ScriptedTransport();
        var sender = new OutboxSender(delivery, transport,
            Options.Create(new OutboxSenderOptions { RetryDelaysSeconds = [0], ExpiredLeaseCheckSeconds = 5 }), NullLogger<OutboxSender>.Instance, clock);
        Assert.Equal(0, await sender.RunOnceAsync(CancellationToken.None)); // the first round looks for expired leases too (none yet)

        // A crashed sender's row: leased for 1 s, never settled.
        await outbox.TryEnqueueAsync(new("crashed", "app_message", "zhaogang", "{}"));
        Assert.Single(await delivery.ClaimAsync(10, TimeSpan.FromSeconds(1), [], CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await outbox.TryEnqueueAsync(new("fresh", "app_message", "wangwei", "{}"));

        // Within the interval only due pending rows are looked for: the fresh row goes, the expired lease waits.
        Assert.Equal(1, await sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await sender.RunOnceAsync(CancellationToken.None));
        Assert.False(transport.Deliveries.ContainsKey("crashed"));

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, transport.Deliveries["crashed"]);
        Assert.Equal(1, transport.Deliveries["fresh"]);
        Assert.Equal(2, (await delivery.CountByStateAsync())["sent"]);
    }

    /// <summary>
    /// WeCom accepts the message, then the database is unreachable for ~1.5 s (connections cut and refused, as during a
    /// PostgreSQL restart) exactly when the sender marks the row sent. Before the fix the mark was lost, the row stayed
    /// 'sending' and went out again after its lease (scripts/faults/restart-postgres.sh saw a reply sent twice).
    /// </summary>
    [Fact]
    public async Task RunOnceAsync_DatabaseDownWhenMarkingSent_MarkRetriedRowSentOnce()
    {
        var connectionString = await TestDatabase.CreateMigratedAsync();
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var dataSource = TestDatabase.OpenDataSource(connectionString);
        var outbox = new OutboxRepository(dataSource);
        await outbox.TryEnqueueAsync(new("reply-db-down", "app_message", "wangwei", "{}"));
        Task? reopen = null;
        var transport = new DatabaseOutageTransport(async () =>
        {
            await using var c = new Npgsql.NpgsqlConnection(admin);
            await c.OpenAsync();
            await c.ExecuteAsync($"alter database \"{database}\" with allow_connections false");
            await c.ExecuteAsync("select pg_terminate_backend(pid) from pg_stat_activity where datname = @database", new { database });
            reopen = Task.Run(async () =>
            {
                await Task.Delay(1500);
                await using var r = new Npgsql.NpgsqlConnection(admin);
                await r.OpenAsync();
                await r.ExecuteAsync($"alter database \"{database}\" with allow_connections true");
            });
        });
        var sender = new OutboxSender(new OutboxDelivery(dataSource), transport,
            Options.Create(new OutboxSenderOptions { LeaseSeconds = 30, RetryDelaysSeconds = [0] }), NullLogger<OutboxSender>.Instance);

        await sender.RunOnceAsync(CancellationToken.None);
        await reopen!;

        var row = await outbox.GetByKeyAsync("reply-db-down");
        Assert.Equal("sent", row!.State);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(1, transport.Deliveries);
    }

    /// <summary>Delivers (counts) and, on the first delivery, takes the database away before answering.</summary>
    private sealed class DatabaseOutageTransport(Func<Task> takeDatabaseAway) : IOutboxTransport
    {
        public int Deliveries;

        public async Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref Deliveries) == 1) await takeDatabaseAway();
            return DeliveryResult.Sent("{\"errcode\":0}");
        }
    }

    [Fact]
    public async Task RunOnceAsync_Lanes_ReplyLaneNeverClaimsMemberRowsAndMemberLaneOnlyThem()
    {
        var (outbox, delivery, dataSource) = await CreateAsync();
        await using var _ = dataSource;
        // 40 notices for one member (30 allowed per minute) queued before a resident's reply.
        for (var i = 0; i < 40; i++)
            await outbox.TryEnqueueAsync(new($"notice-{i}", "app_message", "wangwei", "{}", OutboxSender.MemberRatePrefix + "wangwei"));
        await outbox.TryEnqueueAsync(new("reply-late", "aibot_response", "wrChat", "{}"));
        var transport = new ScriptedTransport();
        var sender = Sender(delivery, transport);

        Assert.Equal(1, await sender.RunOnceAsync(CancellationToken.None, OutboxSender.ReplyLane));
        Assert.Equal(["reply-late"], transport.Deliveries.Keys);

        Assert.Equal(30, await sender.RunOnceAsync(CancellationToken.None, OutboxSender.MemberLane)); // the rate limit holds
        Assert.Equal(0, await sender.RunOnceAsync(CancellationToken.None, OutboxSender.MemberLane)); // the rest deferred, not due
        Assert.Equal(31, transport.Deliveries.Count);
        Assert.Equal(10, (await delivery.CountByStateAsync())["pending"]);
    }
}
