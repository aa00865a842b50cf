using System.Text.Json;
using GridLine.Handlers.Duplicates;
using Xunit.Abstractions;

namespace GridLine.Handlers.Tests.Duplicates;

/// <summary>The duplicate threshold on the labelled pairs (pairs.jsonl, from matters.txt), and the building rule.</summary>
public class TextSimilarityTests(ITestOutputHelper output)
{
    private sealed record Pair(string A, string B, bool Duplicate);

    private static IReadOnlyList<Pair> LoadPairs() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Duplicates", "pairs.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => new Pair(e.GetProperty("a").GetString()!, e.GetProperty("b").GetString()!, e.GetProperty("duplicate").GetBoolean()))
            .ToList();

    internal static (double Precision, double Recall, int Tp, int Fp, int Fn) Measure(IReadOnlyList<(double Score, bool Duplicate)> scored, double threshold)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var (score, duplicate) in scored)
        {
            var linked = score >= threshold;
            if (linked && duplicate) tp++;
            else if (linked) fp++;
            else if (duplicate) fn++;
        }
        return (tp + fp == 0 ? 1 : (double)tp / (tp + fp), tp + fn == 0 ? 1 : (double)tp / (tp + fn), tp, fp, fn);
    }

    [Fact]
    public void Score_LabelledPairsAtDefaultThreshold_PrecisionAndRecallAsDocumented()
    {
        var pairs = LoadPairs();
        Assert.True(pairs.Count >= 100);
        var scored = pairs.Select(p => (TextSimilarity.Score(p.A, p.B), p.Duplicate)).ToList();
        foreach (var t in new[] { 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5 })
        {
            var m = Measure(scored, t);
            output.WriteLine($"threshold {t:0.00}: precision {m.Precision:P1} recall {m.Recall:P1} (tp {m.Tp}, fp {m.Fp}, fn {m.Fn})");
        }
        var chosen = Measure(scored, new DuplicateOptions().Threshold);
        output.WriteLine($"default {new DuplicateOptions().Threshold}: precision {chosen.Precision:P1} recall {chosen.Recall:P1}");
        Assert.True(chosen.Precision >= 0.9, $"precision {chosen.Precision:P1}");
        Assert.True(chosen.Recall >= 0.55, $"recall {chosen.Recall:P1}");
    }

    [Fact]
    public void Score_SameLampDifferentBuilding_Zero()
    {
        Assert.Equal(0, TextSimilarity.Score("3号楼门口的路灯坏了", "5号楼门口的路灯坏了"));
        Assert.True(TextSimilarity.Score("3号楼门口的路灯坏了", "三号楼门口路灯不亮了") >= new DuplicateOptions().Threshold);
    }

    [Theory]
    [InlineData("3号楼门口的路灯不亮了 晚上黑漆漆的")]
    [InlineData("3号楼那边的路灯坏了 赶紧派人修一下")]
    public void Score_SameLampReworded_AtLeastThreshold(string other) =>
        Assert.True(TextSimilarity.Score("3号楼门口的路灯坏了好几天了", other) >= new DuplicateOptions().Threshold);

    [Fact]
    public void LocationsConflict_BuildingAndUnitNamedSeparately_NoConflict()
    {
        Assert.False(TextSimilarity.LocationsConflict("3号楼路灯坏了", "2单元路灯坏了"));
        Assert.True(TextSimilarity.LocationsConflict("3号楼2单元灯坏了", "3号楼1单元灯坏了"));
        Assert.False(TextSimilarity.LocationsConflict("路灯坏了", "5号楼路灯坏了"));
    }
}

/// <summary>Prepared and cached features score exactly as the text-to-text form.</summary>
public class TextFeatureCacheTests
{
    [Fact]
    public void Get_PreparedOnceAndScoredAgainstMany_SameScoresAsTextToText()
    {
        var cache = new TextFeatureCache();
        var report = "3号楼门口的路灯坏了好几天了";
        var candidates = new[] { "3号楼门口的路灯不亮了 晚上黑漆漆的", "5号楼门口的路灯坏了", "小区垃圾桶满了没人清", "3号楼那边的路灯坏了 赶紧派人修一下" };
        var prepared = TextSimilarity.Prepare(report);
        foreach (var _ in Enumerable.Range(0, 2))
            foreach (var c in candidates)
                Assert.Equal(TextSimilarity.Score(report, c), TextSimilarity.Score(prepared, cache.Get(c)));
        Assert.Equal(candidates.Length, cache.Count);
        Assert.Same(cache.Get(candidates[0]), cache.Get(candidates[0]));
    }

    [Fact]
    public void Get_AtCapacity_StartsAgainAndStaysBounded()
    {
        var cache = new TextFeatureCache(capacity: 3);
        foreach (var i in Enumerable.Range(0, 10)) cache.Get($"{i}号楼路灯坏了");
        Assert.InRange(cache.Count, 1, 3);
        Assert.Equal(TextSimilarity.Score("9号楼路灯坏了", "9号楼路灯不亮"), TextSimilarity.Score(cache.Get("9号楼路灯坏了"), cache.Get("9号楼路灯不亮")));
    }
}
