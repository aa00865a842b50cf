using GridLine.Handlers.Understanding;

namespace GridLine.Handlers.Tests.Understanding;

public class ModelTests
{
    private static readonly Lazy<ClassifierModel> Shipped = new(ModelSerializer.LoadEmbedded);

    private static string CorpusPath(string file) =>
        Path.Combine(CorpusFile.FindRepositoryRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("data/corpus not found"), "data", "corpus", file);

    // Blind set 2 (data/corpus/heldout-blind2.jsonl, written by someone who never saw the training data or the model) was scored
    // exactly once, as run 6 (docs/understanding.md, evaluation log): type 92.63 %, macro-F1 0.9259, report recall 98.53 %,
    // category 88.96 %. Three of the four targets are met; type accuracy (target 95 %) is not. This test is a
    // regression guard at the scored figures rounded down, so a model change that makes the blind figures worse fails here;
    // the set must not be used to select a model (a new one would need a fresh blind set, scored once).
    private const double BlindTypeAccuracyGuard = 0.92;     // scored 92.63 %: below the 95 % target
    private const double BlindMacroF1Guard = 0.92;         // scored 0.9259 = target
    private const double BlindReportRecallGuard = 0.97;    // scored 98.53 % = target
    private const double BlindCategoryAccuracyGuard = 0.85; // scored 88.96 % = target

    /// <summary>The shipped model on blind set 2: holds the figures of its single scoring (run 6).</summary>
    [Fact]
    [Trait("Category", "BlindHeldOut")]
    public void Predict_ShippedModelOnBlindSet2_HoldsItsScoredFigures()
    {
        var eval = new Evaluation();
        foreach (var m in CorpusFile.Read(CorpusPath("heldout-blind2.jsonl")))
        {
            var p = Shipped.Value.Predict(TextNormalizer.Normalize(m.Text));
            eval.Add(m.Type, m.Category, p.Type, p.Category);
        }
        Assert.Equal(800, eval.Total);
        Assert.True(eval.Accuracy >= BlindTypeAccuracyGuard, $"type accuracy {eval.Accuracy:P2}");
        Assert.True(eval.MacroF1 >= BlindMacroF1Guard, $"macro-F1 {eval.MacroF1:F3}");
        Assert.True(eval.ReportRecall >= BlindReportRecallGuard, $"report recall {eval.ReportRecall:P2}");
        Assert.True(eval.CategoryAccuracy >= BlindCategoryAccuracyGuard, $"category accuracy {eval.CategoryAccuracy:P2}");
    }

    /// <summary>
    /// The old held-out split (retired in session 3) and blind set 1 (scored once as run 5, then retired) are training data of the shipped
    /// model: this is a training-fit smoke test (the retrain path really reads them, and the keyword baseline stays far behind), not an
    /// estimate of accuracy.
    /// </summary>
    [Theory]
    [InlineData("retired-heldout.jsonl")]
    [InlineData("retired-blind1.jsonl")]
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
