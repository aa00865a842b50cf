namespace GridLine.BotGateway.Callbacks;

/// <summary>Stops a callback request with a 4xx/503 answer; <see cref="Reason"/> is a short metric tag and log text, never payload.</summary>
internal sealed class CallbackRejectedException(int statusCode, string reason) : Exception(reason)
{
    public int StatusCode { get; } = statusCode;
    public string Reason { get; } = reason;
}
