using GridLine.Handlers.Understanding;

namespace GridLine.MlNetComparison;

/// <summary>
/// Category-model configurations compared by the "cv" mode (template-grouped cross-validation over train + validation; never held-out).
/// Each entry is a change against the default (<see cref="ModelTrainer.DefaultCategorySettings"/>: content char 1–3, class-weighted,
/// topic ×8, L2 1e-4, 20 epochs). Results: docs/understanding.md.
/// </summary>
internal static class Experiments
{
    private static SoftmaxTrainer.Settings D => ModelTrainer.DefaultCategorySettings;

    public static readonly (string Name, Func<SoftmaxTrainer.Settings> Apply)[] All =
    [
        ("default (char 1-3, l2 1e-4)", () => D),
        ("char 1-4 (before), l2 1e-5 (before)", () => D with { Features = FeatureKind.Content, L2 = 1e-5f }),
        ("char 1-4, l2 1e-4", () => D with { Features = FeatureKind.Content }),
        ("l2 1e-5", () => D with { L2 = 1e-5f }),
        ("l2 3e-5", () => D with { L2 = 3e-5f }),
        ("l2 3e-4", () => D with { L2 = 3e-4f }),
        ("no class weights", () => D with { ClassWeighted = false }),
        ("topic x4", () => { CharNgramFeaturizer.ContentTopicRepeat = 4; return D; }),
        ("topic x12", () => { CharNgramFeaturizer.ContentTopicRepeat = 12; return D; }),
        ("topic x16", () => { CharNgramFeaturizer.ContentTopicRepeat = 16; return D; }),
        ("no-topic feature off", () => { CharNgramFeaturizer.ContentNoTopicFeature = false; return D; }),
        ("epochs 10", () => D with { Epochs = 10 }),
        ("epochs 40", () => D with { Epochs = 40 }),
    ];

    /// <summary>Ensembles: the default category model plus a second model (these settings) on the same rows, probabilities averaged.</summary>
    public static readonly (string Name, SoftmaxTrainer.Settings Second)[] Ensembles =
    [
        ("ens: + char 1-4 content", D with { Features = FeatureKind.Content }),
        ("ens: + full text char 1-3, cw", new(Features: FeatureKind.Full, ClassWeighted: true, L2: 1e-4f)),
        ("ens: + char 1-3, no class weights, l2 1e-5", D with { ClassWeighted = false, L2 = 1e-5f, Seed = 11 }),
    ];

    /// <summary>Whether the text contains a topic-lexicon word (the content features then differ from a featurisation without the lexicon part).</summary>
    public static bool HasTopicWord(string normalized)
    {
        Span<int> buffer = new int[CharNgramFeaturizer.MaxFeatures];
        var repeat = CharNgramFeaturizer.ContentTopicRepeat;
        var n = CharNgramFeaturizer.Featurize(normalized, 1 << 17, buffer, FeatureKind.ContentShort);
        CharNgramFeaturizer.ContentTopicRepeat = 0;
        var bare = CharNgramFeaturizer.Featurize(normalized, 1 << 17, buffer, FeatureKind.ContentShort);
        CharNgramFeaturizer.ContentTopicRepeat = repeat;
        return n != bare;
    }

    public static void Reset()
    {
        CharNgramFeaturizer.ContentTopicRepeat = 8;
        CharNgramFeaturizer.ContentNoTopicFeature = true;
    }
}
