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

    /// <summary>
    /// The corpus files the shipped model is trained on, next to train.jsonl: validation.jsonl (after selection), retired-heldout.jsonl
    /// (the old held-out split, retired as a test set in session 3), retired-blind1.jsonl (blind set 1, scored once as run 5 and then
    /// retired) and retired-blind2.jsonl (blind set 2, scored once as run 6 and then retired), all used as ordinary training data. The current blind test set is never read here.
    /// </summary>
    public static readonly string[] TrainingSiblings = ["validation.jsonl", "retired-heldout.jsonl", "retired-blind1.jsonl", "retired-blind2.jsonl"];

    /// <summary>Reads <paramref name="trainPath"/> plus the <see cref="TrainingSiblings"/> that exist in its directory.</summary>
    public static List<LabelledMessage> ReadTraining(string trainPath)
    {
        var list = Read(trainPath);
        var dir = Path.GetDirectoryName(Path.GetFullPath(trainPath))!;
        foreach (var sibling in TrainingSiblings)
            if (File.Exists(Path.Combine(dir, sibling))) list.AddRange(Read(Path.Combine(dir, sibling)));
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
