using GridLine.Handlers.Duplicates;
using GridLine.Handlers.Understanding;
using GridLine.Storage;

namespace GridLine.Handlers.Faq;

/// <summary>One entry's score for a query.</summary>
public sealed record FaqScore(FaqEntry Entry, double Score, int KeywordHits, double Similarity);

/// <summary>The matcher's verdict: the entry to answer with, or null (then a query order goes to the grid worker).</summary>
public sealed record FaqMatch(FaqScore? Best, FaqScore? RunnerUp, bool IsConfident);

/// <summary>
/// Scores FAQ entries for a resident's question: keyword/synonym hits (each term found in the text) blended with the
/// character n-gram similarity of the question texts (<see cref="TextSimilarity.Dice"/>). An entry answers only when its
/// score reaches <see cref="FaqOptions.Threshold"/> and beats the runner-up by <see cref="FaqOptions.Margin"/>
/// (two entries that fit equally well are a question for a person). Thresholds chosen on tests/Handlers.Tests/Faq/queries.jsonl (docs/faq.md).
/// </summary>
public static class FaqMatcher
{
    /// <summary>Weight of keyword evidence against text similarity in the blend.</summary>
    public const double KeywordWeight = 0.6;

    public static FaqScore ScoreEntry(string query, FaqEntry entry)
    {
        var text = TextNormalizer.Normalize(query).ToLowerInvariant();
        var hits = entry.Keywords.Concat(entry.Synonyms).Where(t => t.Length > 0).Select(t => t.ToLowerInvariant()).Distinct()
            .Count(t => text.Contains(t, StringComparison.Ordinal));
        var keyword = hits == 0 ? 0 : Math.Min(1.0, 0.75 + 0.25 * (hits - 1));
        var similarity = TextSimilarity.Dice(query, entry.Question);
        var score = Math.Max(KeywordWeight * keyword + (1 - KeywordWeight) * similarity, similarity);
        return new FaqScore(entry, score, hits, similarity);
    }

    public static FaqMatch Match(string query, IEnumerable<FaqEntry> entries, double threshold, double margin)
    {
        var ranked = entries.Select(e => ScoreEntry(query, e)).OrderByDescending(s => s.Score).ThenBy(s => s.Entry.Id).Take(2).ToList();
        var best = ranked.ElementAtOrDefault(0);
        var runnerUp = ranked.ElementAtOrDefault(1);
        var confident = best is not null && best.Score >= threshold && best.Score - (runnerUp?.Score ?? 0) >= margin;
        return new FaqMatch(best, runnerUp, confident);
    }
}
