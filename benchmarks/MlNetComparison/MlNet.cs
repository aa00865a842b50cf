using System.Diagnostics;
using GridLine.Handlers.Understanding;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace GridLine.MlNetComparison;

internal sealed class TextRow
{
    public string Text { get; set; } = "";
    public string Label { get; set; } = "";
}

internal sealed class ScoreRow
{
    public float[] Score { get; set; } = [];
}

/// <summary>
/// The same two-model design as the own classifier, with ML.NET: FeaturizeText (char 1–n-grams, no word n-grams — Chinese has
/// no spaces — L2-normalised) + SdcaMaximumEntropy or LbfgsMaximumEntropy. Same inputs as the own model: normalised text for
/// the type model, scaffolding-stripped text for the category model, digits folded to '0'; the same report decision rule.
/// </summary>
internal sealed class MlNet
{
    private readonly MLContext _ml;
    private readonly ITransformer _type, _category;
    private readonly DataViewSchema _schema;
    private PredictionEngine<TextRow, ScoreRow> _typeEngine, _categoryEngine;
    private readonly string[] _typeLabels, _categoryLabels;

    private MlNet(MLContext ml, ITransformer type, ITransformer category, DataViewSchema schema)
    {
        (_ml, _type, _category, _schema) = (ml, type, category, schema);
        _typeEngine = ml.Model.CreatePredictionEngine<TextRow, ScoreRow>(type);
        _categoryEngine = ml.Model.CreatePredictionEngine<TextRow, ScoreRow>(category);
        _typeLabels = SlotNames(type, schema);
        _categoryLabels = SlotNames(category, schema);
    }

    /// <param name="trainer">"sdca" or "lbfgs", optionally with an L2 weight: "sdca:1e-4", "lbfgs:0.01" (L1 is 0 for lbfgs then).</param>
    public static MlNet Train(IReadOnlyList<LabelledMessage> corpus, string trainer, int ngram)
    {
        var ml = new MLContext(seed: 1);
        var rows = corpus.Select(m => new TextRow { Text = TypeText(m.Text), Label = m.Type }).ToList();
        var catRows = corpus.Where(m => m.Type != Taxonomy.Other).Select(m => new TextRow { Text = CategoryText(m.Text), Label = m.Category }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var catData = ml.Data.LoadFromEnumerable(catRows);
        var type = Pipeline(ml, trainer, ngram).Fit(data);
        var category = Pipeline(ml, trainer, ngram).Fit(catData);
        return new MlNet(ml, type, category, data.Schema);
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml, string trainer, int ngram)
    {
        var featurize = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
            {
                WordFeatureExtractor = null,
                CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = ngram, UseAllLengths = true },
                KeepPunctuations = true,
                KeepNumbers = true,
                KeepDiacritics = true,
                CaseMode = TextNormalizingEstimator.CaseMode.Lower,
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(TextRow.Text)));
        var parts = trainer.Split(':');
        float? l2 = parts.Length > 1 ? float.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : null;
        return parts[0] == "lbfgs"
            ? featurize.Append(l2 is { } l
                ? ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l1Regularization: 0, l2Regularization: l)
                : ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy())
            : featurize.Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(l2Regularization: l2));
    }

    private static string TypeText(string raw) => Fold(TextNormalizer.Normalize(raw));

    private static string CategoryText(string raw)
    {
        var n = TextNormalizer.Normalize(raw);
        var buffer = new char[n.Length];
        return Fold(new string(buffer, 0, Scaffolding.Strip(n, buffer)));
    }

    private static string Fold(string s) => string.Create(s.Length, s, (span, src) =>
    {
        for (var i = 0; i < src.Length; i++) span[i] = char.IsAsciiDigit(src[i]) ? '0' : src[i];
    });

    private static string[] SlotNames(ITransformer model, DataViewSchema input)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        model.GetOutputSchema(input)["Score"].GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    public (string Type, string Category) Predict(string raw)
    {
        var p = _typeEngine.Predict(new TextRow { Text = TypeText(raw) }).Score;
        var best = ArgMax(p);
        var type = _typeLabels[best];
        if (!Taxonomy.IsReport(type))
        {
            var complaint = p[Array.IndexOf(_typeLabels, Taxonomy.Complaint)];
            var petition = p[Array.IndexOf(_typeLabels, Taxonomy.Petition)];
            if (complaint + petition >= ClassifierModel.DefaultReportThreshold) type = complaint >= petition ? Taxonomy.Complaint : Taxonomy.Petition;
        }
        if (type == Taxonomy.Other) return (type, "other");
        var c = _categoryEngine.Predict(new TextRow { Text = CategoryText(raw) }).Score;
        return (type, _categoryLabels[ArgMax(c)]);
    }

    public static Evaluation Evaluate(MlNet model, IEnumerable<LabelledMessage> messages)
    {
        var eval = new Evaluation();
        foreach (var m in messages)
        {
            var (t, c) = model.Predict(m.Text);
            eval.Add(m.Type, m.Category, t, c);
        }
        return eval;
    }

    /// <summary>Load time of both saved models + prediction engines (best of 3), single-thread classify rate (best of 3), zip size.</summary>
    public static (double LoadMs, double PerSecond, long Bytes) Speed(MlNet model, IReadOnlyList<LabelledMessage> messages)
    {
        using var typeZip = new MemoryStream();
        using var catZip = new MemoryStream();
        model._ml.Model.Save(model._type, model._schema, typeZip);
        model._ml.Model.Save(model._category, model._schema, catZip);
        var load = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            var ml = new MLContext(seed: 1);
            var t = ml.Model.Load(new MemoryStream(typeZip.ToArray()), out _);
            var c = ml.Model.Load(new MemoryStream(catZip.ToArray()), out _);
            ml.Model.CreatePredictionEngine<TextRow, ScoreRow>(t).Predict(new TextRow { Text = "路灯" });
            ml.Model.CreatePredictionEngine<TextRow, ScoreRow>(c).Predict(new TextRow { Text = "路灯" });
            load = Math.Min(load, sw.Elapsed.TotalMilliseconds);
        }
        var best = double.MaxValue;
        for (var pass = 0; pass < 3; pass++)
        {
            var sw = Stopwatch.StartNew();
            foreach (var m in messages) model.Predict(m.Text);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return (load, messages.Count / best, typeZip.Length + catZip.Length);
    }

    private static int ArgMax(float[] p)
    {
        var best = 0;
        for (var i = 1; i < p.Length; i++) if (p[i] > p[best]) best = i;
        return best;
    }
}
