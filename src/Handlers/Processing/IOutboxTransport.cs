using GridLine.Storage;

namespace GridLine.Handlers.Processing;

/// <summary>Delivers one outbox row over its channel (WeCom API, outbound webhook, ...).</summary>
public interface IOutboxTransport
{
    Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>What a delivery attempt came to.</summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, int? Errcode = null, string? Error = null, string? Response = null)
{
    public static DeliveryResult Sent(string? response = null) => new(DeliveryOutcome.Sent, Response: response);
    public static DeliveryResult Retry(int? errcode, string error) => new(DeliveryOutcome.Retryable, errcode, error);
    public static DeliveryResult Fail(int? errcode, string error) => new(DeliveryOutcome.Permanent, errcode, error);
}

public enum DeliveryOutcome { Sent, Retryable, Permanent }
