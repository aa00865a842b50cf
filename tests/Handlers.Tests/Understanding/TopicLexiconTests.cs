using System.Text;
using GridLine.Handlers.Understanding;

namespace GridLine.Handlers.Tests.Understanding;

public class TopicLexiconTests
{
    private static string Root => CorpusFile.FindRepositoryRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("data/corpus not found");

    /// <summary>
    /// Provenance: a lexicon word must come from the taxonomy names, the seed situations or the training splits (train, validation and
    /// the retired old held-out and the retired blind sets 1 and 2, which are ordinary training data) — never only from the blind test set, which would leak
    /// evaluation data into the model (the blind set is not read here).
    /// </summary>
    [Fact]
    public void Words_EachWord_OccursInTaxonomySeedsOrTrainingSplits()
    {
        var sources = new StringBuilder();
        foreach (var file in new[] { "train.jsonl", "validation.jsonl", "retired-heldout.jsonl", "retired-blind1.jsonl", "retired-blind2.jsonl" })
            foreach (var m in CorpusFile.Read(Path.Combine(Root, "data", "corpus", file))) sources.Append(m.Text).Append('\n');
        foreach (var path in new[] { "/work/shared/taxonomy.json" }.Where(File.Exists)) sources.Append(File.ReadAllText(path));
        if (Directory.Exists("/work/shared/seeds"))
            foreach (var path in Directory.EnumerateFiles("/work/shared/seeds")) sources.Append(File.ReadAllText(path));
        // Category display names, as in /work/shared/taxonomy.json, so the test also runs where /work/shared is absent.
        sources.Append("路灯照明 噪音扰民 停车与交通秩序 环境卫生 安全隐患 公共设施 物业服务 水电气暖 邻里纠纷与宠物 占道经营与游商 违建与装修 绿化 户籍与入学 社保医保与救助 劳动与欠薪 房产证、旧改与拆迁 卫生健康与疫苗 证件办理");
        var text = sources.ToString().ToLowerInvariant();
        var missing = TopicLexicon.Words.Where(w => !text.Contains(w.Word, StringComparison.Ordinal)).Select(w => w.Word).ToList();
        Assert.True(missing.Count == 0, "lexicon words with no source in taxonomy, seeds or training splits: " + string.Join(", ", missing));
    }

    [Fact]
    public void Strip_ScaffoldingWords_LeavesTheTopic()
    {
        var text = "为什么0号楼0单元的路灯一直没人修 麻烦处理一下";
        var buffer = new char[text.Length];
        var n = Scaffolding.Strip(text, buffer);
        var content = new string(buffer, 0, n);
        Assert.Contains("路灯", content);
        Assert.DoesNotContain("为什么", content);
        Assert.DoesNotContain("麻烦", content);
        Assert.DoesNotContain("单元", content);
    }

    [Fact]
    public void Strip_OnlyScaffolding_ReturnsNoContent()
    {
        var text = "麻烦处理一下 谢谢";
        var buffer = new char[text.Length];
        Assert.True(new string(buffer, 0, Scaffolding.Strip(text, buffer)).Trim().Length == 0);
    }

    [Fact]
    public void Featurize_ContentKind_IgnoresPleaWording()
    {
        Span<int> a = new int[CharNgramFeaturizer.MaxFeatures], b = new int[CharNgramFeaturizer.MaxFeatures];
        var na = CharNgramFeaturizer.Featurize("路灯坏了 麻烦处理一下", 1 << 12, a, FeatureKind.Content);
        var nb = CharNgramFeaturizer.Featurize("路灯坏了 赶紧弄一下吧", 1 << 12, b, FeatureKind.Content);
        Assert.Equal(a[..na].ToArray().Order(), b[..nb].ToArray().Order());
    }
}
