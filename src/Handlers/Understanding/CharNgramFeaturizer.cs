namespace GridLine.Handlers.Understanding;

/// <summary>Hashed character 1–3-grams of normalised text; digits collapse to '0' so "3号楼" and "12号楼" share features.</summary>
public static class CharNgramFeaturizer
{
    public const int MaxFeatures = 3 * 258 + 2 + 2 * 64;
    private const char Boundary = '\u0002';

    /// <summary>Writes bucket indices into <paramref name="buckets"/> (repeats allowed) and returns how many were written.</summary>
    public static int Featurize(ReadOnlySpan<char> text, int bucketCount, Span<int> buckets)
    {
        if (text.Length > 256) text = text[..256]; // long messages add nothing the first 256 characters don't say
        Span<char> chars = stackalloc char[text.Length + 2];
        chars[0] = Boundary;
        for (var i = 0; i < text.Length; i++) chars[i + 1] = char.IsAsciiDigit(text[i]) ? '0' : text[i];
        chars[^1] = Boundary;

        var mask = (uint)bucketCount - 1;
        var count = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            var h = 2166136261u;
            for (var n = 0; n < 3 && i + n < chars.Length; n++)
            {
                h = (h ^ chars[i + n]) * 16777619u;
                if (n == 0 && chars[i] == Boundary) continue; // the bare boundary is not a feature
                buckets[count++] = (int)(Mix(h + (uint)n) & mask);
            }
        }
        // Very short messages ("+1", "收到") behave differently from long ones: give the model a length signal.
        buckets[count++] = (int)(Mix(0x9E3779B9u + (uint)Math.Min(text.Length, 12) / 3) & mask);
        // Topic words add a shared feature (twice: it should weigh more than one n-gram); at most 64 hits count.
        var hits = 0;
        foreach (var (word, topic) in TopicLexicon.Words)
        {
            if (hits == 64) break;
            if (!text.Contains(word, StringComparison.Ordinal)) continue;
            var bucket = (int)(Mix(0x7F4A7C15u + (uint)topic) & mask);
            buckets[count++] = bucket;
            buckets[count++] = bucket;
            hits++;
        }
        return count;
    }

    private static uint Mix(uint h)
    {
        h ^= h >> 16; h *= 0x85EBCA6Bu; h ^= h >> 13; h *= 0xC2B2AE35u; h ^= h >> 16;
        return h;
    }
}
