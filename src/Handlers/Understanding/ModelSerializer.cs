using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace GridLine.Handlers.Understanding;

/// <summary>
/// Reads and writes the model file: gzip of a small header, then each model's non-zero buckets as (index, Half[classes]).
/// Unused buckets are never stored, so a 2^17-bucket model is a few hundred kilobytes and loads in milliseconds.
/// </summary>
public static class ModelSerializer
{
    // GLM2 adds the feature kind of each model; GLM3 adds an optional second category model (a flag byte, then the model).
    private const string Magic = "GLM3", MagicV2 = "GLM2", MagicV1 = "GLM1";

    public static void Save(ClassifierModel model, Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(JsonSerializer.Serialize(model.Info));
        Write(writer, model.TypeModel);
        Write(writer, model.CategoryModel);
        writer.Write(model.SecondCategoryModel is not null);
        if (model.SecondCategoryModel is { } second) Write(writer, second);
    }

    public static ClassifierModel Load(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(new BufferedStream(gzip, 1 << 16), Encoding.UTF8);
        var magic = reader.ReadString();
        if (magic != Magic && magic != MagicV2 && magic != MagicV1) throw new InvalidDataException("not a GridLine model file (bad magic)");
        var v2 = magic != MagicV1;
        var info = JsonSerializer.Deserialize<ModelInfo>(reader.ReadString()) ?? throw new InvalidDataException("model info missing");
        var type = Read(reader, v2);
        var category = Read(reader, v2);
        var second = magic == Magic && reader.ReadBoolean() ? Read(reader, v2) : null;
        return new ClassifierModel(type, category, info, second);
    }

    public static void SaveFile(ClassifierModel model, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        using (var file = File.Create(temp)) Save(model, file);
        File.Move(temp, path, overwrite: true); // readers never see a half-written model
    }

    public static ClassifierModel LoadFile(string path)
    {
        using var file = File.OpenRead(path);
        return Load(file);
    }

    /// <summary>The model shipped inside this assembly (src/Handlers/Understanding/Model/model.bin).</summary>
    public static ClassifierModel LoadEmbedded()
    {
        using var stream = typeof(ModelSerializer).Assembly.GetManifestResourceStream("GridLine.Handlers.Understanding.Model.model.bin")
            ?? throw new InvalidOperationException("embedded model missing: run `dotnet run --project src/BotGateway -- retrain`");
        return Load(stream);
    }

    private static void Write(BinaryWriter writer, SoftmaxModel model)
    {
        var k = model.Labels.Count;
        writer.Write((byte)model.Features);
        writer.Write(model.BucketCount);
        writer.Write(k);
        foreach (var label in model.Labels) writer.Write(label);
        foreach (var b in model.Bias) writer.Write(b);
        var used = new List<int>();
        for (var bucket = 0; bucket < model.BucketCount; bucket++)
            for (var c = 0; c < k; c++)
                if (model.Weights[bucket * k + c] != 0) { used.Add(bucket); break; }
        writer.Write(used.Count);
        foreach (var bucket in used)
        {
            writer.Write(bucket);
            for (var c = 0; c < k; c++) writer.Write((Half)model.Weights[bucket * k + c]);
        }
    }

    private static SoftmaxModel Read(BinaryReader reader, bool v2)
    {
        var features = v2 ? (FeatureKind)reader.ReadByte() : FeatureKind.Full;
        if (!Enum.IsDefined(features)) throw new InvalidDataException($"unknown feature kind {features}");
        var buckets = reader.ReadInt32();
        var k = reader.ReadInt32();
        var labels = new string[k];
        for (var i = 0; i < k; i++) labels[i] = reader.ReadString();
        var bias = new float[k];
        for (var i = 0; i < k; i++) bias[i] = reader.ReadSingle();
        var weights = new float[buckets * k];
        var used = reader.ReadInt32();
        for (var u = 0; u < used; u++)
        {
            var bucket = reader.ReadInt32();
            for (var c = 0; c < k; c++) weights[bucket * k + c] = (float)reader.ReadHalf();
        }
        return new SoftmaxModel(labels, buckets, weights, bias, features);
    }
}
