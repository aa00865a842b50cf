namespace GridLine.Handlers.Understanding;

/// <summary>Trains a <see cref="SoftmaxModel"/> with AdaGrad SGD and L2 regularisation; deterministic for a given seed.</summary>
public static class SoftmaxTrainer
{
    public sealed record Settings(int BucketCount = 1 << 17, int Epochs = 20, float LearningRate = 0.5f, float L2 = 1e-6f, int Seed = 7);

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
            var n = CharNgramFeaturizer.Featurize(e.Text, settings.BucketCount, buffer);
            return (Features: buffer[..n], Label: index[e.Label]);
        }).ToArray();

        var model = new SoftmaxModel(labels, settings.BucketCount, weights, bias);
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
                    var g = p[c] - (c == label ? 1f : 0f);
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
