using System.ComponentModel.DataAnnotations;

namespace GridLine.Handlers.Duplicates;

/// <summary>Duplicate-report detection, section <c>Duplicates</c>.</summary>
public sealed class DuplicateOptions
{
    public const string Section = "Duplicates";

    /// <summary>Link similar complaints at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How far back an open order of the same grid and category is a candidate.</summary>
    [Range(1, 24 * 90)] public int WindowHours { get; set; } = 72;

    /// <summary>Lowest <see cref="TextSimilarity.Score"/> at which a report joins an existing order (tuned on the labelled pairs, docs/duplicates.md).</summary>
    [Range(0.0, 1.0)] public double Threshold { get; set; } = 0.3;
}
