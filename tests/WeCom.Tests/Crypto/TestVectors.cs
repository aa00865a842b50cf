using System.Text.Json;

namespace GridLine.WeCom.Tests.Crypto;

/// <summary>The shared vectors file (TestData/test-vectors.json), loaded once.</summary>
internal static class TestVectors
{
    private static readonly Lazy<Dictionary<string, JsonElement>> All = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "test-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("vectors").EnumerateArray()
            .ToDictionary(v => v.GetProperty("id").GetString()!, v => v.Clone());
    });

    public static IEnumerable<string> Ids => All.Value.Keys;

    public static JsonElement Get(string id) => All.Value[id];

    public static string? Text(this JsonElement vector, string name)
        => vector.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string Required(this JsonElement vector, string name) => vector.Text(name) ?? throw new InvalidOperationException($"vector lacks {name}");

    public static TheoryData<string> IdsWhere(Func<JsonElement, bool> predicate)
    {
        var data = new TheoryData<string>();
        foreach (var (id, vector) in All.Value) if (predicate(vector)) data.Add(id);
        return data;
    }
}
