using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GridLine.Tools.CorpusGen;

// Usage: dotnet run --project tools/CorpusGen -- [outDir=data/corpus] [seed=20261122]
// Expands templates.txt and handwritten.txt into labelled messages, then splits by template id (never by row)
// so the held-out file only contains wording that the training file never saw; a validation split (also by template id)
// is carved out of the training templates for tuning. Output: train.jsonl, validation.jsonl, retired-heldout.jsonl (the old held-out
// split, now training data).
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

// Templates added after the held-out split was frozen (templates-train.txt): they only ever go to train or validation,
// and they are expanded with their own random stream after the shuffle above, so heldout.jsonl stays byte-identical.
var addRandom = new Random(seed ^ 0x5EED);
var addSlots = new Slots(addRandom);
var addNoise = new Noise(addRandom);
var added = Parse(File.ReadAllLines(Path.Combine(baseDir, "templates-train.txt")), "add");
var addedRows = new List<Row>();
foreach (var t in added) addedRows.AddRange(Expand(t, AddedPerTemplate(t.Type), addSlots, addNoise));
shuffled.AddRange(addedRows.OrderBy(_ => addRandom.Next()));
rows.AddRange(addedRows);

// Second widening (templates-train2.txt, ids "wide.…"): same rule, its own random stream, appended after the first.
var wideRandom = new Random(seed ^ 0x71DE);
var wideSlots = new Slots(wideRandom, cycle: true);
var wideNoise = new Noise(wideRandom);
var wide = Parse(File.ReadAllLines(Path.Combine(baseDir, "templates-train2.txt")), "wide");
var wideRows = new List<Row>();
foreach (var t in wide) wideRows.AddRange(Expand(t, AddedPerTemplate(t.Type), wideSlots, wideNoise));
shuffled.AddRange(wideRows.OrderBy(_ => wideRandom.Next()));
rows.AddRange(wideRows);
added.AddRange(wide);

// Third iteration (templates-train3.txt, ids "s3.…"): written after the old held-out split was retired; same rule, own random stream.
var s3Random = new Random(seed ^ 0x53E3);
var s3Slots = new Slots(s3Random, cycle: true);
var s3Noise = new Noise(s3Random);
var s3 = Parse(File.ReadAllLines(Path.Combine(baseDir, "templates-train3.txt")), "s3");
var s3Rows = new List<Row>();
foreach (var t in s3) s3Rows.AddRange(Expand(t, AddedPerTemplate(t.Type), s3Slots, s3Noise));
shuffled.AddRange(s3Rows.OrderBy(_ => s3Random.Next()));
rows.AddRange(s3Rows);
added.AddRange(s3);

// Fourth iteration (templates-train4.txt, ids "s4.…"; session 3, after blind set 1): everyday non-report messages (notices, adverts,
// greetings, thanks, staff replies, sales, small talk naming topic words) and reports that look like chit-chat; own random stream,
// same split rule. "other" templates get 8 rows each (many short templates, few near-copies) so the share of "other" does not jump.
const int S4OtherRows = 8;
var s4Random = new Random(seed ^ 0x54E4);
var s4Slots = new Slots(s4Random, cycle: true);
var s4Noise = new Noise(s4Random);
var s4 = Parse(File.ReadAllLines(Path.Combine(baseDir, "templates-train4.txt")), "s4");
var s4Rows = new List<Row>();
foreach (var t in s4) s4Rows.AddRange(Expand(t, t.Type == "other" ? S4OtherRows : AddedPerTemplate(t.Type), s4Slots, s4Noise));
shuffled.AddRange(s4Rows.OrderBy(_ => s4Random.Next()));
rows.AddRange(s4Rows);
added.AddRange(s4);

// Fifth iteration (templates-train5.txt, ids "s5.…"; session 3, after blind set 2): long grievances that are petitions without an
// explicit ask, their ordinary-complaint look-alikes, queries that look like chit-chat or complaints, and "other" kinds still taken for
// reports; own random stream, same split rule, 8 rows per template of every type (petitions would otherwise get ≈ 13 each and
// their share jump). New slot lists used only here.
const int S5Rows = 8;
var s5Random = new Random(seed ^ 0x55E5);
var s5Slots = new Slots(s5Random, cycle: true);
var s5Noise = new Noise(s5Random);
var s5 = Parse(File.ReadAllLines(Path.Combine(baseDir, "templates-train5.txt")), "s5");
var s5Rows = new List<Row>();
foreach (var t in s5) s5Rows.AddRange(Expand(t, S5Rows, s5Slots, s5Noise));
shuffled.AddRange(s5Rows.OrderBy(_ => s5Random.Next()));
rows.AddRange(s5Rows);
added.AddRange(s5);

