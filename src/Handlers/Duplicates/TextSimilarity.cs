using System.Text.RegularExpressions;
using GridLine.Handlers.Understanding;

namespace GridLine.Handlers.Duplicates;

/// <summary>
/// How alike two residents' reports are: Dice overlap of character 1- and 2-grams of what the messages are about
/// (normalised, scaffolding words such as pleas, time words and 号楼/单元 cut out, locations removed), and whether
/// their building hints contradict (3号楼 vs 5号楼 is never the same matter).
/// </summary>
public static partial class TextSimilarity
{
    /// <summary>
    /// Similarity in [0, 1]; 0 when the building hints contradict. Half n-gram overlap, half overlap of the topic words
    /// both name (路灯, 声控灯, 垃圾桶 …: paraphrases share the object even when the wording differs).
    /// </summary>
    public static double Score(string a, string b) => Score(Prepare(a), Prepare(b));

    /// <summary><see cref="Score(string, string)"/> on texts prepared once (a report against many candidates).</summary>
    public static double Score(TextFeatures a, TextFeatures b)
    {
        if (LocationsConflict(a.Buildings, b.Buildings)) return 0;
        var dice = Dice(a.Grams, b.Grams);
        if (a.TopicWords.Count == 0 && b.TopicWords.Count == 0) return dice;
        var common = a.TopicWords.Count(b.TopicWords.Contains);
        var jaccard = (double)common / (a.TopicWords.Count + b.TopicWords.Count - common);
        return (1 - TopicWeight) * dice + TopicWeight * jaccard;
    }

    /// <summary>Everything <see cref="Score(TextFeatures, TextFeatures)"/> needs from one text, computed once.</summary>
    public static TextFeatures Prepare(string text)
    {
        var normalized = TextNormalizer.Normalize(text);
        return new TextFeatures(Buildings(text), Grams(Content(text), bigrams: true), TopicWords(normalized));
    }

    private static HashSet<string> TopicWords(string normalized) =>
        TopicLexicon.Words.Select(w => w.Word).Where(w => normalized.Contains(w, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The text-only part: Dice coefficient over character unigrams and bigrams of the content.</summary>
    public static double Dice(string a, string b) => Dice(Grams(Content(a), bigrams: true), Grams(Content(b), bigrams: true));

    /// <summary><see cref="Dice(string, string)"/> on prepared texts.</summary>
    public static double Dice(TextFeatures a, TextFeatures b) => Dice(a.Grams, b.Grams);

    /// <summary>Share of the topic-word overlap in <see cref="Score(string, string)"/> (0.5 chosen on the labelled pairs; 0.3 and 0.7 scored lower).</summary>
    private const double TopicWeight = 0.5;

    private static double Dice(Dictionary<string, int> ga, Dictionary<string, int> gb)
    {
        if (ga.Count == 0 || gb.Count == 0) return 0;
        var common = 0;
        foreach (var (gram, count) in ga)
            if (gb.TryGetValue(gram, out var other)) common += Math.Min(count, other);
        return 2.0 * common / (ga.Values.Sum() + gb.Values.Sum());
    }

    /// <summary>True when both name a building (号楼/栋/幢) and share none, or both name a unit (单元) and share none.</summary>
    public static bool LocationsConflict(string a, string b) => LocationsConflict(Buildings(a), Buildings(b));

    private static bool LocationsConflict(HashSet<string> ba, HashSet<string> bb) => Disjoint(ba, bb, "楼") || Disjoint(ba, bb, "单元");

    private static bool Disjoint(HashSet<string> a, HashSet<string> b, string kind)
    {
        var x = a.Where(s => s.StartsWith(kind, StringComparison.Ordinal)).ToHashSet();
        var y = b.Where(s => s.StartsWith(kind, StringComparison.Ordinal)).ToHashSet();
        return x.Count > 0 && y.Count > 0 && !x.Overlaps(y);
    }

    /// <summary>"3号楼二单元502" → {"楼3", "单元2"}; Chinese numerals read as digits.</summary>
    public static HashSet<string> Buildings(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in BuildingRegex().Matches(TextNormalizer.Normalize(text)))
            set.Add((m.Groups["u"].Success ? "单元" : "楼") + ReadNumber(m.Groups["n"].Value));
        return set;
    }

    private static string Content(string text)
    {
        var normalized = DetailExtractor.LocationRegex().Replace(TextNormalizer.Normalize(text), " ");
        Span<char> buffer = stackalloc char[normalized.Length];
        var n = Scaffolding.Strip(normalized, buffer);
        return new string(buffer[..n]);
    }

    private static Dictionary<string, int> Grams(string content, bool bigrams)
    {
        var grams = new Dictionary<string, int>(StringComparer.Ordinal);
        char? previous = null;
        foreach (var c in content)
        {
            if (!char.IsLetterOrDigit(c)) { previous = null; continue; }
            Add(grams, c.ToString());
            if (bigrams && previous is { } p) Add(grams, string.Concat(p, c));
            previous = c;
        }
        return grams;
    }

    private static void Add(Dictionary<string, int> grams, string gram) => grams[gram] = grams.GetValueOrDefault(gram) + 1;

    private static string ReadNumber(string s)
    {
        if (s.All(char.IsAsciiDigit)) return s.TrimStart('0');
        const string digits = "零一二三四五六七八九";
        var value = 0; var current = 0;
        foreach (var c in s)
        {
            if (c == '十') { value += (current == 0 ? 1 : current) * 10; current = 0; }
            else if (c == '两') current = 2;
            else if (digits.IndexOf(c) is var d and >= 0) current = d;
        }
        return (value + current).ToString();
    }

    [GeneratedRegex(@"(?<!\d)(?<n>\d{1,3}|[一二三四五六七八九十两]{1,3})(?:号楼|栋|幢)|(?<!\d)(?<n>\d{1,2}|[一二三四五六七八九十两]{1,3})(?<u>单元)")]
    private static partial Regex BuildingRegex();
}

/// <summary>A text prepared for <see cref="TextSimilarity"/>: building hints, content n-gram counts and topic words (read-only once built).</summary>
public sealed record TextFeatures(HashSet<string> Buildings, Dictionary<string, int> Grams, HashSet<string> TopicWords);
