namespace GridLine.Tools.CorpusGen;

/// <summary>Phone-typing noise: dropped punctuation, emojis, voice-to-text homophone slips, @-prefixes, full-width digits.</summary>
internal sealed class Noise(Random random)
{
    // Homophone slips seen in voice input and pinyin IMEs (同音错字).
    private static readonly (string From, string To)[] Slips =
    [
        ("路灯", "路登"), ("已经", "以经"), ("物业", "无业"), ("噪音", "燥音"), ("在", "再"), ("的", "得"), ("没人", "没银"),
        ("投诉", "头诉"), ("工资", "公资"), ("户口", "户扣"), ("社保", "设保"), ("疫苗", "一苗"), ("电梯", "电题"), ("漏水", "楼水"),
        ("垃圾", "拉圾"), ("反映", "反应"), ("麻烦", "麻番"), ("停车", "停⻋"), ("怎么", "咋么"), ("什么", "神马"), ("办理", "半理"),
        ("处理", "出理"), ("拆迁", "拆签"), ("房产证", "房产正"), ("低保", "低宝"), ("装修", "装休"), ("健身", "见身"),
    ];
    private static readonly string[] Emojis = ["😡", "😭", "🙏", "👍", "😤", "😓", "🙄", "😂", "[抱拳]", "[流泪]", "[发怒]", "‼️"];
    private static readonly string[] BotPrefixes = ["@网格小助手 ", "@网格小助手\u2005", "@小格 ", "@网格员 "];
    private static readonly string[] Particles = ["啊", "呀", "哦", "啦", "呢", "哈", "吧"];

    public string Apply(string text, bool isOther)
    {
        if (random.NextDouble() < 0.45) text = DropPunctuation(text);
        if (random.NextDouble() < 0.25) text = Slip(text);
        if (random.NextDouble() < 0.1) text = Slip(text);
        if (!isOther && random.NextDouble() < 0.12) text = BotPrefixes[random.Next(BotPrefixes.Length)] + text;
        if (random.NextDouble() < 0.15) text += Emojis[random.Next(Emojis.Length)];
        if (random.NextDouble() < 0.1) text = ToFullWidthDigits(text);
        if (random.NextDouble() < 0.1) text += Particles[random.Next(Particles.Length)];
        if (random.NextDouble() < 0.08) text += random.Next(2) == 0 ? "！！！" : "？？";
        if (random.NextDouble() < 0.08) text = text.Replace(" ", "，");
        return text.Trim();
    }

    private static string DropPunctuation(string text) =>
        new(text.Where(c => !"，。！？、,.!?；;".Contains(c)).ToArray());

    private string Slip(string text)
    {
        var candidates = Slips.Where(s => text.Contains(s.From, StringComparison.Ordinal)).ToArray();
        if (candidates.Length == 0) return text;
        var (from, to) = candidates[random.Next(candidates.Length)];
        var index = text.IndexOf(from, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, index), to, text.AsSpan(index + from.Length));
    }

    private static string ToFullWidthDigits(string text) =>
        new(text.Select(c => c is >= '0' and <= '9' ? (char)(c + 0xFEE0) : c).ToArray());
}
