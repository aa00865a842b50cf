using GridLine.Handlers.Messaging;
using GridLine.Storage;
using GridLine.TestSupport;
using GridLine.WeComSandbox;
using GridLine.WeComSandbox.State;
using Xunit.Abstractions;

namespace GridLine.Handlers.Tests.WeComIntegration;

/// <summary>
/// The outbox sender with the WeCom transport against the sandbox over HTTP: WeCom outages, a killed sender, and the group-robot
/// limit. "Delivered" means the sandbox answered errcode 0; each message carries a unique marker so the request log counts it.
/// </summary>
public sealed class OutboxSenderSandboxTests(ITestOutputHelper output)
{
    private const string Chat = "wrGridEast001", RobotKey = "sandbox-webhook-east-001";
    private static readonly string[] Workers = ["zhangwei", "liuna", "sunqiang"]; // corp members the sandbox knows

    private static async Task<(string Database, OutboxDelivery Delivery, Npgsql.NpgsqlDataSource DataSource)> CreateDatabaseAsync()
    {
        var database = await TestDatabase.CreateMigratedAsync();
        var dataSource = TestDatabase.OpenDataSource(database);
        await new ChatGroupRepository(dataSource).UpsertAsync(Chat, "东苑一网格群", null, RobotKey);
        return (database, new OutboxDelivery(dataSource), dataSource);
    }

    /// <summary>A sandbox on a free loopback port (its gateway URL points nowhere: these tests send, they receive no callbacks).</summary>
    private static Task<SandboxHost> StartSandboxAsync(Action<SandboxOptions>? configure = null) =>
        SandboxApp.StartAsync($"http://127.0.0.1:{FreePort.Next()}", o =>
        {
            o.GatewayUrl = $"http://127.0.0.1:{FreePort.Next()}";
            configure?.Invoke(o);
        });

    /// <summary>Group replies first, then member messages (so one claim batch holds both).</summary>
    private static async Task EnqueueAsync(Npgsql.NpgsqlDataSource dataSource, int members, int groups, string run)
    {
        var notifier = new Notifier(new ChatGroupRepository(dataSource));
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        for (var i = 0; i < groups; i++)
            await notifier.ToGroupAsync(connection, tx, $"{run}-g{i}", Chat, $"回复 {run}-g{i}#", ["resident-1"]);
        for (var i = 0; i < members; i++)
            await Notifier.ToMemberAsync(connection, tx, $"{run}-m{i}", Workers[i % Workers.Length], $"提醒 {run}-m{i}#");
        await tx.CommitAsync();
    }

    /// <summary>Successful deliveries per message marker (a repeat WeCom's duplicate check dropped reached nobody).</summary>
    private static async Task<Dictionary<string, int>> DeliveredAsync(SandboxHost sandbox, string run) =>
        (await sandbox.GetRequestsAsync())
            .Where(r => r.Kind == "api" && r.Status == 200 && r.Errcode == 0 && !r.Duplicate && r.Text is not null && r.Text.Contains(run + "-"))
            .GroupBy(r => r.Text![r.Text!.IndexOf(run + "-", StringComparison.Ordinal)..].Split('#')[0])
            .ToDictionary(g => g.Key, g => g.Count());

