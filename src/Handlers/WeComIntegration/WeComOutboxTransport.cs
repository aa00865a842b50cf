using System.Text.Json;
using System.Text.Json.Nodes;
using GridLine.Handlers.Messaging;
using GridLine.Handlers.Processing;
using GridLine.Storage;
using GridLine.WeCom;
using GridLine.WeCom.Api;
using GridLine.WeCom.Api.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.WeComIntegration;

/// <summary>
/// Delivers outbox rows through the WeCom API. Group messages go to the AI bot's response_url when the row has one
/// (it quotes the resident's message) and otherwise, or when WeCom refuses the response_url (used or expired), to the
/// group robot. Errcodes decide retry versus give up; the message text itself is never logged.
/// </summary>
public sealed class WeComOutboxTransport(IWeComApiClient client, IOptions<MessagingOptions> messaging, IOptions<WeComOptions> wecom,
    ILogger<WeComOutboxTransport> logger) : IOutboxTransport
{
    public async Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return message.Channel switch
            {
                OutboxChannels.Group => await SendGroupAsync(JsonSerializer.Deserialize<GroupPayload>(message.Payload)!, cancellationToken),
                OutboxChannels.Member => await SendMemberAsync(JsonSerializer.Deserialize<MemberPayload>(message.Payload)!,
                    !message.IdempotencyKey.StartsWith(Notifier.InboundReplyKeyPrefix, StringComparison.Ordinal), cancellationToken),
                _ => DeliveryResult.Fail(null, $"unknown outbox channel '{message.Channel}'"),
            };
        }
        catch (WeComApiException ex)
        {
            var error = $"{ex.Api}: {ex.Errmsg}";
            return ex.IsRetryable ? DeliveryResult.Retry(ex.Errcode, error) : DeliveryResult.Fail(ex.Errcode, error);
        }
        catch (JsonException ex)
        {
            return DeliveryResult.Fail(null, $"malformed outbox payload: {ex.Message}");
        }
    }

    private async Task<DeliveryResult> SendGroupAsync(GroupPayload payload, CancellationToken cancellationToken)
    {
        if (payload.ResponseUrl is { Length: > 0 } responseUrl)
        {
            try
            {
                var response = await client.SendAiBotResponseAsync(responseUrl, CgibinAiBotResponseRequest.ForMarkdown(payload.Text), cancellationToken);
                return DeliveryResult.Sent($"aibot:{response.Errcode}");
            }
            catch (WeComApiException ex) when (!ex.IsRetryable && payload.WebhookKey is not null)
            {
                logger.LogInformation("response_url refused (errcode {Errcode}); falling back to the group robot of {ChatId}", ex.Errcode, payload.ChatId);
            }
        }
        if (payload.WebhookKey is not { Length: > 0 } key)
            return DeliveryResult.Fail(null, $"群 {payload.ChatId} 未配置群机器人（chat_group.webhook_key），无法在群内回复");
        var sent = await client.SendWebhookAsync(key, CgibinWebhookSendRequest.ForText(payload.Text, payload.Mentions), cancellationToken);
        return DeliveryResult.Sent($"robot:{sent.Errcode}");
    }

    private async Task<DeliveryResult> SendMemberAsync(MemberPayload payload, bool dropRepeats, CancellationToken cancellationToken)
    {
        var app = AppName();
        if (app is null) return DeliveryResult.Fail(null, "no WeCom app configured for member messages (WeCom:Apps)");
        var request = payload.Card is { } card
            ? CgibinMessageSendRequest.ForTemplateCard(payload.Userid, ToTemplateCard(card, payload.Text))
            : CgibinMessageSendRequest.ForText(payload.Userid, payload.Text);
        // Notifications, reminders, cards and digests name their order or period, so an identical one within the interval is
        // a repeat of the same row (a retry after a crash between WeCom's answer and the 'sent' mark): WeCom drops it. A reply
        // to the member's own message is not checked: asking the same thing twice gets the same answer twice.
        if (dropRepeats && messaging.Value.DuplicateCheckSeconds > 0)
            request = request with { EnableDuplicateCheck = 1, DuplicateCheckInterval = messaging.Value.DuplicateCheckSeconds };
        var response = await client.SendMessageAsync(app, request, cancellationToken);
        // WeCom answers 0 even when the recipient is invalid, listing it in invaliduser: that message went nowhere.
        if (!string.IsNullOrEmpty(response.InvalidUser))
            return DeliveryResult.Fail(81013, $"invalid user: {response.InvalidUser}");
        return DeliveryResult.Sent($"msgid:{response.MsgId}");
    }

    private string? AppName() =>
        messaging.Value.AppName is { Length: > 0 } name ? name : wecom.Value.Apps.FirstOrDefault(a => !string.IsNullOrEmpty(a.Secret))?.Name;

    private static JsonObject ToTemplateCard(MemberCard card, string text) => new()
    {
        ["card_type"] = "button_interaction",
        ["main_title"] = new JsonObject { ["title"] = card.Title, ["desc"] = card.Description },
        ["sub_title_text"] = text,
        ["task_id"] = card.TaskId,
        ["button_list"] = new JsonArray(card.Buttons.Select(b => (JsonNode)new JsonObject { ["text"] = b.Text, ["style"] = 1, ["key"] = b.Key }).ToArray()),
    };
}
