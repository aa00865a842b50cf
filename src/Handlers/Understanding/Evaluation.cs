using System.Text;

namespace GridLine.Handlers.Understanding;

/// <summary>Accuracy, per-type precision/recall/F1, macro-F1, report recall and category accuracy of a set of predictions.</summary>
public sealed class Evaluation
{
    private readonly int[,] _confusion = new int[Taxonomy.Types.Count, Taxonomy.Types.Count];
    private int _total, _typeCorrect, _categoryTotal, _categoryCorrect, _reports, _reportsCaught;

    public void Add(string expectedType, string expectedCategory, string predictedType, string predictedCategory)
    {
        var e = IndexOf(expectedType);
        var p = IndexOf(predictedType);
        _confusion[e, p]++;
        _total++;
        if (e == p) _typeCorrect++;
        // Category accuracy counts messages that need a category (everything except "other").
        if (expectedType != Taxonomy.Other)
        {
            _categoryTotal++;
            if (expectedCategory == predictedCategory) _categoryCorrect++;
        }
        if (Taxonomy.IsReport(expectedType))
        {
            _reports++;
            if (Taxonomy.IsReport(predictedType)) _reportsCaught++;
        }
    }

    public int Total => _total;
    public double Accuracy => Ratio(_typeCorrect, _total);
    public double CategoryAccuracy => Ratio(_categoryCorrect, _categoryTotal);
    /// <summary>Share of complaints and petitions predicted as either complaint or petition (both open a work order).</summary>
    public double ReportRecall => Ratio(_reportsCaught, _reports);
    public double MacroF1 => Enumerable.Range(0, Taxonomy.Types.Count).Average(i => F1(i));

    public double Precision(int i) => Ratio(_confusion[i, i], Enumerable.Range(0, Taxonomy.Types.Count).Sum(e => _confusion[e, i]));
    public double Recall(int i) => Ratio(_confusion[i, i], Enumerable.Range(0, Taxonomy.Types.Count).Sum(p => _confusion[i, p]));
    public double F1(int i) => Precision(i) + Recall(i) is var s && s == 0 ? 0 : 2 * Precision(i) * Recall(i) / s;

    public string Report(string title)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"== {title} ({_total} messages)");
        sb.AppendLine($"type accuracy       {Accuracy:P2}");
        sb.AppendLine($"macro-F1            {MacroF1:F4}");
        sb.AppendLine($"report recall       {ReportRecall:P2}  (complaint+petition predicted as complaint or petition)");
        sb.AppendLine($"category accuracy   {CategoryAccuracy:P2}  (over {_categoryTotal} non-other messages)");
        sb.AppendLine($"{"type",-10} {"precision",9} {"recall",7} {"F1",7}");
        for (var i = 0; i < Taxonomy.Types.Count; i++)
            sb.AppendLine($"{Taxonomy.Types[i],-10} {Precision(i),9:F3} {Recall(i),7:F3} {F1(i),7:F3}");
        sb.AppendLine("confusion (rows = expected, columns = predicted)");
        sb.AppendLine($"{"",-10}" + string.Concat(Taxonomy.Types.Select(t => $"{t,10}")));
        for (var e = 0; e < Taxonomy.Types.Count; e++)
            sb.AppendLine($"{Taxonomy.Types[e],-10}" + string.Concat(Enumerable.Range(0, Taxonomy.Types.Count).Select(p => $"{_confusion[e, p],10}")));
        return sb.ToString();
    }

    private static int IndexOf(string type)
    {
        for (var i = 0; i < Taxonomy.Types.Count; i++) if (Taxonomy.Types[i] == type) return i;
        return Taxonomy.Types.Count - 1; // unknown types count as "other"
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
}
