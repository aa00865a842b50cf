namespace GridLine.Handlers.Webhooks;

/// <summary>Outbound webhooks on work-order changes (e.g. to a 12345 hotline platform), bound to section <c>Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Receivers; each gets every work-order change, signed with its own secret.</summary>
    public List<WebhookTarget> Targets { get; set; } = [];

    /// <summary>Per-request timeout in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 10;
}

/// <summary>One receiver: a name (the outbox target), an https (or loopback http) URL and an HMAC secret of at least 16 characters.</summary>
public sealed class WebhookTarget
{
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
    public string Secret { get; set; } = "";
}
