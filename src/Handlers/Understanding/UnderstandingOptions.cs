using System.ComponentModel.DataAnnotations;

namespace GridLine.Handlers.Understanding;

/// <summary>Settings of message understanding, bound to section <c>Understanding</c>.</summary>
public sealed class UnderstandingOptions
{
    public const string Section = "Understanding";

    /// <summary>Below this type (or category) confidence the grid worker is asked to confirm the classification.</summary>
    [Range(0.0, 1.0)] public double ConfirmThreshold { get; set; } = 0.6;

    /// <summary>A "+1 / 同上 / 我家也是" joins the latest open complaint of the same chat opened within this many minutes.</summary>
    [Range(1, 1440)] public int LinkWindowMinutes { get; set; } = 30;

    /// <summary>How often (at most) the rule table's fingerprint is checked for admin edits.</summary>
    [Range(0, 3600)] public int RuleRefreshSeconds { get; set; } = 5;

    /// <summary>Match timeout of an admin regex; a rule that times out is skipped for that message.</summary>
    [Range(1, 5000)] public int RegexTimeoutMs { get; set; } = 50;

    /// <summary>Model file to load instead of the embedded one (written by the retrain job); ignored while it does not exist.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Corpus train split for retraining; default: data/corpus/train.jsonl found above the working directory.</summary>
    public string? CorpusPath { get; set; }

    /// <summary>Whether the recurring retrain job is scheduled (off by default: retraining is a deliberate act).</summary>
    public bool RetrainRecurring { get; set; }

    /// <summary>Cron expression for the recurring retrain job.</summary>
    public string RetrainCron { get; set; } = "0 3 * * 0";
}
