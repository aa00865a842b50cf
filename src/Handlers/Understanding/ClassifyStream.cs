using System.Text.Json;

namespace GridLine.Handlers.Understanding;

/// <summary>The classify command's loop: JSON lines {"text"} in, one {"type","category","confidence"} line out per input, in order.</summary>
public static class ClassifyStream
{
    public static async Task<int> RunAsync(TextReader input, TextWriter output, MessageClassifier classifier, RuleBook? rules = null, CancellationToken cancellationToken = default)
    {
        var count = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var text = ReadText(line);
            var (type, category, confidence, _) = classifier.Predict(text);
            if (rules is not null && await rules.MatchAsync(TextNormalizer.Normalize(text), cancellationToken) is { } rule)
            {
                if (rule.ForceType is not null) (type, confidence) = (rule.ForceType, 1);
                if (rule.ForceCategory is not null) category = rule.ForceCategory;
                else if (type == Taxonomy.Other) category = "other";
            }
            await output.WriteLineAsync($"{{\"type\":\"{type}\",\"category\":\"{category}\",\"confidence\":{Math.Round(confidence, 4).ToString(System.Globalization.CultureInfo.InvariantCulture)}}}");
            count++;
        }
        await output.FlushAsync(cancellationToken);
        return count;
    }

    // A malformed line still gets an answer, so output lines stay aligned with input lines.
    private static string ReadText(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString() ?? "" : "";
        }
        catch (JsonException) { return ""; }
    }
}
