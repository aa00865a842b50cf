using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Understanding;

/// <summary>The current model; the retrain job swaps in a new one without a restart.</summary>
public sealed class ModelHolder
{
    private volatile ClassifierModel _current;

    public ModelHolder(ClassifierModel model) => _current = model;

    public ModelHolder(IOptions<UnderstandingOptions> options, ILogger<ModelHolder> logger)
    {
        var stopwatch = Stopwatch.StartNew();
        var path = options.Value.ModelPath;
        _current = !string.IsNullOrWhiteSpace(path) && File.Exists(path) ? ModelSerializer.LoadFile(path) : ModelSerializer.LoadEmbedded();
        logger.LogInformation("Loaded classifier model ({Source}, trained {TrainedAt}) in {Ms} ms",
            path is not null && File.Exists(path) ? path : "embedded", _current.Info.TrainedAt, stopwatch.ElapsedMilliseconds);
    }

    public ClassifierModel Current => _current;

    public void Swap(ClassifierModel model) => _current = model;
}
