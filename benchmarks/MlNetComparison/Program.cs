using System.Diagnostics;
using System.Globalization;
using GridLine.Handlers.Understanding;
using GridLine.MlNetComparison;

// Usage (from the repository root):
//   dotnet run -c Release --project benchmarks/MlNetComparison -- sweep            own model: settings grid, validation only
//   dotnet run -c Release --project benchmarks/MlNetComparison -- val            default configuration + keyword baseline, validation only
//   dotnet run -c Release --project benchmarks/MlNetComparison -- mlnet            ML.NET trainers, validation only
//   dotnet run -c Release --project benchmarks/MlNetComparison -- cv [k]           category model: template-grouped k-fold over train+validation
//   dotnet run -c Release --project benchmarks/MlNetComparison -- typecv [no4] [no5]  whole model, report thresholds: template-grouped 5-fold CV over all training rows
//   dotnet run -c Release --project benchmarks/MlNetComparison -- dev [file] [no4] [no5] [show]  trained without one retired blind file (default
//                                                                      retired-blind2.jsonl), scored on it (development check)
//   dotnet run -c Release --project benchmarks/MlNetComparison -- final [heldout]  chosen configurations: validation (+ held-out once)
var root = CorpusFile.FindRepositoryRoot() ?? throw new InvalidOperationException("run from the repository");
string Corpus(string f) => Path.Combine(root, "data", "corpus", f);
// Every file the shipped model trains on (CV pools them; the current blind test set is never among them).
string[] TrainingFiles = ["train.jsonl", .. CorpusFile.TrainingSiblings];
var train = CorpusFile.Read(Corpus("train.jsonl"));
var validation = CorpusFile.Read(Corpus("validation.jsonl"));
var heldout = CorpusFile.Read(Corpus("retired-heldout.jsonl")); // retired in session 3: training data now, no longer a test set
var mode = args.FirstOrDefault() ?? "final";
var withHeldout = args.Contains("heldout");
Console.WriteLine($"train {train.Count} rows, validation {validation.Count}, heldout {heldout.Count}; mode {mode}");

