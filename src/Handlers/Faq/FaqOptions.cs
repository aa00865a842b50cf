using System.ComponentModel.DataAnnotations;

namespace GridLine.Handlers.Faq;

/// <summary>FAQ answering, section <c>Faq</c>.</summary>
public sealed class FaqOptions
{
    public const string Section = "Faq";

    /// <summary>Answer from the FAQ in chat at all (false: every query becomes a query order).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Lowest score at which an entry answers (tuned on the labelled queries, docs/faq.md).</summary>
    [Range(0.0, 1.0)] public double Threshold { get; set; } = 0.5;

    /// <summary>How far the best entry must beat the runner-up.</summary>
    [Range(0.0, 1.0)] public double Margin { get; set; } = 0.1;

    /// <summary>How long after an answer "没用 / 没帮助 / 不是这个" counts as feedback on it.</summary>
    [Range(1, 1440)] public int FeedbackWindowMinutes { get; set; } = 30;
}
