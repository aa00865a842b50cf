using System.Diagnostics;
using System.Text;
using GridLine.Handlers.Understanding;
using GridLine.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridLine.BotGateway.Hosting;

/// <summary>classify, eval and retrain: the understanding layer from the command line. They work without a database.</summary>
internal static class UnderstandingCommands
{
    /// <summary>stdin JSON lines {"text"} → stdout {"type","category","confidence"}; admin rules apply when a database is configured.</summary>
    public static async Task<int> ClassifyAsync(string[] args)
    {
        var classifier = new MessageClassifier(new ModelHolder(LoadModel(args)));
        await using var dataSource = OpenDataSourceOrNull();
        RuleBook? rules = dataSource is null ? null : new RuleBook(new ClassifierRuleRepository(dataSource),
            Options.Create(new UnderstandingOptions()), TimeProvider.System, NullLogger<RuleBook>.Instance);
        using var input = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
        await using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
        await ClassifyStream.RunAsync(input, output, classifier, rules);
        return 0;
    }

    /// <summary>Prints model metrics and the keyword baseline's side by side for a labelled JSONL file.</summary>
    public static Task<int> EvalAsync(string[] args)
    {
        var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (file is null) { Console.Error.WriteLine("usage: eval <file.jsonl> [--model path]"); return Task.FromResult(2); }
        file = ResolveCorpusPath(file);
        var model = LoadModel(args);
        var messages = CorpusFile.Read(file);
        var modelEval = new Evaluation();
        var baselineEval = new Evaluation();
        var stopwatch = Stopwatch.StartNew();
        foreach (var m in messages)
        {
            var p = model.Predict(TextNormalizer.Normalize(m.Text));
            modelEval.Add(m.Type, m.Category, p.Type, p.Category);
        }
        var elapsed = stopwatch.Elapsed;
        foreach (var m in messages)
        {
            var (type, category) = KeywordBaseline.Classify(TextNormalizer.Normalize(m.Text));
            baselineEval.Add(m.Type, m.Category, type, category);
        }
        Console.WriteLine($"file: {file}   model trained {model.Info.TrainedAt} ({model.Info.Trainer})");
        Console.WriteLine(modelEval.Report("model"));
        Console.WriteLine(baselineEval.Report("keyword baseline (fixed keyword list, as WeCom auto-reply)"));
        Console.WriteLine("== side by side            model   baseline");
        Console.WriteLine($"type accuracy          {modelEval.Accuracy,8:P1} {baselineEval.Accuracy,10:P1}");
        Console.WriteLine($"macro-F1               {modelEval.MacroF1,8:F3} {baselineEval.MacroF1,10:F3}");
        Console.WriteLine($"report recall          {modelEval.ReportRecall,8:P1} {baselineEval.ReportRecall,10:P1}");
        Console.WriteLine($"category accuracy      {modelEval.CategoryAccuracy,8:P1} {baselineEval.CategoryAccuracy,10:P1}");
        Console.WriteLine($"model time: {elapsed.TotalMilliseconds:F0} ms for {messages.Count} messages");
        return Task.FromResult(0);
    }

    /// <summary>Trains on data/corpus/train.jsonl and its <see cref="CorpusFile.TrainingSiblings"/> plus the database's labelled examples and writes the model file.</summary>
    public static async Task<int> RetrainAsync(string[] args)
    {
        var root = CorpusFile.FindRepositoryRoot();
        var corpusPath = Option(args, "--corpus") ?? (root is null ? null : Path.Combine(root, "data", "corpus", "train.jsonl"));
        if (corpusPath is null || !File.Exists(corpusPath)) { Console.Error.WriteLine("corpus not found; pass --corpus data/corpus/train.jsonl"); return 2; }
        var outPath = Option(args, "--out") ?? (root is null ? "model.bin" : Path.Combine(root, "src", "Handlers", "Understanding", "Model", "model.bin"));

        // The shipped model is trained on train.jsonl + CorpusFile.TrainingSiblings (validation, once selection is done, and the retired
        // test sets); the current blind test set is never read here. --no-validation trains on the train split alone.
        var corpus = Option(args, "--corpus") is null && !args.Contains("--no-validation") ? CorpusFile.ReadTraining(corpusPath) : CorpusFile.Read(corpusPath);
        var labelled = new List<LabelledMessage>();
        await using (var dataSource = OpenDataSourceOrNull())
        {
            if (dataSource is not null)
                labelled = (await new LabelledExampleRepository(dataSource).ListAllAsync()).Select(e => new LabelledMessage(e.Text, e.Type, e.Category)).ToList();
        }
        var stopwatch = Stopwatch.StartNew();
        var settings = new SoftmaxTrainer.Settings();
        if (Option(args, "--l2") is { } l2) settings = settings with { L2 = float.Parse(l2, System.Globalization.CultureInfo.InvariantCulture) };
        if (Option(args, "--epochs") is { } epochs) settings = settings with { Epochs = int.Parse(epochs) };
        var model = ModelTrainer.Train(corpus, labelled, settings);
        ModelSerializer.SaveFile(model, outPath);
        Console.WriteLine($"trained on {corpus.Count} corpus rows + {labelled.Count} labelled examples in {stopwatch.Elapsed.TotalSeconds:F1} s; wrote {outPath} ({new FileInfo(outPath).Length / 1024} KiB)");
        return 0;
    }

    // A relative path that does not exist from the working directory is tried from the repository root
    // (the working directory is not always where `dotnet run` was typed).
    private static string ResolveCorpusPath(string file)
    {
        if (Path.IsPathRooted(file) || File.Exists(file)) return file;
        var root = CorpusFile.FindRepositoryRoot() ?? CorpusFile.FindRepositoryRoot(AppContext.BaseDirectory);
        return root is not null && File.Exists(Path.Combine(root, file)) ? Path.Combine(root, file) : file;
    }

    private static ClassifierModel LoadModel(string[] args) =>
        Option(args, "--model") is { } path ? ModelSerializer.LoadFile(path) : ModelSerializer.LoadEmbedded();

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    // The rules layer and labelled examples need a database; without ConnectionStrings__GridLine they are skipped.
    private static NpgsqlDataSource? OpenDataSourceOrNull()
    {
        var cs = Environment.GetEnvironmentVariable("ConnectionStrings__GridLine");
        if (string.IsNullOrWhiteSpace(cs)) return null;
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        return NpgsqlDataSource.Create(cs);
    }
}
