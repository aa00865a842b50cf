using System.ComponentModel.DataAnnotations;

namespace GridLine.Handlers.Digests;

/// <summary>When digests and reports go out (cron, Asia/Shanghai), section <c>Digests</c>.</summary>
public sealed class DigestOptions
{
    public const string Section = "Digests";

    /// <summary>Daily digest to each grid worker.</summary>
    [Required] public string DailyCron { get; set; } = "30 8 * * *";

    /// <summary>周通报 to community and subdistrict staff (covers the previous Monday–Sunday).</summary>
    [Required] public string WeeklyCron { get; set; } = "0 9 * * 1";

    /// <summary>Monthly summary (covers the previous calendar month).</summary>
    [Required] public string MonthlyCron { get; set; } = "0 9 1 * *";
}
