namespace GridLine.Handlers.Understanding;

/// <summary>Which features a <see cref="SoftmaxModel"/> reads; stored in the model file.</summary>
public enum FeatureKind : byte
{
    /// <summary>Char 1–3-grams of the whole normalised text, a length signal and topic-lexicon features (the type model).</summary>
    Full = 0,
    /// <summary>
    /// Char 1–<see cref="CharNgramFeaturizer.ContentMaxN"/>-grams of the text after <see cref="Scaffolding"/> words are cut out, plus topic-lexicon
    /// features: what a message is about, not how it is asked (the category model).
    /// </summary>
    Content = 1,
    /// <summary>
    /// As <see cref="Content"/> with char 1–3-grams (the category model since the second vocabulary widening: it generalised slightly better
    /// in template-grouped cross-validation). Models written before keep <see cref="Content"/> and featurise as they were trained.
    /// </summary>
    ContentShort = 2,
}

/// <summary>Hashed character n-grams of normalised text; digits collapse to '0' so "3号楼" and "12号楼" share features.</summary>
public static class CharNgramFeaturizer
{
    public const int MaxLength = 256;
    public const int ContentMaxN = 4;
    public const int ContentShortMaxN = 3;
    public const int MaxFeatures = ContentMaxN * (MaxLength + 2) + 2 + 16 * 64;

    /// <summary>Whether the content features carry the "no topic word" feature. Settable only for the selection sweep.</summary>
    public static bool ContentNoTopicFeature { get; set; } = true;
    private const char Boundary = '\u0002';

    /// <summary>How often a topic hit repeats in the content features (chosen on validation). Settable only for the selection sweep.</summary>
    public static int ContentTopicRepeat { get; set; } = 8;

    /// <summary>Writes bucket indices into <paramref name="buckets"/> (repeats allowed) and returns how many were written.</summary>
    public static int Featurize(ReadOnlySpan<char> text, int bucketCount, Span<int> buckets, FeatureKind kind = FeatureKind.Full)
    {
        if (text.Length > MaxLength) text = text[..MaxLength]; // long messages add nothing the first 256 characters don't say
        var mask = (uint)bucketCount - 1;
        var count = 0;
        var content = kind is FeatureKind.Content or FeatureKind.ContentShort;
        if (content)
        {
            Span<char> stripped = stackalloc char[text.Length];
            var n = Scaffolding.Strip(text, stripped);
            count = Ngrams(stripped[..n], kind == FeatureKind.Content ? ContentMaxN : ContentShortMaxN, 0x51ED27u, mask, buckets);
        }
        else
        {
            count = Ngrams(text, 3, 0, mask, buckets);
            // Very short messages ("+1", "收到") behave differently from long ones: give the model a length signal.
            buckets[count++] = (int)(Mix(0x9E3779B9u + (uint)Math.Min(text.Length, 12) / 3) & mask);
        }
        // Topic words add a shared feature (twice: it should weigh more than one n-gram); at most 64 distinct words count, in lexicon order.
        var hits = 0;
        var repeat = content ? ContentTopicRepeat : 2;
        Span<ulong> found = stackalloc ulong[(TopicLexicon.Words.Length + 63) / 64];
        if (TopicLexicon.Find(text, found))
            for (var block = 0; block < found.Length && hits < 64; block++)
                for (var bits = found[block]; bits != 0 && hits < 64; bits &= bits - 1)
                {
                    var topic = TopicLexicon.Words[block * 64 + System.Numerics.BitOperations.TrailingZeroCount(bits)].Topic;
                    var bucket = (int)(Mix(0x7F4A7C15u + (uint)topic) & mask);
                    for (var r = 0; r < repeat; r++) buckets[count++] = bucket;
                    hits++;
                }
        // For the category model, "no topic word at all" is itself a signal (progress questions, vague requests → category other).
        if (content && hits == 0 && ContentNoTopicFeature) buckets[count++] = (int)(Mix(0x2545F491u) & mask);
        return count;
    }

    private static int Ngrams(ReadOnlySpan<char> text, int maxN, uint salt, uint mask, Span<int> buckets)
    {
        Span<char> chars = stackalloc char[text.Length + 2];
        chars[0] = Boundary;
        for (var i = 0; i < text.Length; i++) chars[i + 1] = char.IsAsciiDigit(text[i]) ? '0' : text[i];
        chars[^1] = Boundary;
        var count = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            var h = 2166136261u ^ salt;
            for (var n = 0; n < maxN && i + n < chars.Length; n++)
            {
                h = (h ^ chars[i + n]) * 16777619u;
                if (n == 0 && chars[i] == Boundary) continue; // the bare boundary is not a feature
                buckets[count++] = (int)(Mix(h + (uint)n) & mask);
            }
        }
        return count;
    }

    private static uint Mix(uint h)
    {
        h ^= h >> 16; h *= 0x85EBCA6Bu; h ^= h >> 13; h *= 0xC2B2AE35u; h ^= h >> 16;
        return h;
    }
}
