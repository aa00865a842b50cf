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
}
