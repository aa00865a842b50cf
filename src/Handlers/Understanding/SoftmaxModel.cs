using System.Buffers;

namespace GridLine.Handlers.Understanding;

/// <summary>Multinomial logistic regression over hashed features: small, fast, and with no dependency beyond the BCL.</summary>
public sealed class SoftmaxModel
{
    private readonly float[] _weights; // bucket-major: weights[bucket * classes + k], so one feature reads one cache line
    private readonly float[] _bias;

    public SoftmaxModel(IReadOnlyList<string> labels, int bucketCount, float[] weights, float[] bias, FeatureKind features = FeatureKind.Full)
    {
        if ((bucketCount & (bucketCount - 1)) != 0) throw new ArgumentException("bucket count must be a power of two", nameof(bucketCount));
        if (weights.Length != bucketCount * labels.Count || bias.Length != labels.Count) throw new ArgumentException("weights do not match labels × buckets");
        Labels = labels;
        BucketCount = bucketCount;
        _weights = weights;
        _bias = bias;
        Features = features;
    }

    public FeatureKind Features { get; }

    public IReadOnlyList<string> Labels { get; }
    public int BucketCount { get; }
    internal float[] Weights => _weights;
    internal float[] Bias => _bias;

    /// <summary>Class probabilities for normalised text, written into <paramref name="probabilities"/> (length = Labels.Count).</summary>
    public void Predict(ReadOnlySpan<char> normalized, Span<float> probabilities)
    {
        var rented = ArrayPool<int>.Shared.Rent(CharNgramFeaturizer.MaxFeatures);
        try
        {
            var n = CharNgramFeaturizer.Featurize(normalized, BucketCount, rented, Features);
            Scores(rented.AsSpan(0, n), probabilities);
            Softmax(probabilities);
        }
        finally { ArrayPool<int>.Shared.Return(rented); }
    }

    internal void Scores(ReadOnlySpan<int> features, Span<float> scores)
    {
        var k = Labels.Count;
        _bias.CopyTo(scores);
        var scale = 1f / MathF.Sqrt(features.Length);
        foreach (var f in features)
        {
            var row = _weights.AsSpan(f * k, k);
            for (var c = 0; c < k; c++) scores[c] += row[c] * scale;
        }
    }

    internal static void Softmax(Span<float> scores)
    {
        var max = float.NegativeInfinity;
        foreach (var s in scores) max = MathF.Max(max, s);
        var sum = 0f;
        for (var i = 0; i < scores.Length; i++) sum += scores[i] = MathF.Exp(scores[i] - max);
        for (var i = 0; i < scores.Length; i++) scores[i] /= sum;
    }
}
