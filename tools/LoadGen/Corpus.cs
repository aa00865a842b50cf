using System.Text.Json;

namespace GridLine.Tools.LoadGen;

/// <summary>Realistic resident texts: the "text" field of data/corpus/train.jsonl (found by walking up from the working directory).</summary>
public static class Corpus
{
    public static IReadOnlyList<string> Load(string path)
    {
        if (string.IsNullOrEmpty(path)) path = Find("data/corpus/train.jsonl");
        var texts = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 } s) texts.Add(s);
        }
        if (texts.Count == 0) throw new InvalidDataException($"{path} holds no texts");
        return texts;
    }

    private static string Find(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new FileNotFoundException($"{relative} not found above {Directory.GetCurrentDirectory()}; pass --corpus");
    }
}
