using System.ComponentModel.DataAnnotations;

namespace GridLine.WeCom.Api;

/// <summary>What the outbound API client needs from section <c>WeCom</c>; the only place the WeCom host is configured.</summary>
public sealed class WeComApiOptions
{
    public const string Section = "WeCom";

    /// <summary>API root ending in "/cgi-bin/"; the sandbox's URL in development.</summary>
    [Required]
    public string BaseUrl { get; set; } = "https://qyapi.weixin.qq.com/cgi-bin/";

    /// <summary>The corp's CorpID (corpid of gettoken).</summary>
    public string CorpId { get; set; } = "";

    /// <summary>Self-built apps; each has its own secret and therefore its own access token.</summary>
    public List<WeComApiAppOptions> Apps { get; set; } = [];

    /// <summary>Timeout of one HTTP attempt.</summary>
    [Range(1, 300)]
    public int RequestTimeoutSeconds { get; set; } = 10;
}

/// <summary>One self-built app as the API client sees it.</summary>
public sealed class WeComApiAppOptions
{
    public string Name { get; set; } = "";
    public int AgentId { get; set; }
    public string Secret { get; set; } = "";
}
