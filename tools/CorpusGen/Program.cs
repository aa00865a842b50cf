using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GridLine.Tools.CorpusGen;

// Usage: dotnet run --project tools/CorpusGen -- [outDir=data/corpus] [seed=20261122]
// Expands templates.txt and handwritten.txt into labelled messages, then splits by template id (never by row)
// so the held-out file only contains wording that the training file never saw.
var outDir = args.Length > 0 ? args[0] : "data/corpus";
var seed = args.Length > 1 ? int.Parse(args[1]) : 20261122;
var random = new Random(seed);
var slots = new Slots(random);
var noise = new Noise(random);
var baseDir = AppContext.BaseDirectory;

var templates = Parse(File.ReadAllLines(Path.Combine(baseDir, "templates.txt")), "tpl");
var handwritten = Parse(File.ReadAllLines(Path.Combine(baseDir, "handwritten.txt")), "hand");

// Rows per type: most group traffic is chit-chat; petitions are rare but matter most.
var targets = new Dictionary<string, int> { ["other"] = 1750, ["complaint"] = 1200, ["query"] = 650, ["petition"] = 420 };
const int HandVariants = 2;

var rows = new List<Row>();
foreach (var (type, target) in targets)
{
    var typeTemplates = templates.Where(t => t.Type == type).ToList();
    var handRows = handwritten.Count(h => h.Type == type) * HandVariants;
    var perTemplate = Math.Max(3, (int)Math.Round((target - handRows) / (double)typeTemplates.Count));
    foreach (var t in typeTemplates) rows.AddRange(Expand(t, perTemplate));
    foreach (var h in handwritten.Where(h => h.Type == type)) rows.AddRange(Expand(h, HandVariants));
}

var shuffled = rows.OrderBy(_ => random.Next()).ToList();
Directory.CreateDirectory(outDir);
var train = shuffled.Where(r => !r.Template.HeldOut).ToList();
var heldout = shuffled.Where(r => r.Template.HeldOut).ToList();
Write(Path.Combine(outDir, "train.jsonl"), train);
Write(Path.Combine(outDir, "heldout.jsonl"), heldout);

Console.WriteLine($"templates {templates.Count} + hand-written {handwritten.Count}; rows {rows.Count}: train {train.Count}, heldout {heldout.Count} ({100.0 * heldout.Count / rows.Count:F1}%)");
foreach (var g in rows.GroupBy(r => r.Template.Type).OrderByDescending(g => g.Count()))
    Console.WriteLine($"  {g.Key,-10} {g.Count(),5} ({100.0 * g.Count() / rows.Count:F1}%)  heldout {g.Count(r => r.Template.HeldOut)}");
foreach (var g in rows.GroupBy(r => r.Template.Category).OrderByDescending(g => g.Count()))
    Console.WriteLine($"  {g.Key,-16} {g.Count(),5}");
return 0;

IEnumerable<Row> Expand(Template template, int count)
{
    var seen = new HashSet<string>(StringComparer.Ordinal);
    for (var attempt = 0; attempt < count * 8 && seen.Count < count; attempt++)
    {
        var text = Regex.Replace(template.Text, @"\{(\w+)\}", m => slots.Fill(m.Groups[1].Value));
        text = Regex.Replace(text, " {2,}", " ").Trim();
        // The first variant of a hand-written line stays as written; later ones get noise.
        if (template.Id.StartsWith("hand", StringComparison.Ordinal) && seen.Count == 0 && attempt == 0) { }
        else text = noise.Apply(text, template.Type == "other");
        if (text.Length > 0 && seen.Add(text)) yield return new Row(text, template);
    }
}

static List<Template> Parse(string[] lines, string prefix)
{
    var list = new List<Template>();
    string? type = null, category = null;
    var index = 0;
    foreach (var raw in lines)
    {
        var line = raw.Trim();
        if (line.Length == 0 || line.StartsWith('#') && !line.StartsWith("##", StringComparison.Ordinal)) continue;
        if (line.StartsWith("## ", StringComparison.Ordinal))
        {
            var parts = line[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            (type, category, index) = (parts[0], parts[1], 0);
            continue;
        }
        if (type is null || category is null) throw new InvalidDataException($"line outside a group: {line}");
        // Every fifth template of each group (offset differs per file) is held out; groups with fewer than three
        // templates keep all of them for training, so held-out categories always have training examples too.
        var heldOut = index % 5 == (prefix == "tpl" ? 2 : 3);
        list.Add(new Template($"{prefix}.{type}.{category}.{index}", type, category, line, heldOut));
        index++;
    }
    return list;
}

static void Write(string path, List<Row> rows)
{
    var sb = new StringBuilder();
    foreach (var r in rows)
        sb.Append(JsonSerializer.Serialize(new { text = r.Text, type = r.Template.Type, category = r.Template.Category, template = r.Template.Id },
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })).Append('\n');
    File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
}

internal sealed record Template(string Id, string Type, string Category, string Text, bool HeldOut);
internal sealed record Row(string Text, Template Template);
