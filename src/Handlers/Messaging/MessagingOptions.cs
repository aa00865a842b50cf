namespace GridLine.Handlers.Messaging;

/// <summary>Outbound messaging settings, section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>The self-built app (WeCom:Apps:N:Name) that sends 1:1 messages to staff; empty = the first configured app.</summary>
    public string AppName { get; set; } = "";
}
