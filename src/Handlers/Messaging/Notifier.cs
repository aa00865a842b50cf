using System.Text.Json;
using GridLine.Handlers.Processing;
using GridLine.Storage;
using Npgsql;

namespace GridLine.Handlers.Messaging;

/// <summary>
/// Writes outbound messages into the outbox inside the caller's transaction, so a message exists if and only if the
/// state change that caused it committed. The idempotency key makes a re-run of the same step a no-op.
/// Nothing is sent here; the outbox sender delivers later.
/// </summary>
public sealed class Notifier(ChatGroupRepository chatGroups)
{
    /// <summary>Idempotency keys of replies to an inbound message start with this, then the inbox id ("in:{id}:{step}").</summary>
    public const string InboundReplyKeyPrefix = "in:";

    /// <summary>The idempotency key of the reply a step gives to inbox message <paramref name="inboxId"/>.</summary>
    public static string InboundReplyKey(long inboxId, string step) => $"{InboundReplyKeyPrefix}{inboxId}:{step}";

    /// <summary>Queues a message into a chat group, @-mentioning <paramref name="mentions"/> (userids, never names).</summary>
    public async Task<bool> ToGroupAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string idempotencyKey, string chatId,
        string text, IReadOnlyList<string> mentions, string? responseUrl = null, CancellationToken cancellationToken = default) =>
        await OutboxRepository.TryEnqueueAsync(connection, transaction,
            await GroupMessageAsync(idempotencyKey, chatId, text, mentions, responseUrl, cancellationToken), cancellationToken);

    /// <summary>The outbox row <see cref="ToGroupAsync"/> writes, for callers that write a step's rows together.</summary>
    public async Task<NewOutboxMessage> GroupMessageAsync(string idempotencyKey, string chatId, string text, IReadOnlyList<string> mentions,
        string? responseUrl = null, CancellationToken cancellationToken = default)
    {
        var group = await chatGroups.GetByChatIdAsync(chatId, cancellationToken);
        var payload = new GroupPayload(chatId, text, mentions, responseUrl, group?.WebhookKey);
        // Group-robot sends count against the robot's 20-per-minute limit; a response_url reply does not.
        var rateKey = responseUrl is null && group?.WebhookKey is { } key ? OutboxSender.RobotRatePrefix + key : null;
        return new NewOutboxMessage(idempotencyKey, OutboxChannels.Group, chatId, JsonSerializer.Serialize(payload), rateKey);
    }

    /// <summary>Queues an app message (text, optionally a button card) to one staff member.</summary>
    public static Task<bool> ToMemberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string idempotencyKey, string userid,
        string text, MemberCard? card = null, CancellationToken cancellationToken = default) =>
        OutboxRepository.TryEnqueueAsync(connection, transaction, MemberMessage(idempotencyKey, userid, text, card), cancellationToken);

    /// <summary>The outbox row <see cref="ToMemberAsync"/> writes, for callers that write a step's rows together.</summary>
    public static NewOutboxMessage MemberMessage(string idempotencyKey, string userid, string text, MemberCard? card = null) =>
        new(idempotencyKey, OutboxChannels.Member, userid, JsonSerializer.Serialize(new MemberPayload(userid, text, card)), OutboxSender.MemberRatePrefix + userid);
}
