namespace GridLine.Handlers.Understanding;

/// <summary>The database-free core: normalise, extract, run the model. Used by the service and by the classify command.</summary>
public sealed class MessageClassifier(ModelHolder model)
{
    public (string Normalized, ExtractedDetails Details, ModelPrediction Prediction) Classify(string text)
    {
        var normalized = TextNormalizer.Normalize(text);
        var details = DetailExtractor.Extract(normalized);
        return (normalized, details, model.Current.Predict(normalized));
    }

    /// <summary>Type and category only (no extraction): the hot path of bulk classification.</summary>
    public ModelPrediction Predict(string text) => model.Current.Predict(TextNormalizer.Normalize(text));
}
