namespace GridLine.WeCom;

/// <summary>WeCom settings, bound to section <c>WeCom</c>: the corp, its self-built apps and AI bots, and callback limits.</summary>
public sealed class WeComOptions
{
    public const string Section = "WeCom";

    /// <summary>Base address of the server API (ends with a slash).</summary>
    public string BaseUrl { get; set; } = "https://qyapi.weixin.qq.com/cgi-bin/";

    /// <summary>The corp id (企业ID); also the receive id inside every app callback.</summary>
    public string CorpId { get; set; } = "";

    /// <summary>Self-built apps (自建应用); each gets the callback route <c>/wecom/app/{Name}</c>.</summary>
    public List<WeComAppOptions> Apps { get; set; } = [];

    /// <summary>AI bots (智能机器人, API mode); each gets the callback route <c>/wecom/bot/{Name}</c>.</summary>
    public List<WeComBotOptions> Bots { get; set; } = [];

    /// <summary>Callbacks whose timestamp is further than this from now are rejected (replay protection); 0 disables the check.</summary>
    public int CallbackTimestampWindowSeconds { get; set; } = 300;

    /// <summary>Largest callback body accepted; larger ones answer 413 without being read in full.</summary>
    public int MaxCallbackBodyBytes { get; set; } = 65536;

    /// <summary>Timeout of one outbound API attempt, in seconds.</summary>
    public int RequestTimeoutSeconds { get; set; } = 10;
}

/// <summary>One self-built app: API credentials and callback (接收消息) settings.</summary>
public sealed class WeComAppOptions
{
    /// <summary>Route name, e.g. "main" → <c>/wecom/app/main</c>; letters, digits, '-' and '_'.</summary>
    public string Name { get; set; } = "";

    /// <summary>AgentId of the app.</summary>
    public int AgentId { get; set; }

    /// <summary>App secret for gettoken.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Callback Token as set in the admin console.</summary>
    public string Token { get; set; } = "";

    /// <summary>Callback EncodingAESKey (43 characters) as set in the admin console.</summary>
    public string EncodingAesKey { get; set; } = "";
}

/// <summary>One AI bot in API mode: callback settings (receive id is always "").</summary>
public sealed class WeComBotOptions
{
    /// <summary>Route name, e.g. "grid" → <c>/wecom/bot/grid</c>; letters, digits, '-' and '_'.</summary>
    public string Name { get; set; } = "";

    /// <summary>Callback Token as set for the bot.</summary>
    public string Token { get; set; } = "";

    /// <summary>Callback EncodingAESKey (43 characters) as set for the bot.</summary>
    public string EncodingAesKey { get; set; } = "";

    /// <summary>The bot id (aibotid), for matching callbacks and the WebSocket mode.</summary>
    public string BotId { get; set; } = "";
}
