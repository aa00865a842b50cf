using System.Text.Json;

namespace GridLine.Handlers.Understanding;

/// <summary>One labelled message of the corpus (data/corpus/*.jsonl).</summary>
public sealed record LabelledMessage(string Text, string Type, string Category);

/// <summary>Reads JSONL corpora and finds the repository's corpus directory.</summary>
public static class CorpusFile
{
    public static List<LabelledMessage> Read(string path)
    {
        var list = new List<LabelledMessage>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            list.Add(new LabelledMessage(root.GetProperty("text").GetString() ?? "", root.GetProperty("type").GetString() ?? "",
                root.TryGetProperty("category", out var c) ? c.GetString() ?? "other" : "other"));
        }
        return list;
    }

    /// <summary>Walks up from <paramref name="start"/> (default: the current directory) to the directory holding data/corpus.</summary>
    public static string? FindRepositoryRoot(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "data", "corpus", "train.jsonl"))) return dir.FullName;
        return null;
    }
}
