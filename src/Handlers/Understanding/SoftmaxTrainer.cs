namespace GridLine.Handlers.Understanding;

/// <summary>Trains a <see cref="SoftmaxModel"/> with AdaGrad SGD and L2 regularisation; deterministic for a given seed.</summary>
public static class SoftmaxTrainer
{
    /// <param name="ClassWeighted">Weight each example by total / (classes × class count), so small classes count as much as large ones.</param>
    public sealed record Settings(int BucketCount = 1 << 17, int Epochs = 20, float LearningRate = 0.5f, float L2 = 1e-5f, int Seed = 7,
        FeatureKind Features = FeatureKind.Full, bool ClassWeighted = false);

    public static SoftmaxModel Train(IReadOnlyList<(string Text, string Label)> examples, IReadOnlyList<string> labels, Settings? settings = null)
    {
        settings ??= new Settings();
        var k = labels.Count;
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i);
        var weights = new float[settings.BucketCount * k];
        var squares = new float[weights.Length];
        var bias = new float[k];
        var biasSquares = new float[k];
        var featureSets = examples.Select(e =>
        {
            var buffer = new int[CharNgramFeaturizer.MaxFeatures];
            var n = CharNgramFeaturizer.Featurize(e.Text, settings.BucketCount, buffer, settings.Features);
            return (Features: buffer[..n], Label: index[e.Label]);
        }).ToArray();

        var classWeights = new float[k];
        for (var c = 0; c < k; c++)
        {
            var n = featureSets.Count(f => f.Label == c);
            classWeights[c] = !settings.ClassWeighted || n == 0 ? 1f : (float)featureSets.Length / (k * n);
        }
        var model = new SoftmaxModel(labels, settings.BucketCount, weights, bias, settings.Features);
        var random = new Random(settings.Seed);
        var order = Enumerable.Range(0, featureSets.Length).ToArray();
        Span<float> p = stackalloc float[k];
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var (features, label) = featureSets[i];
                model.Scores(features, p);
                SoftmaxModel.Softmax(p);
                var scale = 1f / MathF.Sqrt(features.Length);
                for (var c = 0; c < k; c++)
                {
                    var g = (p[c] - (c == label ? 1f : 0f)) * classWeights[label];
                    biasSquares[c] += g * g;
                    bias[c] -= settings.LearningRate * g / MathF.Sqrt(biasSquares[c] + 1e-8f);
                    foreach (var f in features)
                    {
                        var w = f * k + c;
                        var gw = g * scale + settings.L2 * weights[w];
                        squares[w] += gw * gw;
                        weights[w] -= settings.LearningRate * gw / MathF.Sqrt(squares[w] + 1e-8f);
                    }
                }
            }
        }
        return model;
    }
}
