using System.ComponentModel.DataAnnotations;

namespace GridLine.Handlers.Petitions;

/// <summary>Proxy petitions, section <c>Petitions</c>. The statutory day counts are in <see cref="PetitionClock"/>, not configurable.</summary>
public sealed class PetitionOptions
{
    public const string Section = "Petitions";

    /// <summary>Minutes without an answer after which a guided record stops taking messages as answers (it can be resumed).</summary>
    [Range(1, 1440)] public int GuidedIdleMinutes { get; set; } = 30;

    /// <summary>How far back an earlier petition by the same petitioner on a similar matter makes a new one a repeat (重复访).</summary>
    [Range(1, 3650)] public int RepeatWindowDays { get; set; } = 365;
}

/// <summary>2022 信访工作条例 clocks, calendar days: 15 to decide and tell acceptance, 60 from acceptance to conclude, at most 30 more.</summary>
public static class PetitionClock
{
    public const int AcceptanceDays = 15, ConclusionDays = 60, MaxExtensionDays = 30;
}
