using System.ComponentModel.DataAnnotations;

namespace GridLine.WeComSandbox;

/// <summary>Section <c>Sandbox</c>: the emulated corp, its apps, bots and groups, and where the gateway listens.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>CorpID that gettoken accepts and app callbacks carry as receiveid.</summary>
    [Required] public string CorpId { get; set; } = "";

    /// <summary>Self-built apps: gettoken secrets, and Token/EncodingAesKey for the callbacks the simulator posts.</summary>
    public List<SandboxAppOptions> Apps { get; set; } = [];

    /// <summary>AI bots (API mode): Token/EncodingAesKey for the callbacks the simulator posts (receiveid "").</summary>
    public List<SandboxBotOptions> Bots { get; set; } = [];

    /// <summary>Customer groups known to groupchat/get, webhook/send (by robot key) and the chat page.</summary>
    public List<SandboxGroupOptions> Groups { get; set; } = [];

    /// <summary>Base URL of the gateway the simulator posts callbacks to.</summary>
    public string GatewayUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>URL of the sandbox itself as the gateway reaches it (for response_url); empty = taken from the simulate request.</summary>
    public string PublicUrl { get; set; } = "";

    [Range(1, 86400)] public int TokenLifetimeSeconds { get; set; } = 7200;
    [Range(1, 1000)] public int WebhookMessagesPerMinute { get; set; } = 20;

    /// <summary>The window WebhookMessagesPerMinute counts over, in seconds (WeCom: 60). Tests shrink it to run fast.</summary>
    [Range(1, 3600)] public int WebhookWindowSeconds { get; set; } = 60;
    [Range(1, 86400)] public int ResponseUrlLifetimeSeconds { get; set; } = 3600;

    /// <summary>How long the simulator waits for the gateway (WeCom gives up after 5 s).</summary>
    [Range(1, 120)] public int CallbackTimeoutSeconds { get; set; } = 5;
}

/// <summary>A self-built app.</summary>
public sealed class SandboxAppOptions
{
    public string Name { get; set; } = "";
    public int AgentId { get; set; }
    public string Secret { get; set; } = "";
    public string Token { get; set; } = "";
    public string EncodingAesKey { get; set; } = "";
}

/// <summary>An AI bot in API mode.</summary>
public sealed class SandboxBotOptions
{
    public string Name { get; set; } = "";
    public string BotId { get; set; } = "";
    public string Token { get; set; } = "";
    public string EncodingAesKey { get; set; } = "";
    /// <summary>The bot's display name, used for the "@" prefix real group messages carry.</summary>
    public string MentionName { get; set; } = "网格助手";
}

/// <summary>A group chat with its members and the group robot's webhook key.</summary>
public sealed class SandboxGroupOptions
{
    public string ChatId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Owner { get; set; } = "";
    public string WebhookKey { get; set; } = "";
    public List<SandboxMemberOptions> Members { get; set; } = [];
}

/// <summary>A group member: Type 1 = corp member (grid worker), 2 = external contact (resident).</summary>
public sealed class SandboxMemberOptions
{
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public int Type { get; set; } = 2;
}
