using GridLine.Handlers.Understanding;

namespace GridLine.Handlers.Tests.Understanding;

public class ModelTests
{
    private static readonly Lazy<ClassifierModel> Shipped = new(ModelSerializer.LoadEmbedded);

    private static string CorpusPath(string file) =>
        Path.Combine(CorpusFile.FindRepositoryRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("data/corpus not found"), "data", "corpus", file);

    // Blind set 3 (data/corpus/heldout-blind3.jsonl, written by someone who never saw the training data or the model) is scored
    // exactly once, by the lead, with the shipped model of the fifth iteration (docs/understanding.md, evaluation log). Until that
    // scoring this test asserts the targets; the lead adjusts it to the scored figures afterwards. Blind sets 1 and 2 were
    // scored once each (runs 5 and 6) and are training data now (retired-blind1.jsonl, retired-blind2.jsonl). The set must not be
    // used to select a model.
    private const double BlindTypeAccuracyTarget = 0.95;
    private const double BlindMacroF1Target = 0.92;
    private const double BlindReportRecallTarget = 0.97;
    private const double BlindCategoryAccuracyTarget = 0.85;

    /// <summary>The shipped model on blind set 3 meets the targets (scored once by the lead).</summary>
    [Fact]
    [Trait("Category", "BlindHeldOut")]
    public void Predict_ShippedModelOnBlindSet3_MeetsTargets()
    {
        var eval = new Evaluation();
        foreach (var m in CorpusFile.Read(CorpusPath("heldout-blind3.jsonl")))
        {
            var p = Shipped.Value.Predict(TextNormalizer.Normalize(m.Text));
            eval.Add(m.Type, m.Category, p.Type, p.Category);
        }
        Assert.Equal(800, eval.Total);
        Assert.True(eval.Accuracy >= BlindTypeAccuracyTarget, $"type accuracy {eval.Accuracy:P2}");
        Assert.True(eval.MacroF1 >= BlindMacroF1Target, $"macro-F1 {eval.MacroF1:F3}");
        Assert.True(eval.ReportRecall >= BlindReportRecallTarget, $"report recall {eval.ReportRecall:P2}");
        Assert.True(eval.CategoryAccuracy >= BlindCategoryAccuracyTarget, $"category accuracy {eval.CategoryAccuracy:P2}");
    }

    /// <summary>
    /// The old held-out split (retired in session 3), blind set 1 (scored once as run 5, then retired) and blind set 2 (scored once as run 6,
    /// then retired) are training data of the shipped
    /// model: this is a training-fit smoke test (the retrain path really reads them, and the keyword baseline stays far behind), not an
    /// estimate of accuracy.
    /// </summary>
    [Theory]
    [InlineData("retired-heldout.jsonl")]
    [InlineData("retired-blind1.jsonl")]
    [InlineData("retired-blind2.jsonl")]
    public void Predict_ShippedModelOnRetiredHeldOut_FitsTrainingDataAndBeatsKeywordBaseline(string file)
    {
        var model = new Evaluation();
        var baseline = new Evaluation();
        foreach (var m in CorpusFile.Read(CorpusPath(file)))
        {
            var n = TextNormalizer.Normalize(m.Text);
            var p = Shipped.Value.Predict(n);
            model.Add(m.Type, m.Category, p.Type, p.Category);
            var (t, c) = KeywordBaseline.Classify(n);
            baseline.Add(m.Type, m.Category, t, c);
        }
        Assert.True(model.Accuracy >= 0.97, $"type accuracy on training rows {model.Accuracy:P2}");
        Assert.True(model.CategoryAccuracy >= 0.95, $"category accuracy on training rows {model.CategoryAccuracy:P2}");
        Assert.True(model.MacroF1 - baseline.MacroF1 > 0.2, $"model {model.MacroF1:F3} vs baseline {baseline.MacroF1:F3}");
    }

    [Fact]
    public void SaveLoad_RoundTrip_PredictsTheSame()
    {
        var model = ModelTrainer.Train([new("路灯坏了", "complaint", "lighting"), new("谢谢", "other", "other"), new("身份证在哪办", "query", "documents")],
            settings: new SoftmaxTrainer.Settings(BucketCount: 1 << 10, Epochs: 30));
        using var stream = new MemoryStream();
        ModelSerializer.Save(model, stream);
        stream.Position = 0;
        var loaded = ModelSerializer.Load(stream);
        Assert.Equal(model.Predict("路灯坏了").Type, loaded.Predict("路灯坏了").Type);
        Assert.Equal("complaint", loaded.Predict("路灯坏了").Type);
        Assert.Equal("other", loaded.Predict("谢谢").Type);
    }

    [Fact]
    public async Task ClassifyStream_JsonLines_OneAnswerPerLineInOrder()
    {
        var classifier = new MessageClassifier(new ModelHolder(Shipped.Value));
        var input = new StringReader("{\"text\":\"为什么3号楼路灯一直没人修\"}\n{\"text\":\"谢谢王姐👍\"}\nnot json\n");
        var output = new StringWriter();
        var count = await ClassifyStream.RunAsync(input, output, classifier);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, count);
        Assert.StartsWith("{\"type\":\"complaint\",\"category\":\"lighting\",\"confidence\":", lines[0]);
        Assert.StartsWith("{\"type\":\"other\",\"category\":\"other\"", lines[1]);
        Assert.Equal(3, lines.Length);
    }
}