    private static async Task WaitUntilAllSentAsync(OutboxDelivery delivery, int total, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var states = await delivery.CountByStateAsync();
            if (states.GetValueOrDefault("sent") == total) return;
            await Task.Delay(100);
        }
        Assert.Fail($"not all sent: {string.Join(", ", (await delivery.CountByStateAsync()).Select(kv => kv.Key + "=" + kv.Value))}");
    }

    [Fact]
    public async Task RunOnceAsync_WeComFailsWithErrcodes500AndTimeoutsThenRecovers_EveryMessageDeliveredExactlyOnce()
    {
        var (database, delivery, dataSource) = await CreateDatabaseAsync();
        await using var _ = dataSource;
        await using var sandbox = await StartSandboxAsync();
        await using var instance = SenderInstance.Create(database, sandbox.ApiBaseUrl);
        await EnqueueAsync(dataSource, members: 30, groups: 10, run: "outage");

        // The outage: system busy, frequency limit, HTTP 500 and hanging requests (longer than the 2 s client timeout), in turn.
        instance.Start();
        foreach (var fault in new[] { new FaultSpec("errcode", -1), new FaultSpec("errcode", 45009), new FaultSpec("http500"), new FaultSpec("timeout", Seconds: 5) })
        {
            await sandbox.SetFaultAsync(fault);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }
        await sandbox.SetFaultAsync(new FaultSpec("none"));
        await WaitUntilAllSentAsync(delivery, 40, TimeSpan.FromSeconds(40));

        var delivered = await DeliveredAsync(sandbox, "outage");
        var refused = (await sandbox.GetRequestsAsync()).Count(r => r.Kind == "api" && (r.Status != 200 || r.Errcode is not (0 or null)));
        output.WriteLine($"delivered {delivered.Count} messages, {delivered.Values.Sum()} deliveries; {refused} failed or aborted requests during the outage");
        Assert.Equal(40, delivered.Count);
        Assert.All(delivered, d => Assert.Equal(1, d.Value));
        Assert.True(refused > 0, "the faults were not hit");
    }

    [Fact]
    public async Task RunOnceAsync_SenderKilledMidDeliveryAndRestarted_NoneLostNoneTwice()
    {
        var (database, delivery, dataSource) = await CreateDatabaseAsync();
        await using var _ = dataSource;
        await using var sandbox = await StartSandboxAsync();
        await EnqueueAsync(dataSource, members: 60, groups: 10, run: "kill");

        // WeCom hangs on app messages (longer than the 2 s client timeout) while group-robot replies go through. The sender
        // is killed once all robot replies are marked sent and app messages are in flight, so the kill lands with sends
        // mid-request. It must not land in the instant between WeCom's answer and the 'sent' mark: no sender can close
        // that window (WeCom has no idempotency key); docs/reliability.md describes it, and this test is not about it.
        await sandbox.SetFaultAsync(new FaultSpec("timeout", Seconds: 30, Path: "message/send"));
        var first = SenderInstance.Create(database, sandbox.ApiBaseUrl);
        first.Start();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await delivery.CountByStateAsync()) is var now && !(now.GetValueOrDefault("sent") == 10 && now.GetValueOrDefault("sending") > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "the first sender never had all replies sent and app messages in flight");
            await Task.Delay(20);
        }
        await first.KillAsync();
        await first.DisposeAsync();
        var states = await delivery.CountByStateAsync();
        var deliveredBefore = (await DeliveredAsync(sandbox, "kill")).Count;
        output.WriteLine($"after the kill: {string.Join(", ", states.Select(kv => kv.Key + "=" + kv.Value))}; {deliveredBefore} delivered by the first sender");
        Assert.True(states.GetValueOrDefault("sending") > 0, "nothing was in flight when the sender was killed");
        Assert.Equal(10, deliveredBefore);

        await sandbox.SetFaultAsync(new FaultSpec("none"));
        await using var second = SenderInstance.Create(database, sandbox.ApiBaseUrl);
        second.Start();
        await WaitUntilAllSentAsync(delivery, 70, TimeSpan.FromSeconds(40));

        var delivered = await DeliveredAsync(sandbox, "kill");
        var aborted = (await sandbox.GetRequestsAsync()).Count(r => r.Status == 499);
        output.WriteLine($"delivered {delivered.Count} messages, {delivered.Values.Sum()} deliveries; {aborted} requests aborted by the kill");
        Assert.Equal(70, delivered.Count);
        Assert.All(delivered, d => Assert.Equal(1, d.Value));
    }

    [Fact]
    public async Task RunOnceAsync_HundredRepliesToOneGroup_AllDeliveredNeverMoreThanTwentyPerWindow()
    {
        // The real limit is 20 per 60 s; the window is scaled to 3 s on both sides to keep the test short.
        const int window = 3, limit = 20, total = 100;
        var (database, delivery, dataSource) = await CreateDatabaseAsync();
        await using var _ = dataSource;
        await using var sandbox = await StartSandboxAsync(o => o.WebhookWindowSeconds = window);
        await using var instance = SenderInstance.Create(database, sandbox.ApiBaseUrl, new Dictionary<string, string?> { ["Outbox:GroupRobotWindowSeconds"] = window.ToString() });
        await EnqueueAsync(dataSource, members: 0, groups: total, run: "robot");

        instance.Start();
        await WaitUntilAllSentAsync(delivery, total, TimeSpan.FromSeconds(40));

        var requests = (await sandbox.GetRequestsAsync()).Where(r => r.Path == "/cgi-bin/webhook/send").ToList();
        var sends = requests.Where(r => r.Errcode == 0).Select(r => r.Time).Order().ToList();
        var maxInWindow = sends.Select((t, i) => sends.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(window)).Count()).Max();
        var delivered = await DeliveredAsync(sandbox, "robot");
        output.WriteLine($"{sends.Count} sends over {(sends[^1] - sends[0]).TotalSeconds:0.0} s; at most {maxInWindow} in any {window} s; {requests.Count(r => r.Errcode == 45009)} answered 45009");
        Assert.Equal(total, delivered.Count);
        Assert.All(delivered, d => Assert.Equal(1, d.Value));
        Assert.True(maxInWindow <= limit, $"{maxInWindow} sends within {window} s");
        Assert.DoesNotContain(requests, r => r.Errcode == 45009); // the sender's own limiter kept below WeCom's
    }

    [Fact]
    public async Task RunOnceAsync_AppMessagesSentAgainAfterTheSentMarkWasLost_WeComDropsTheRepeatsButRepliesGoAgain()
    {
        // The window no sender closes: WeCom answered, then the process died before the 'sent' mark, so the row is sent again.
        // For app messages the transport asks WeCom's duplicate check to drop the repeat (enable_duplicate_check); a reply to
        // the member's own message (key "in:…") is not checked, so it arrives twice.
        var (database, delivery, dataSource) = await CreateDatabaseAsync();
        await using var _ = dataSource;
        await using var sandbox = await StartSandboxAsync();
        await EnqueueAsync(dataSource, members: 6, groups: 0, run: "mark");
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await Notifier.ToMemberAsync(connection, tx, Notifier.InboundReplyKey(42, "reply"), Workers[0], "回复 mark-reply#");
            await tx.CommitAsync();
        }
        await using var instance = SenderInstance.Create(database, sandbox.ApiBaseUrl);
        var outbox = new OutboxRepository(dataSource);
        foreach (var key in Enumerable.Range(0, 6).Select(i => $"mark-m{i}").Append(Notifier.InboundReplyKey(42, "reply")))
        {
            var row = (await outbox.GetByKeyAsync(key))!;
            Assert.Equal(GridLine.Handlers.Processing.DeliveryOutcome.Sent, (await instance.Transport.SendAsync(row, CancellationToken.None)).Outcome); // answered, never marked
        }
        Assert.All(await DeliveredAsync(sandbox, "mark"), d => Assert.Equal(1, d.Value));

        instance.Start();
        await WaitUntilAllSentAsync(delivery, 7, TimeSpan.FromSeconds(30));

        var requests = (await sandbox.GetRequestsAsync()).Where(r => r.Path == "/cgi-bin/message/send" && r.Text?.Contains("mark-") == true).ToList();
        var delivered = await DeliveredAsync(sandbox, "mark");
        output.WriteLine($"{requests.Count} message/send requests, {requests.Count(r => r.Duplicate)} dropped as repeats; deliveries {string.Join(", ", delivered.Select(d => d.Key + "=" + d.Value))}");
        Assert.Equal(14, requests.Count);                                    // every row went to WeCom twice
        Assert.Equal(7, delivered.Count);
        Assert.All(delivered.Where(d => d.Key != "mark-reply"), d => Assert.Equal(1, d.Value));
        Assert.Equal(2, delivered["mark-reply"]);
        Assert.All(requests.Where(r => !r.Text!.Contains("mark-reply")), r => Assert.Contains("\"enable_duplicate_check\":1", r.Body));
        Assert.All(requests.Where(r => r.Text!.Contains("mark-reply")), r => Assert.DoesNotContain("enable_duplicate_check\":1", r.Body));
    }
}
