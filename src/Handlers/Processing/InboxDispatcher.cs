using System.Diagnostics.Metrics;
using GridLine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridLine.Handlers.Processing;

/// <summary>
/// Moves inbox rows to their handlers after the acknowledgement. Rows are hashed by chat into partitions; a worker
/// takes the advisory locks of a share of the partitions with due rows, claims their rows in arrival order (<c>FOR UPDATE SKIP LOCKED</c>) and handles them in
/// groups of at most one row per chat, each group in one transaction (one commit for many rows; a group with a failing
/// row is rolled back and its rows handled one per transaction), so order within a chat holds across any number of
/// instances. A row that keeps
/// failing is retried with backoff and then quarantined, holding back only its own chat meanwhile.
/// </summary>
public sealed class InboxDispatcher(
    NpgsqlDataSource dataSource,
    InboxRepository inbox,
    IServiceScopeFactory scopes,
    IOptions<InboxDispatcherOptions> options,
    ILogger<InboxDispatcher> logger) : BackgroundService
{
    private static readonly Meter Meter = new("GridLine.Inbox");
    private static readonly Counter<long> Processed = Meter.CreateCounter<long>("gridline_inbox_processed_total");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>("gridline_inbox_failed_total");
    private static readonly Counter<long> GroupRetried = Meter.CreateCounter<long>("gridline_inbox_group_retried_total");
    private int _nextPartition;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var loops = Enumerable.Range(0, options.Value.Workers).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken));
        await Task.WhenAll(loops);
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var idle = TimeSpan.FromMilliseconds(options.Value.IdlePollMilliseconds);
        var gather = TimeSpan.FromMilliseconds(options.Value.GatherMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = await RunOnceAsync(stoppingToken);
                if (handled == 0) await Task.Delay(idle, stoppingToken);
                // A round that could not fill one transaction: let a few more rows arrive, so that the next round
                // shares its per-round statements and its commit among more rows (costs at most this much latency).
                else if (handled < options.Value.TransactionBatchSize && gather > TimeSpan.Zero) await Task.Delay(gather, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Database down or similar: nothing is lost (rows stay 'new'); wait and try again.
                logger.LogWarning("Inbox dispatcher round failed: {Reason}", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { });
            }
        }
    }

    /// <summary>
    /// One round: lock a share of the partitions that have due rows, claim their rows in one statement, handle them in
    /// groups, release the locks. Returns the number of rows handled.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        // Only partitions with due rows (one statement; it doubles as the idle check). The rotating start and the share
        // (the due partitions divided among this process's loops) spread concurrent workers over different partitions.
        var due = await inbox.ListDuePartitionsAsync(cancellationToken);
        if (due.Count == 0) return 0;
        var start = Interlocked.Increment(ref _nextPartition);
        var candidates = Enumerable.Range(0, due.Count).Select(i => due[(int)((uint)(start + i) % due.Count)]).ToList();
        var share = Math.Max(1, (due.Count + options.Value.Workers - 1) / options.Value.Workers);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var locked = await InboxRepository.TryLockPartitionsAsync(connection, candidates, share, cancellationToken);
        if (locked.Length == 0) return 0;
        try
        {
            // No transaction around the claim: the partition locks are what keeps two workers off the same rows.
            var batch = await InboxRepository.ClaimBatchAsync(connection, locked, options.Value.BatchSize, cancellationToken);
            // Rows go in groups of at most one per chat (a later row of a chat waits for the next group, so order within
            // a chat holds, and no row depends on an uncommitted row of its own chat); each group shares one transaction.
            var blockedChats = new HashSet<string>(StringComparer.Ordinal);
            var handled = 0;
            var remaining = batch;
            while (remaining.Count > 0)
            {
                var group = new List<InboxMessage>();
                var inGroup = new HashSet<string>(StringComparer.Ordinal);
                var later = new List<InboxMessage>();
                foreach (var message in remaining)
                {
                    var chatKey = ChatKey(message);
                    if (blockedChats.Contains(chatKey)) continue; // keep order: a later message waits for the failed one
                    if (group.Count < options.Value.TransactionBatchSize && inGroup.Add(chatKey)) group.Add(message);
                    else later.Add(message);
                }
                if (group.Count == 0) break;
                handled += await HandleGroupAsync(connection, group, blockedChats, cancellationToken);
                remaining = later;
            }
            return handled;
        }
        finally
        {
            try { await InboxRepository.UnlockPartitionsAsync(connection, locked); }
            catch (NpgsqlException) { // the session is gone, and its locks with it
            }
        }
    }

    private static string ChatKey(InboxMessage message) => message.ChatId ?? "u:" + message.SenderId;

    /// <summary>Handles a group in one transaction; on any failure rolls it back and handles its rows one by one.</summary>
    private async Task<int> HandleGroupAsync(NpgsqlConnection connection, List<InboxMessage> group, HashSet<string> blockedChats, CancellationToken cancellationToken)
    {
        if (group.Count > 1 && await TryHandleTogetherAsync(connection, group, cancellationToken)) return group.Count;
        var handled = 0;
        foreach (var message in group)
        {
            if (blockedChats.Contains(ChatKey(message))) continue;
            if (await HandleOneAsync(connection, message, cancellationToken)) handled++;
            else blockedChats.Add(ChatKey(message));
        }
        return handled;
    }

    /// <summary>All rows of the group and their done marks in one transaction; false (nothing applied) if any of it failed.</summary>
    private async Task<bool> TryHandleTogetherAsync(NpgsqlConnection connection, List<InboxMessage> group, CancellationToken cancellationToken)
    {
        var scopesInUse = new List<AsyncServiceScope>(group.Count);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var message in group)
            {
                var scope = scopes.CreateAsyncScope();
                scopesInUse.Add(scope);
                await scope.ServiceProvider.GetRequiredService<IInboxHandler>().HandleAsync(message, connection, tx, cancellationToken);
            }
            // Fewer marked than handled: another worker finished some meanwhile; the one-by-one path sorts it out.
            if (await InboxRepository.MarkDoneAsync(connection, tx, group.Select(m => m.Id).ToArray(), cancellationToken) != group.Count) return false;
            await tx.CommitAsync(cancellationToken);
            Processed.Add(group.Count);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not NpgsqlException { IsTransient: true })
        {
            GroupRetried.Add(1);
            logger.LogDebug("A group of {Count} inbox rows failed ({Reason}); handling them one by one", group.Count, ex.Message);
            return false;
        }
        finally
        {
            foreach (var scope in scopesInUse) await scope.DisposeAsync();
        }
    }

    private async Task<bool> HandleOneAsync(NpgsqlConnection connection, InboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<IInboxHandler>();
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await handler.HandleAsync(message, connection, tx, cancellationToken);
            if (!await InboxRepository.MarkDoneAsync(connection, tx, message.Id, cancellationToken))
            {
                await tx.RollbackAsync(cancellationToken); // someone else finished it: do not apply twice
                return true;
            }
            await tx.CommitAsync(cancellationToken);
            Processed.Add(1);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Failed.Add(1);
            var delay = TimeSpan.FromMilliseconds(options.Value.RetryBaseMilliseconds * Math.Pow(2, Math.Min(message.Attempts, 10)));
            var state = await InboxRepository.RecordFailureAsync(connection, message.Id, $"{ex.GetType().Name}: {ex.Message}", options.Value.MaxAttempts, delay, cancellationToken);
            if (state == "quarantined")
                logger.LogError("Inbox message {Id} ({Kind}) quarantined after {Attempts} attempts: {Reason}", message.Id, message.Kind, message.Attempts + 1, ex.Message);
            else
                logger.LogWarning("Inbox message {Id} ({Kind}) failed attempt {Attempt}; retry in {Delay}: {Reason}", message.Id, message.Kind, message.Attempts + 1, delay, ex.Message);
            return false;
        }
    }
}