Directory.CreateDirectory(outDir);
var train = shuffled.Where(r => r.Template.Split == Split.Train).ToList();
var validation = shuffled.Where(r => r.Template.Split == Split.Validation).ToList();
var heldout = shuffled.Where(r => r.Template.Split == Split.HeldOut).ToList();
Write(Path.Combine(outDir, "train.jsonl"), train);
Write(Path.Combine(outDir, "validation.jsonl"), validation);
// The old held-out split was scored four times and is RETIRED as a test set (session 3): it is written to retired-heldout.jsonl and
// used as ordinary training data (retrain and CV read train + validation + retired-heldout). The blind test sets are not
// produced by this generator (blind set 1, retired after one scoring, is kept as data/corpus/retired-blind1.jsonl; blind set 2, scored once as run 6, is
// kept as data/corpus/retired-blind2.jsonl; blind set 3 is written by someone else).
Write(Path.Combine(outDir, "retired-heldout.jsonl"), heldout);

Console.WriteLine($"templates {templates.Count} + hand-written {handwritten.Count} + added {added.Count}; rows {rows.Count}: " +
    $"train {train.Count}, validation {validation.Count} ({100.0 * validation.Count / rows.Count:F1}%), retired heldout {heldout.Count} ({100.0 * heldout.Count / rows.Count:F1}%)");
var all = templates.Concat(handwritten).Concat(added).ToList();
Console.WriteLine($"template ids: train {all.Count(t => t.Split == Split.Train)}, validation {all.Count(t => t.Split == Split.Validation)}, heldout {all.Count(t => t.Split == Split.HeldOut)}");
foreach (var g in rows.GroupBy(r => r.Template.Type).OrderByDescending(g => g.Count()))
    Console.WriteLine($"  {g.Key,-10} {g.Count(),5} ({100.0 * g.Count() / rows.Count:F1}%)  validation {g.Count(r => r.Template.Split == Split.Validation)}  heldout {g.Count(r => r.Template.Split == Split.HeldOut)}");
foreach (var g in rows.GroupBy(r => r.Template.Category).OrderByDescending(g => g.Count()))
    Console.WriteLine($"  {g.Key,-16} {g.Count(),5}");
return 0;

// Added templates get as many rows as an original template of the same type.
int AddedPerTemplate(string type) =>
    Math.Max(3, (int)Math.Round((targets[type] - handwritten.Count(h => h.Type == type) * HandVariants) / (double)templates.Count(t => t.Type == type)));

IEnumerable<Row> Expand(Template template, int count, Slots? slotsOverride = null, Noise? noiseOverride = null)
{
    var slots_ = slotsOverride ?? slots;
    var noise_ = noiseOverride ?? noise;
    var seen = new HashSet<string>(StringComparer.Ordinal);
    for (var attempt = 0; attempt < count * 8 && seen.Count < count; attempt++)
    {
        var text = Regex.Replace(template.Text, @"\{(\w+)\}", m => slots_.Fill(m.Groups[1].Value));
        text = Regex.Replace(text, " {2,}", " ").Trim();
        // The first variant of a hand-written line stays as written; later ones get noise.
        if (template.Id.StartsWith("hand", StringComparison.Ordinal) && seen.Count == 0 && attempt == 0) { }
        else text = noise_.Apply(text, template.Type == "other");
        if (text.Length > 0 && seen.Add(text)) yield return new Row(text, template);
    }
}

static List<Template> Parse(string[] lines, string prefix)
{
    var list = new List<Template>();
    string? type = null, category = null;
    var index = 0;
    var trainIndex = 0;
    // A group heading may repeat (templates-train2.txt adds sections later in the file): numbering continues where the group left off.
    var counters = new Dictionary<string, (int Index, int TrainIndex)>(StringComparer.Ordinal);
    foreach (var raw in lines)
    {
        var line = raw.Trim();
        if (line.Length == 0 || line.StartsWith('#') && !line.StartsWith("##", StringComparison.Ordinal)) continue;
        if (line.StartsWith("## ", StringComparison.Ordinal))
        {
            var parts = line[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (type is not null) counters[$"{type} {category}"] = (index, trainIndex);
            (type, category) = (parts[0], parts[1]);
            (index, trainIndex) = counters.GetValueOrDefault($"{type} {category}");
            continue;
        }
        if (type is null || category is null) throw new InvalidDataException($"line outside a group: {line}");
        // Every fifth template of each group (offset differs per file) is held out; groups with fewer than three
        // templates keep all of them for training, so held-out categories always have training examples too.
        // Templates added later ("add"/"wide", templates-train*.txt) are never held out: the held-out set is frozen.
        var heldOut = prefix is not ("add" or "wide" or "s3" or "s4" or "s5") && index % 5 == (prefix == "tpl" ? 2 : 3);
        // Validation: every seventh remaining (training) template of each group, fourth first (≈ 14 % of training
        // templates). All tuning and model selection is done on it; held-out is scored once per final configuration.
        var split = heldOut ? Split.HeldOut : trainIndex++ % 7 == 3 ? Split.Validation : Split.Train;
        list.Add(new Template($"{prefix}.{type}.{category}.{index}", type, category, line, split));
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

internal enum Split { Train, Validation, HeldOut }
internal sealed record Template(string Id, string Type, string Category, string Text, Split Split);
internal sealed record Row(string Text, Template Template);
