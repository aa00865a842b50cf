using System.Diagnostics;
using GridLine.Handlers.Understanding;

namespace GridLine.MlNetComparison;

internal static class Own
{
    public static Evaluation Evaluate(ClassifierModel model, IEnumerable<LabelledMessage> messages)
    {
        var eval = new Evaluation();
        foreach (var m in messages)
        {
            var p = model.Predict(TextNormalizer.Normalize(m.Text));
            eval.Add(m.Type, m.Category, p.Type, p.Category);
        }
        return eval;
    }

    /// <summary>Load time of the saved model (best of 5) and single-thread classify rate over the given messages (best of 5 passes).</summary>
    public static (double LoadMs, double PerSecond) Speed(ClassifierModel model, IReadOnlyList<LabelledMessage> messages)
    {
        using var file = new MemoryStream();
        ModelSerializer.Save(model, file);
        var bytes = file.ToArray();
        var load = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            ModelSerializer.Load(new MemoryStream(bytes));
            load = Math.Min(load, sw.Elapsed.TotalMilliseconds);
        }
        var classifier = new MessageClassifier(new ModelHolder(model));
        var best = double.MaxValue;
        for (var pass = 0; pass < 5; pass++)
        {
            var sw = Stopwatch.StartNew();
            foreach (var m in messages) classifier.Predict(m.Text);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return (load, messages.Count / best);
    }
}
