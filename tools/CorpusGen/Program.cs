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

// Templates added after the held-out split was frozen (templates-train*.txt) only ever go to train or validation. Each file is
// expanded after the shuffle above with its own random stream, appended in order, so every earlier file's rows stay byte-identical
// when a later file is added:
// - templates-train.txt ("add"): vocabulary widening; as many rows per template as an original template of its type.
// - templates-train2.txt ("wide"): second widening; slots cycle through their lists.
// - templates-train3.txt ("s3"): written after the old held-out split was retired.
// - templates-train4.txt ("s4"; session 3, after blind set 1): everyday non-report messages (notices, adverts, greetings, thanks,
//   staff replies, sales, small talk naming topic words) and reports that look like chit-chat. "other" templates get 8 rows each
//   (many short templates, few near-copies) so the share of "other" does not jump.
// - templates-train5.txt ("s5"; session 3, after blind set 2): long grievances that are petitions without an explicit ask, their
//   ordinary-complaint look-alikes, queries that look like chit-chat or complaints, and "other" kinds still taken for reports;
//   8 rows per template of every type (petitions would otherwise get ≈ 13 each and their share jump). New slot lists used only here.
var added = new List<Template>();
AddTemplates("templates-train.txt", "add", 0x5EED, cycle: false, t => AddedPerTemplate(t.Type));
AddTemplates("templates-train2.txt", "wide", 0x71DE, cycle: true, t => AddedPerTemplate(t.Type));
AddTemplates("templates-train3.txt", "s3", 0x53E3, cycle: true, t => AddedPerTemplate(t.Type));
AddTemplates("templates-train4.txt", "s4", 0x54E4, cycle: true, t => t.Type == "other" ? 8 : AddedPerTemplate(t.Type));
AddTemplates("templates-train5.txt", "s5", 0x55E5, cycle: true, _ => 8);

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

// Expands one added-templates file with its own random stream (seed ^ seedMix) and appends its rows after everything before it.
void AddTemplates(string file, string prefix, int seedMix, bool cycle, Func<Template, int> rowsPerTemplate)
{
    var batchRandom = new Random(seed ^ seedMix);
    var batchSlots = new Slots(batchRandom, cycle);
    var batchNoise = new Noise(batchRandom);
    var batch = Parse(File.ReadAllLines(Path.Combine(baseDir, file)), prefix);
    var batchRows = new List<Row>();
    foreach (var t in batch) batchRows.AddRange(Expand(t, rowsPerTemplate(t), batchSlots, batchNoise));
    shuffled.AddRange(batchRows.OrderBy(_ => batchRandom.Next()));
    rows.AddRange(batchRows);
    added.AddRange(batch);
}

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
