using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using GridLine.Handlers.Processing;
using GridLine.Storage;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Webhooks;

/// <summary>
/// POSTs a webhook outbox row to its receiver with <c>X-GridLine-Timestamp</c> (Unix seconds), <c>X-GridLine-Event</c> (event id)
/// and <c>X-GridLine-Signature</c> = hex(HMAC-SHA256(secret, "{timestamp}\n{body}")), the same scheme as the signed ingest endpoint.
/// 2xx is delivered; 408, 429, 5xx and network errors are retried by the outbox; other answers fail for good.
/// </summary>
public sealed class WebhookTransport(IHttpClientFactory httpClients, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string HttpClientName = "gridline-webhooks";
    public const string TimestampHeader = "X-GridLine-Timestamp", SignatureHeader = "X-GridLine-Signature", EventHeader = "X-GridLine-Event";

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var target = options.Value.Targets.FirstOrDefault(t => t.Name == message.Target);
        if (target is null) return DeliveryResult.Fail(null, $"webhook target '{message.Target}' is not configured (Webhooks:Targets)");
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(message.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, Sign(target.Secret, timestamp, message.Payload));
        request.Headers.Add(EventHeader, message.IdempotencyKey);
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            client.Timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
            using var response = await client.SendAsync(request, cancellationToken);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return DeliveryResult.Sent($"http:{code}");
            var error = $"webhook {target.Name} answered {code}";
            return code is 408 or 429 || code >= 500 ? DeliveryResult.Retry(code, error) : DeliveryResult.Fail(code, error);
        }
        catch (HttpRequestException ex) { return DeliveryResult.Retry(null, $"webhook {target.Name}: {ex.Message}"); }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { return DeliveryResult.Retry((int)HttpStatusCode.RequestTimeout, $"webhook {target.Name}: timeout"); }
    }

    /// <summary>hex(HMAC-SHA256(secret, "{timestamp}\n{body}")), lower case.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + body)));
}

/// <summary>Sends webhook rows through <see cref="WebhookTransport"/> and everything else through the WeCom transport.</summary>
public sealed class CompositeOutboxTransport(IOutboxTransport wecom, WebhookTransport webhooks) : IOutboxTransport
{
    public Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        message.Channel == WorkOrderWebhooks.Channel ? webhooks.SendAsync(message, cancellationToken) : wecom.SendAsync(message, cancellationToken);
}
