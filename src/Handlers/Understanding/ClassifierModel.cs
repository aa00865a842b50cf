namespace GridLine.Handlers.Understanding;

/// <summary>What the statistical layer says about one message.</summary>
public readonly record struct ModelPrediction(string Type, string Category, double TypeConfidence, double CategoryConfidence);

/// <summary>The type model and the category model, plus the decision rule that leans toward reporting.</summary>
/// <param name="secondCategoryModel">Optional second category model over the same labels (session 3: whole-text char 1–3 + lexicon,
/// class-weighted); when present, the category is the argmax of the two models' averaged probabilities.</param>
public sealed class ClassifierModel(SoftmaxModel typeModel, SoftmaxModel categoryModel, ModelInfo info, SoftmaxModel? secondCategoryModel = null)
{
    /// <summary>
    /// When complaint + petition together reach this probability the message is treated as a report even if
    /// "query" or "other" is the single most likely type: a missed report costs more than a false alarm.
    /// </summary>
    public const float DefaultReportThreshold = 0.3f;

    public SoftmaxModel TypeModel { get; } = typeModel;
    public SoftmaxModel CategoryModel { get; } = categoryModel;
    public SoftmaxModel? SecondCategoryModel { get; } = secondCategoryModel is null || secondCategoryModel.Labels.SequenceEqual(categoryModel.Labels)
        ? secondCategoryModel
        : throw new ArgumentException("the second category model must have the same labels, in the same order", nameof(secondCategoryModel));
    public ModelInfo Info { get; } = info;
    public float ReportThreshold { get; init; } = DefaultReportThreshold;

    public ModelPrediction Predict(string normalized)
    {
        Span<float> types = stackalloc float[TypeModel.Labels.Count];
        TypeModel.Predict(normalized, types);
        var best = ArgMax(types);
        var type = TypeModel.Labels[best];
        if (!Taxonomy.IsReport(type))
        {
            var complaint = Prob(types, Taxonomy.Complaint);
            var petition = Prob(types, Taxonomy.Petition);
            if (complaint + petition >= ReportThreshold)
            {
                type = complaint >= petition ? Taxonomy.Complaint : Taxonomy.Petition;
                best = IndexOf(TypeModel.Labels, type);
            }
        }
        if (type == Taxonomy.Other) return new ModelPrediction(type, "other", types[best], types[best]);

        var (category, confidence) = Category(normalized);
        return new ModelPrediction(type, category, types[best], confidence);
    }

    /// <summary>The category model alone (what a message that needs a category is about), whatever its type.</summary>
    public string PredictCategory(string normalized) => Category(normalized).Label;

    private (string Label, float Confidence) Category(string normalized)
    {
        Span<float> categories = stackalloc float[CategoryModel.Labels.Count];
        CategoryModel.Predict(normalized, categories);
        if (SecondCategoryModel is { } second)
        {
            Span<float> other = stackalloc float[categories.Length];
            second.Predict(normalized, other);
            for (var i = 0; i < categories.Length; i++) categories[i] = (categories[i] + other[i]) * 0.5f;
        }
        var c = ArgMax(categories);
        return (CategoryModel.Labels[c], categories[c]);
    }

    private float Prob(ReadOnlySpan<float> p, string label)
    {
        var i = IndexOf(TypeModel.Labels, label);
        return i < 0 ? 0 : p[i];
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (var i = 0; i < labels.Count; i++) if (labels[i] == label) return i;
        return -1;
    }

    private static int ArgMax(ReadOnlySpan<float> p)
    {
        var best = 0;
        for (var i = 1; i < p.Length; i++) if (p[i] > p[best]) best = i;
        return best;
    }
}

/// <summary>Provenance of a trained model, stored in the model file.</summary>
public sealed record ModelInfo(string TrainedAt, int TrainRows, int LabelledExamples, string Trainer);
