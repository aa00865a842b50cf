using BenchmarkDotNet.Attributes;
using GridLine.Handlers.Understanding;

namespace GridLine.Benchmarks;

/// <summary>Classify throughput over the retired held-out corpus (764 messages, the batch used since the first benchmark; one batch = all of them, single thread) and model load time.</summary>
[MemoryDiagnoser]
public class ClassifyBenchmarks
{
    private MessageClassifier _classifier = null!;
    private string[] _texts = [];

    [GlobalSetup]
    public void Setup()
    {
        _classifier = new MessageClassifier(new ModelHolder(ModelSerializer.LoadEmbedded()));
        var root = CorpusFile.FindRepositoryRoot(AppContext.BaseDirectory) ?? CorpusFile.FindRepositoryRoot()
            ?? throw new InvalidOperationException("run from the repository");
        _texts = CorpusFile.Read(Path.Combine(root, "data", "corpus", "retired-heldout.jsonl")).Select(m => m.Text).ToArray();
    }

    /// <summary>Messages per second = held-out count / mean time.</summary>
    [Benchmark(Description = "classify held-out batch (type+category)")]
    public int ClassifyBatch()
    {
        var reports = 0;
        foreach (var text in _texts)
            if (Taxonomy.IsReport(_classifier.Predict(text).Type)) reports++;
        return reports;
    }

    [Benchmark(Description = "load embedded model")]
    public ClassifierModel LoadModel() => ModelSerializer.LoadEmbedded();
}