switch (mode)
{
    case "sweep":
        // Category rows use the content features with topic ×ContentTopicRepeat (see "topic"); type rows vary the type model alone.
        var typeBase = new SoftmaxTrainer.Settings(L2: 1e-6f);
        foreach (var (name, cat) in new (string, SoftmaxTrainer.Settings)[]
        {
            ("cat: full features (old)", new(L2: 1e-6f)),
            ("cat: full, class-weighted", new(ClassWeighted: true, L2: 1e-6f)),
            ("cat: content", new(Features: FeatureKind.Content, L2: 1e-6f)),
            ("cat: content, class-weighted", new(Features: FeatureKind.Content, ClassWeighted: true, L2: 1e-6f)),
            ("cat: content, cw, l2 1e-5", new(Features: FeatureKind.Content, ClassWeighted: true, L2: 1e-5f)),
            ("cat: content, cw, l2 3e-5", new(Features: FeatureKind.Content, ClassWeighted: true, L2: 3e-5f)),
            ("cat: content, cw, l2 1e-4", new(Features: FeatureKind.Content, ClassWeighted: true, L2: 1e-4f)),
            ("cat: full, cw, l2 1e-5", new(ClassWeighted: true, L2: 1e-5f)),
            ("cat: full, cw, l2 3e-5", new(ClassWeighted: true, L2: 3e-5f)),
            ("cat: content, cw, 10 epochs", new(Features: FeatureKind.Content, ClassWeighted: true, Epochs: 10, L2: 1e-6f)),
            ("cat: content, cw, 40 epochs", new(Features: FeatureKind.Content, ClassWeighted: true, Epochs: 40, L2: 1e-6f)),
        })
        {
            var model = ModelTrainer.Train(train, settings: typeBase, categorySettings: cat);
            Print(name, Own.Evaluate(model, validation), null);
        }
        foreach (var (name, t) in new (string, SoftmaxTrainer.Settings)[]
        {
            ("type: l2 1e-6, 20 ep (old)", new(L2: 1e-6f)),
            ("type: l2 1e-5, 20 ep (chosen)", new(L2: 1e-5f)),
            ("type: l2 3e-5, 20 ep", new(L2: 3e-5f)),
            ("type: l2 1e-6, 10 ep", new(Epochs: 10, L2: 1e-6f)),
            ("type: l2 1e-5, 40 ep", new(Epochs: 40, L2: 1e-5f)),
            ("type: class-weighted", new(ClassWeighted: true, L2: 1e-6f)),
        })
        {
            var model = ModelTrainer.Train(train, settings: t);
            Print(name, Own.Evaluate(model, validation), null);
        }
        break;
    case "topic":
        // Chosen rule: the smallest repeat within one point of the best validation figure (plateau from ×8): ×8, L2 1e-5.
        foreach (var repeat in new[] { 1, 2, 4, 6, 8, 12, 16 })
        foreach (var l2 in new[] { 1e-5f, 3e-5f })
        {
            CharNgramFeaturizer.ContentTopicRepeat = repeat;
            var model = ModelTrainer.Train(train, categorySettings: ModelTrainer.DefaultCategorySettings with { L2 = l2 });
            Print($"cat: content, cw, topic ×{repeat}, l2 {l2:0e0}", Own.Evaluate(model, validation), null);
        }
        break;
    case "val": // default configuration trained on train only, scored on validation, with the keyword baseline (never held-out)
        {
            var model = ModelTrainer.Train(train);
            Print("own softmax (default)", Own.Evaluate(model, validation), null);
            var baseline = new Evaluation();
            foreach (var m in validation)
            {
                var (type, category) = KeywordBaseline.Classify(TextNormalizer.Normalize(m.Text));
                baseline.Add(m.Type, m.Category, type, category);
            }
            Print("keyword baseline", baseline, null);
            // Optional second file (e.g. the validation rows of the original templates only), validation-derived only.
            var extra = args.Skip(1).FirstOrDefault(a => a.EndsWith(".jsonl", StringComparison.Ordinal) && !a.Contains("heldout", StringComparison.Ordinal));
            if (extra is not null) Print("own softmax on " + Path.GetFileName(extra), Own.Evaluate(model, CorpusFile.Read(extra)), null);
            foreach (var m in validation)
            {
                var p = model.Predict(TextNormalizer.Normalize(m.Text));
                if (p.Type != m.Type) Console.WriteLine($"   type {m.Type,-9} → {p.Type,-9} {m.Text}");
            }
            foreach (var g in validation.Where(m => m.Type != Taxonomy.Other).GroupBy(m => m.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var ok = g.Count(m => model.Predict(TextNormalizer.Normalize(m.Text)).Category == m.Category);
                Console.WriteLine($"   {g.Key,-16} {ok,4}/{g.Count(),-4} {100.0 * ok / g.Count(),5:F1} %");
            }
            break;
        }
    case "cv":
        {
            // Template-grouped cross-validation over train + validation + retired-heldout (session 3: the old held-out is training data; the blind set is never read): every template's rows fall in one fold, so each
            // fold is scored on wording its model never saw — the situation held-out measures. "orig" = rows of the original templates
            // (templates.txt / handwritten.txt: topic words written into the sentence, like held-out), "add" = templates-train*.txt rows.
            var k = int.Parse(args.Skip(1).FirstOrDefault(a => a.All(char.IsAsciiDigit)) ?? "5", CultureInfo.InvariantCulture);
            var rows = TrainingFiles.SelectMany(f => Templated(Corpus(f))).ToList();
            var only = args.Skip(1).FirstOrDefault(a => !a.All(char.IsAsciiDigit));
            var runs = Experiments.All.Select(e => (e.Name, e.Apply, Second: (SoftmaxTrainer.Settings?)null))
                .Concat(Experiments.Ensembles.Select(e => (e.Name, Apply: (Func<SoftmaxTrainer.Settings>)(() => ModelTrainer.DefaultCategorySettings), Second: (SoftmaxTrainer.Settings?)e.Second)));
            foreach (var (name, apply, second) in runs)
            {
                if (only is not null && !name.Contains(only, StringComparison.Ordinal)) continue;
                var settings = apply();
                int all = 0, allOk = 0, orig = 0, origOk = 0, hand = 0, handOk = 0, nolex = 0, nolexOk = 0;
                var sw = Stopwatch.StartNew();
                for (var fold = 0; fold < k; fold++)
                {
                    var trainRows = rows.Where(r => Fold(r.Template, k) != fold).Select(r => r.Message).ToList();
                    var model = ModelTrainer.Train(trainRows, categorySettings: settings);
                    // Ensemble: a second category model on the same rows, probabilities averaged with the first.
                    var other = second is null ? null : SoftmaxTrainer.Train(trainRows.Where(m => m.Type != Taxonomy.Other)
                        .Select(m => (TextNormalizer.Normalize(m.Text), m.Category)).ToList(), model.CategoryModel.Labels, second);
                    string Predict(string text)
                    {
                        if (other is null) return model.PredictCategory(text);
                        var a = new float[model.CategoryModel.Labels.Count];
                        var b = new float[a.Length];
                        model.CategoryModel.Predict(text, a);
                        other.Predict(text, b);
                        var best = 0;
                        for (var i = 1; i < a.Length; i++) if (a[i] + b[i] > a[best] + b[best]) best = i;
                        return model.CategoryModel.Labels[best];
                    }
                    foreach (var (m, template) in rows.Where(r => Fold(r.Template, k) == fold && r.Message.Type != Taxonomy.Other))
                    {
                        var text = TextNormalizer.Normalize(m.Text);
                        var predicted = Predict(text);
                        var ok = predicted == m.Category;
                        all++; if (ok) allOk++;
                        if (template.StartsWith("tpl.", StringComparison.Ordinal) || template.StartsWith("hand.", StringComparison.Ordinal)) { orig++; if (ok) origOk++; }
                        if (template.StartsWith("hand.", StringComparison.Ordinal)) { hand++; if (ok) handOk++; }
                        // Rows that name their topic with no lexicon word: the model must generalise from characters (the held-out risk).
                        if (m.Category != "other" && !Experiments.HasTopicWord(text))
                        {
                            nolex++;
                            if (ok) nolexOk++;
                            else if (args.Contains("show")) Console.WriteLine($"   {m.Category,-16} → {predicted,-16} {m.Text}");
                        }
                    }
                }
                Experiments.Reset();
                Console.WriteLine($"{name,-48} cv{k} category: all {100.0 * allOk / all:F1} % ({all})  orig {100.0 * origOk / orig:F1} % ({orig})  add {100.0 * (allOk - origOk) / (all - orig):F1} %  hand {100.0 * handOk / hand:F1} % ({hand})  no-lexicon {100.0 * nolexOk / nolex:F1} % ({nolex})  [{sw.Elapsed.TotalSeconds:F0} s]");
            }
            break;
        }
    case "typecv":
    case "dev":
        {
            // Fourth/fifth iteration: the report threshold t (report if P(complaint)+P(petition) ≥ t) and the candidate corpora.
            // typecv = template-grouped 5-fold CV of the whole default model over train + validation + retired-heldout + retired-blind1 +
            // retired-blind2 (blind rows one group each); dev [file] = trained on every training file except the named retired blind set
            // (default retired-blind2.jsonl), scored on it (a development check, never the current blind set). "no4"/"no5" drop the rows
            // of templates-train4.txt / templates-train5.txt (ids "s4." / "s5."); "show" lists dev errors at t = 0.3 or "t=x".
            var no4 = args.Contains("no4");
            var no5 = args.Contains("no5");
            var blindFiles = TrainingFiles.Where(f => f.StartsWith("retired-blind", StringComparison.Ordinal)).ToArray();
            var devFile = args.Skip(1).FirstOrDefault(a => a.EndsWith(".jsonl", StringComparison.Ordinal)) ?? "retired-blind2.jsonl";
            if (!blindFiles.Contains(devFile)) throw new ArgumentException($"dev holds out a retired blind set: {string.Join(", ", blindFiles)}");
            var all = TrainingFiles.Where(f => mode != "dev" || f != devFile).SelectMany(f => Templated(Corpus(f)))
                .Where(r => !no4 || !r.Template.StartsWith("s4.", StringComparison.Ordinal))
                .Where(r => !no5 || !r.Template.StartsWith("s5.", StringComparison.Ordinal)).ToList();
            var heldOutDev = mode == "dev" ? Templated(Corpus(devFile)).ToList() : [];
            float[] thresholds = [0.2f, 0.25f, 0.3f, 0.35f, 0.4f, 0.45f, 0.5f, 0.6f, 2f];
            var evals = thresholds.Select(_ => new Evaluation()).ToArray();
            var showAt = args.FirstOrDefault(a => a.StartsWith("t=", StringComparison.Ordinal)) is { } ts ? float.Parse(ts[2..], CultureInfo.InvariantCulture) : 0.3f;
            var sw = Stopwatch.StartNew();
            // Each threshold scores the model's own decision rule (ClassifierModel.Predict with that ReportThreshold; 2 = never override).
            void Score(ClassifierModel model, IEnumerable<LabelledMessage> rows, bool show)
            {
                var atThreshold = thresholds.Select(t => new ClassifierModel(model.TypeModel, model.CategoryModel, model.Info, model.SecondCategoryModel) { ReportThreshold = t }).ToArray();
                foreach (var m in rows)
                {
                    var text = TextNormalizer.Normalize(m.Text);
                    for (var j = 0; j < thresholds.Length; j++)
                    {
                        var p = atThreshold[j].Predict(text);
                        evals[j].Add(m.Type, m.Category, p.Type, p.Category);
                        if (show && Math.Abs(thresholds[j] - showAt) < 1e-4 && p.Type != m.Type)
                            Console.WriteLine($"   {m.Type,-9} → {p.Type,-9} {m.Text}");
                    }
                }
            }
            if (mode == "dev")
                Score(ModelTrainer.Train(all.Select(r => r.Message).ToList()), heldOutDev.Select(r => r.Message), args.Contains("show"));
            else
            {
                var rows = all;
                for (var fold = 0; fold < 5; fold++)
                {
                    var model = ModelTrainer.Train(rows.Where(r => Fold(r.Template, 5) != fold).Select(r => r.Message).ToList());
                    Score(model, rows.Where(r => Fold(r.Template, 5) == fold).Select(r => r.Message), false);
                }
            }
            Console.WriteLine($"{mode}{(mode == "dev" ? " " + devFile : "")}{(no4 ? " no4" : "")}{(no5 ? " no5" : "")}: {all.Count} {(mode == "dev" ? "training rows, scored on " + heldOutDev.Count : "rows in CV")} [{sw.Elapsed.TotalSeconds:F0} s]");
            Console.WriteLine("   t       type acc  macro-F1  report recall  other recall  category");
            for (var j = 0; j < thresholds.Length; j++)
                Console.WriteLine($"   {(thresholds[j] > 1 ? "argmax" : thresholds[j].ToString("0.00", CultureInfo.InvariantCulture)),-7} {evals[j].Accuracy,8:P2}  {evals[j].MacroF1,8:F4}  {evals[j].ReportRecall,13:P2}  {evals[j].Recall(Taxonomy.Types.ToList().IndexOf(Taxonomy.Other)),12:P2}  {evals[j].CategoryAccuracy,8:P2}");
            break;
        }
    case "speed": // default configuration trained on train.jsonl; load and single-thread classify rate over the validation texts
        {
            var model = ModelTrainer.Train(train);
            var (load, rate) = Own.Speed(model, validation);
            Console.WriteLine($"load {load:F1} ms, classify {rate:N0} msg/s (one thread, {validation.Count} validation messages)");
            break;
        }
    case "errors": // category errors of the default configuration on validation (never on held-out)
        {
            var model = ModelTrainer.Train(train);
            foreach (var m in validation.Where(m => m.Type != Taxonomy.Other))
            {
                var p = model.Predict(TextNormalizer.Normalize(m.Text));
                if (p.Category != m.Category) Console.WriteLine($"{m.Category,-16} → {p.Category,-16} {p.CategoryConfidence:F2}  {m.Text}");
            }
            break;
        }
    case "mlnet":
        // Defaults first, then lighter regularisation (the defaults over-regularise L2-normalised char n-grams here).
        foreach (var (trainer, ngram) in new[] { ("sdca", 3), ("sdca", 4), ("lbfgs", 3), ("lbfgs", 4),
            ("sdca:1e-3", 3), ("sdca:1e-4", 3), ("sdca:1e-5", 3), ("sdca:1e-4", 4), ("lbfgs:0.1", 3), ("lbfgs:0.01", 3), ("lbfgs:0.001", 3), ("lbfgs:0.01", 4) })
        {
            var sw = Stopwatch.StartNew();
            var m = MlNet.Train(train, trainer, ngram);
            Print($"ML.NET {trainer} char1-{ngram} (train {sw.Elapsed.TotalSeconds:F0} s)", MlNet.Evaluate(m, validation), null);
        }
        break;
    case "final":
        {
            var sw = Stopwatch.StartNew();
            var own = ModelTrainer.Train(train);
            var trainOwn = sw.Elapsed;
            Print($"own softmax (train {trainOwn.TotalSeconds:F1} s)", Own.Evaluate(own, validation), withHeldout ? Own.Evaluate(own, heldout) : null);
            var (ownLoad, ownRate) = Own.Speed(own, heldout);
            Console.WriteLine($"   own: load {ownLoad:F1} ms, classify {ownRate:N0} msg/s (one thread)");
            var trainerName = args.Skip(1).FirstOrDefault(a => a.StartsWith("sdca", StringComparison.Ordinal) || a.StartsWith("lbfgs", StringComparison.Ordinal)) ?? "sdca";
            var ngram = int.Parse(args.Skip(1).FirstOrDefault(a => a.Length == 1 && char.IsDigit(a[0])) ?? "3", CultureInfo.InvariantCulture);
            sw.Restart();
            var ml = MlNet.Train(train, trainerName, ngram);
            var trainMl = sw.Elapsed;
            Print($"ML.NET {trainerName} char1-{ngram} (train {trainMl.TotalSeconds:F1} s)", MlNet.Evaluate(ml, validation), withHeldout ? MlNet.Evaluate(ml, heldout) : null);
            var (mlLoad, mlRate, size) = MlNet.Speed(ml, heldout);
            Console.WriteLine($"   ML.NET: load {mlLoad:F1} ms (zip {size / 1024} KiB), classify {mlRate:N0} msg/s (one thread, PredictionEngine)");
            break;
        }
}
return 0;

static int Fold(string template, int k)
{
    var h = 2166136261u;
    foreach (var c in template) h = (h ^ c) * 16777619u;
    return (int)(h % (uint)k);
}

// Rows with their CV group. Generated rows carry "template"; retired-blind1.jsonl and retired-blind2.jsonl (hand-written, no templates)
// have a "note" tag instead: each of their rows is its own group ("blind1.<line>" / "blind2.<line>"), like one hand-written line of handwritten.txt.
static IEnumerable<(LabelledMessage Message, string Template)> Templated(string path)
{
    var n = 0;
    var prefix = Path.GetFileNameWithoutExtension(path).Replace("retired-", "", StringComparison.Ordinal) + ".";
    foreach (var line in File.ReadLines(path))
    {
        if (string.IsNullOrWhiteSpace(line)) continue;
        n++;
        using var doc = System.Text.Json.JsonDocument.Parse(line);
        var r = doc.RootElement;
        var group = r.TryGetProperty("template", out var t) ? t.GetString()! : prefix + n.ToString(CultureInfo.InvariantCulture);
        yield return (new LabelledMessage(r.GetProperty("text").GetString()!, r.GetProperty("type").GetString()!, r.GetProperty("category").GetString()!),
            group);
    }
}

static void Print(string name, Evaluation v, Evaluation? h)
{
    Console.WriteLine($"{name,-44} validation: type {v.Accuracy:P1}  F1 {v.MacroF1:F3}  report {v.ReportRecall:P1}  category {v.CategoryAccuracy:P1}");
    if (h is not null)
        Console.WriteLine($"{"",-44} heldout:    type {h.Accuracy:P1}  F1 {h.MacroF1:F3}  report {h.ReportRecall:P1}  category {h.CategoryAccuracy:P1}");
}
