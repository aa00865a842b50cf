using GridLine.Handlers.Understanding;

namespace GridLine.MlNetComparison;

/// <summary>Category-model configurations compared by the "cv" mode (template-grouped cross-validation over train + validation).</summary>
internal static class Experiments
{
    public static readonly (string Name, Func<SoftmaxTrainer.Settings> Apply)[] All =
    [
        ("default", () => ModelTrainer.DefaultCategorySettings),
        ("l2 3e-5", () => ModelTrainer.DefaultCategorySettings with { L2 = 3e-5f }),
        ("l2 1e-4", () => ModelTrainer.DefaultCategorySettings with { L2 = 1e-4f }),
    ];

    public static void Reset()
    {
        CharNgramFeaturizer.ContentTopicRepeat = 8;
    }
}
