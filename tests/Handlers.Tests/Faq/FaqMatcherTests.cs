using System.Text.Json;
using GridLine.Handlers.Faq;
using GridLine.Storage;
using GridLine.TestSupport;
using Xunit.Abstractions;

namespace GridLine.Handlers.Tests.Faq;

/// <summary>The FAQ matcher on the labelled queries (queries.jsonl) against the shipped example entries (migration 0041).</summary>
public class FaqMatcherTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Match_LabelledQueriesAtDefaultThresholds_PrecisionAndRecallAsDocumented()
    {
        await using var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var entries = await new FaqRepository(dataSource).ListApplicableAsync([], DateTime.UtcNow);
        Assert.Equal(10, entries.Count);
        Assert.All(entries, e => Assert.True(e.IsExample));
        var queries = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Faq", "queries.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Text: e.GetProperty("text").GetString()!, Expected: e.GetProperty("expected").GetString())).ToList();

        (double P, double R) Measure(double threshold, double margin, bool log)
        {
            int correct = 0, wrong = 0, answered = 0;
            foreach (var (text, expected) in queries)
            {
                var match = FaqMatcher.Match(text, entries, threshold, margin);
                if (!match.IsConfident) { if (log && expected is not null) output.WriteLine($"  missed: {text}"); continue; }
                answered++;
                if (expected is not null && match.Best!.Entry.Question.Contains(expected, StringComparison.Ordinal)) correct++;
                else { wrong++; if (log) output.WriteLine($"  wrong: {text} → {match.Best!.Entry.Question}"); }
            }
            return (answered == 0 ? 1 : (double)correct / answered, (double)correct / queries.Count(q => q.Expected is not null));
        }
        foreach (var t in new[] { 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7 })
            foreach (var m in new[] { 0.0, 0.1, 0.2 })
            {
                var (p, r) = Measure(t, m, false);
                output.WriteLine($"threshold {t:0.00} margin {m:0.0}: precision {p:P1} recall {r:P1}");
            }
        var o = new FaqOptions();
        var (precision, recall) = Measure(o.Threshold, o.Margin, true);
        output.WriteLine($"default: precision {precision:P1} recall {recall:P1}");
        Assert.True(precision >= 0.9, $"precision {precision:P1}");
        Assert.True(recall >= 0.7, $"recall {recall:P1}");
    }
}
