using System.Diagnostics.Metrics;
using GridLine.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Processing;

/// <summary>
/// Delivers outbox rows. Rows are leased before sending and settled after, each settle guarded by the attempt number,
/// so a sender that lost its lease cannot overwrite the newer attempt. Rate limits defer rows (never drop them);
/// retryable errors back off from seconds to minutes; permanent errors and exhausted retries mark the row failed
/// with its errcode for admins.
/// </summary>
public sealed class OutboxSender(OutboxDelivery delivery, IOutboxTransport transport, IOptions<OutboxSenderOptions> options, ILogger<OutboxSender> logger,
    TimeProvider? timeProvider = null) : BackgroundService
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    // Per lane (null key: all rows): when the next round also looks for expired leases.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _nextExpiredCheck = new();
    // Lanes whose last round claimed rows: their next round claims at once, without the idle check first.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _busy = new();

    /// <summary>Rate-key prefixes written by the code that enqueues messages.</summary>
    public const string RobotRatePrefix = "robot:";
    public const string MemberRatePrefix = OutboxDelivery.MemberLanePrefix;

    private static readonly Meter Meter = new("GridLine.Outbox");
    private static readonly Counter<long> SentCounter = Meter.CreateCounter<long>("gridline_outbox_sent_total");
    private static readonly Counter<long> FailedCounter = Meter.CreateCounter<long>("gridline_outbox_failed_total");
    private static readonly Counter<long> RetryCounter = Meter.CreateCounter<long>("gridline_outbox_retry_total");

    private IReadOnlyList<RateLimit> Limits =>
    [
        new(RobotRatePrefix, options.Value.GroupRobotPerMinute, TimeSpan.FromSeconds(options.Value.GroupRobotWindowSeconds)),
        new(MemberRatePrefix, options.Value.MemberPerMinute, TimeSpan.FromMinutes(1)),
    ];

    /// <summary>Member app messages: WeCom allows 30 a minute per member, so under load most of these wait.</summary>
    public static readonly OutboxLane MemberLane = new(MemberRatePrefix, Matching: true);

    /// <summary>Everything else: replies in groups (response_url, group robot, appchat) and other channels.</summary>
    public static readonly OutboxLane ReplyLane = new(MemberRatePrefix, Matching: false);

    // Two loops: a member's deferred notices (and their per-member rate checks) never sit in a claim batch ahead of a
    // resident's reply. The member loop idles longer: its rows are paced by the per-minute limit anyway.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        await Task.WhenAll(
            Task.Run(() => LoopAsync(ReplyLane, options.Value.IdlePollMilliseconds, stoppingToken), stoppingToken),
            Task.Run(() => LoopAsync(MemberLane, options.Value.MemberIdlePollMilliseconds, stoppingToken), stoppingToken));
    }

    private async Task LoopAsync(OutboxLane lane, int idleMilliseconds, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken, lane) == 0)
                    await Task.Delay(idleMilliseconds, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Outbox round failed: {Reason}", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { });
            }
        }
    }

    /// <summary>One claim-and-send round over one lane (null: all rows); returns the number of rows attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken, OutboxLane? lane = null)
    {
        var expiredLeases = ExpiredLeaseCheckDue(lane);
        // The idle check is the cheap answer for a quiet lane; a lane that just had work claims directly (under load the
        // check cost as much as the claim, 7.7 ms a call late in a 10-minute run at 1,000 messages/s, and answered "yes").
        var key = LaneKey(lane);
        if (!_busy.GetValueOrDefault(key) && !await delivery.HasDueWorkAsync(cancellationToken, lane, expiredLeases)) return 0;
        var claimed = await delivery.ClaimAsync(options.Value.BatchSize, TimeSpan.FromSeconds(options.Value.LeaseSeconds), Limits, cancellationToken, lane, expiredLeases);
        _busy[key] = claimed.Count > 0;
        // Rows for one target go out one after another, in order; different targets in parallel.
        var lanes = claimed.GroupBy(c => c.RateKey ?? c.Message.Channel + ":" + c.Message.Target);
        await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (lane, ct) =>
            {
                foreach (var (message, _) in lane) await SendOneAsync(message, ct);
            });
        return claimed.Count;
    }

    private static string LaneKey(OutboxLane? lane) => lane is null ? "*" : lane.RateKeyPrefix + (lane.Matching ? "+" : "-");

    /// <summary>True at most once per <c>ExpiredLeaseCheckSeconds</c> per lane (always when it is 0).</summary>
    private bool ExpiredLeaseCheckDue(OutboxLane? lane)
    {
        if (options.Value.ExpiredLeaseCheckSeconds == 0) return true;
        var key = LaneKey(lane);
        var now = _time.GetUtcNow();
        if (_nextExpiredCheck.TryGetValue(key, out var next) && now < next) return false;
        _nextExpiredCheck[key] = now.AddSeconds(options.Value.ExpiredLeaseCheckSeconds);
        return true;
    }

    /// <summary>
    /// WeCom has accepted the message: the 'sent' mark must not be lost to a database blip, or the row is sent again
    /// once its lease expires (found by scripts/faults/restart-postgres.sh: a reply and an app message sent twice).
    /// The update is idempotent (guarded by the attempt number), so it is retried with backoff for up to the lease;
    /// only then — or at shutdown — does the row fall back to being re-sent after the lease.
    /// </summary>
    private async Task<bool> MarkSentDurablyAsync(OutboxMessage message, string? response, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(options.Value.LeaseSeconds);
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await delivery.MarkSentAsync(message.Id, message.Attempts, response, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && DateTimeOffset.UtcNow + delay < deadline && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Outbox {Id}: delivered but could not be marked sent ({Error}); retrying in {Delay}", message.Id, ex.GetType().Name, delay);
            }
            try { await Task.Delay(delay, cancellationToken); }
            catch (OperationCanceledException) { return await delivery.MarkSentAsync(message.Id, message.Attempts, response, CancellationToken.None); }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    private async Task SendOneAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        DeliveryResult result;
        try
        {
            result = await transport.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            result = DeliveryResult.Retry(null, $"{ex.GetType().Name}: {ex.Message}");
        }

        switch (result.Outcome)
        {
            case DeliveryOutcome.Sent:
                if (await MarkSentDurablyAsync(message, result.Response, cancellationToken)) SentCounter.Add(1);
                else logger.LogWarning("Outbox {Id}: lease lost before it could be marked sent", message.Id);
                break;
            case DeliveryOutcome.Retryable when message.Attempts < options.Value.MaxAttempts:
                var delays = options.Value.RetryDelaysSeconds;
                var delay = TimeSpan.FromSeconds(delays.Length == 0 ? 30 : delays[Math.Min(message.Attempts - 1, delays.Length - 1)]);
                RetryCounter.Add(1);
                logger.LogInformation("Outbox {Id} ({Channel}) attempt {Attempt} failed (errcode {Errcode}); retry in {Delay}", message.Id, message.Channel, message.Attempts, result.Errcode, delay);
                await delivery.RescheduleAsync(message.Id, message.Attempts, result.Errcode, result.Error ?? "", delay, CancellationToken.None);
                break;
            default:
                FailedCounter.Add(1);
                logger.LogError("Outbox {Id} ({Channel}) failed after {Attempts} attempts: errcode {Errcode} {Error}", message.Id, message.Channel, message.Attempts, result.Errcode, result.Error);
                await delivery.MarkFailedAsync(message.Id, message.Attempts, result.Errcode, result.Error ?? "", CancellationToken.None);
                break;
        }
    }
}
