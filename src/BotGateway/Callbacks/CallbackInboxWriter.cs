using GridLine.Storage;
using GridLine.WeCom.Callbacks;

namespace GridLine.BotGateway.Callbacks;

/// <summary>
/// Stores an accepted callback in the inbox once (committed before the caller answers; written by group commit, see
/// <see cref="InboxBatchWriter"/>); a repeat is counted and otherwise ignored.
/// </summary>
internal sealed class CallbackInboxWriter(InboxBatchWriter inbox, CallbackMetrics metrics)
{
    // A slow database must not hold WeCom's 5-second window; past this the answer is 503 and WeCom retries.
    private static readonly TimeSpan InsertTimeout = TimeSpan.FromSeconds(4);

    public Task StoreAsync(string source, WeComCallback callback, string payloadJson, CancellationToken cancellationToken)
        => StoreAsync(new NewInboxMessage(source, callback.DedupeKey, callback.Kind, callback.ChatId, callback.SenderId, payloadJson), cancellationToken);

    public async Task StoreAsync(NewInboxMessage message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InsertTimeout);
        if (await inbox.TryInsertAsync(message, timeout.Token)) metrics.Accepted(message.Source);
        else metrics.Duplicate(message.Source);
    }
}
