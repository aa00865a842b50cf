namespace GridLine.Handlers.Understanding;

/// <summary>Trains the type and category models from labelled messages (corpus train split + stored corrections).</summary>
public static class ModelTrainer
{
    /// <summary>Default settings of the category model, chosen on data/corpus/validation.jsonl (see docs/understanding.md).</summary>
    public static readonly SoftmaxTrainer.Settings DefaultCategorySettings = new(Features: FeatureKind.ContentShort, ClassWeighted: true, L2: 1e-4f);

    /// <summary>
    /// Second category model of the shipped ensemble (session 3, chosen by template-grouped CV, docs/understanding.md): whole-text char 1–3
    /// + lexicon features, class-weighted, L2 1e-4; its probabilities are averaged with the first model's.
    /// </summary>
    public static readonly SoftmaxTrainer.Settings DefaultSecondCategorySettings = new(Features: FeatureKind.Full, ClassWeighted: true, L2: 1e-4f);

    public static ClassifierModel Train(IReadOnlyList<LabelledMessage> corpus, IReadOnlyList<LabelledMessage>? corrections = null,
        SoftmaxTrainer.Settings? settings = null, SoftmaxTrainer.Settings? categorySettings = null, SoftmaxTrainer.Settings? secondCategorySettings = null)
    {
        corrections ??= [];
        // Corrections are few but trusted and recent: repeat them so they outweigh similar synthetic lines.
        var all = corpus.Concat(corrections.SelectMany(c => Enumerable.Repeat(c, 3)))
            .Select(m => m with { Text = TextNormalizer.Normalize(m.Text) })
            .Where(m => Taxonomy.IsType(m.Type))
            .ToList();
        var types = Taxonomy.Types.Where(t => all.Any(m => m.Type == t)).ToList();
        var typeModel = SoftmaxTrainer.Train(all.Select(m => (m.Text, m.Type)).ToList(), types, settings);

        // Categories are learned from reports and queries only; "other" messages always get category "other".
        var categorized = all.Where(m => m.Type != Taxonomy.Other).ToList();
        var categories = categorized.Select(m => m.Category).Distinct().OrderBy(c => Taxonomy.Categories.Contains(c) ? Taxonomy.Categories.ToList().IndexOf(c) : 100).ThenBy(c => c, StringComparer.Ordinal).ToList();
        var categoryRows = categorized.Select(m => (m.Text, m.Category)).ToList();
        // Default settings follow the caller's bucket count when it gave one.
        SoftmaxTrainer.Settings Sized(SoftmaxTrainer.Settings defaults) => settings is null ? defaults : defaults with { BucketCount = settings.BucketCount };
        var categoryModel = SoftmaxTrainer.Train(categoryRows, categories, categorySettings ?? Sized(DefaultCategorySettings));

        // The ensemble's second model: by default (no category settings given), or when asked for; experiments that pass their own
        // category settings get a single category model unless they pass second settings too.
        var second = secondCategorySettings ?? (categorySettings is null ? Sized(DefaultSecondCategorySettings) : null);
        var secondModel = second is null ? null : SoftmaxTrainer.Train(categoryRows, categories, second);

        var info = new ModelInfo(DateTime.UtcNow.ToString("O"), corpus.Count, corrections.Count,
            "softmax-char-ngram-1-3/adagrad; category: content char 1-3 + lexicon" + (secondModel is null ? "" : ", averaged with whole-text char 1-3 + lexicon"));
        return new ClassifierModel(typeModel, categoryModel, info, secondModel);
    }
}
