namespace GridLine.Handlers.Messaging;

/// <summary>Outbound messaging settings, section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>The self-built app (WeCom:Apps:N:Name) that sends 1:1 messages to staff; empty = the first configured app.</summary>
    public string AppName { get; set; } = "";

    /// <summary>
    /// App messages to staff ask WeCom to drop a message identical to one sent to the same member within this many seconds
    /// (message/send's enable_duplicate_check): a retry after a crash between WeCom's answer and the outbox's 'sent' mark
    /// then reaches nobody twice. 0 turns it off; WeCom allows up to 14400 (4 hours).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 14400)] public int DuplicateCheckSeconds { get; set; } = 1800;
}
