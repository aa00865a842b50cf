using System.Collections.Concurrent;

namespace GridLine.Handlers.Duplicates;

/// <summary>
/// Prepared <see cref="TextFeatures"/> by text, so that the open orders a report is compared with are prepared once, not
/// for every report (each report is scored against up to 50 candidates). Keyed by the text itself, so an edited
/// description is simply a new entry. Bounded: when it holds <paramref name="capacity"/> texts it starts again empty.
/// </summary>
public sealed class TextFeatureCache(int capacity = 20_000)
{
    private readonly ConcurrentDictionary<string, TextFeatures> _features = new(StringComparer.Ordinal);

    public TextFeatures Get(string text)
    {
        if (_features.TryGetValue(text, out var features)) return features;
        if (_features.Count >= capacity) _features.Clear();
        return _features.GetOrAdd(text, TextSimilarity.Prepare);
    }

    public int Count => _features.Count;
}
