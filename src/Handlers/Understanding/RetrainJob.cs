using GridLine.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Understanding;

/// <summary>Retrains the model from the corpus train split plus stored labelled examples, writes it and swaps it in.</summary>
/// <remarks>Called by a Hangfire recurring job when <c>Understanding:RetrainRecurring</c> is true; safe to run twice.</remarks>
public sealed class RetrainJob(LabelledExampleRepository examples, ModelHolder holder, IOptions<UnderstandingOptions> options, ILogger<RetrainJob> logger)
{
    public async Task<ModelInfo> RunAsync(CancellationToken cancellationToken = default)
    {
        var corpusPath = options.Value.CorpusPath
            ?? (CorpusFile.FindRepositoryRoot() is { } root ? Path.Combine(root, "data", "corpus", "train.jsonl") : null)
            ?? throw new InvalidOperationException("corpus not found: set Understanding:CorpusPath to data/corpus/train.jsonl");
        var outPath = options.Value.ModelPath ?? throw new InvalidOperationException("set Understanding:ModelPath: the retrained model is written there");
        var corpus = CorpusFile.ReadTraining(corpusPath); // + CorpusFile.TrainingSiblings next to it, as the retrain command
        var labelled = (await examples.ListAllAsync(cancellationToken)).Select(e => new LabelledMessage(e.Text, e.Type, e.Category)).ToList();
        var model = ModelTrainer.Train(corpus, labelled);
        ModelSerializer.SaveFile(model, outPath);
        holder.Swap(model);
        logger.LogInformation("Retrained classifier on {Corpus} corpus rows and {Labelled} labelled examples; written to {Path}", corpus.Count, labelled.Count, outPath);
        return model.Info;
    }
}
