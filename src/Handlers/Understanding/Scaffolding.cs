using System.Collections.Frozen;

namespace GridLine.Handlers.Understanding;

/// <summary>
/// Words that say how a message is asked, not what it is about: pleas, urgency, anger, addressing the grid worker,
/// time words, building/unit/room scaffolding, particles. They are shared by every category, so the category model
/// cuts them out before it builds n-grams (a gap marker keeps the pieces apart). General colloquial vocabulary, not
/// taken from evaluation errors.
/// </summary>
public static class Scaffolding
{
    private const char Gap = ' ';

    // Longest first, so "有没有人管" is cut before "有没有".
    public static readonly string[] Words = new[]
    {
        // asking, pleading, urgency, anger
        "为什么", "怎么回事", "怎么办", "怎么", "到底", "有没有人管管", "有没有人管", "有没有人", "有没有", "没人管", "没人修", "没人", "谁来管管", "谁来管", "谁管",
        "管管", "管一下", "能不能", "可不可以", "可以", "麻烦", "处理下", "处理一下", "处理", "帮忙", "帮帮", "协调一下", "协调", "赶紧", "尽快", "快点",
        "弄一下", "来看看", "看一下", "派人", "求求", "谢谢", "急", "太过分了", "受不了了", "受不了", "烦死了", "真的服了", "服了", "气死人了", "气死",
        "请问", "一下", "一直", "老是", "还是", "都",
        // addressing and proxy requests (type words, not topic words)
        "网格员", "网格长", "各位领导", "领导", "书记", "王姐", "李哥", "小刘", "帮我反映", "反映一下", "反映", "帮我们", "帮我", "代办", "信访", "登记", "材料",
        // time
        "昨天晚上", "昨天", "今天早上", "今天", "前天", "明天", "每天早上", "每天晚上", "每天", "天天", "晚上", "早上", "凌晨", "半夜", "最近", "这几天",
        "好几天了", "好几天", "半个月", "一个星期", "一个多月", "两周", "三天", "几点",
        // places and building scaffolding (digits are already '0'-folded but cut the words themselves)
        "号楼", "单元", "栋", "我们楼", "咱们楼", "我们单元", "小区",
        // particles
        "了", "的", "得", "吗", "啊", "呢", "吧", "呀", "哦", "嘛", "啦", "我", "我们", "你们", "他们", "这个", "那个", "就", "很",
    }.Distinct().OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).ToArray();

    private static readonly FrozenDictionary<char, string[]> ByFirst =
        Words.GroupBy(w => w[0]).ToDictionary(g => g.Key, g => g.ToArray()).ToFrozenDictionary();

    /// <summary>Copies <paramref name="text"/> into <paramref name="destination"/> with scaffolding words replaced by one gap each; returns the length.</summary>
    public static int Strip(ReadOnlySpan<char> text, Span<char> destination)
    {
        var n = 0;
        var i = 0;
        while (i < text.Length)
        {
            var cut = 0;
            if (ByFirst.TryGetValue(text[i], out var candidates))
                foreach (var w in candidates)
                    if (text[i..].StartsWith(w, StringComparison.Ordinal)) { cut = w.Length; break; }
            if (cut > 0)
            {
                if (n > 0 && destination[n - 1] != Gap) destination[n++] = Gap;
                i += cut;
                continue;
            }
            var c = text[i++];
            if (c == Gap && (n == 0 || destination[n - 1] == Gap)) continue;
            destination[n++] = c;
        }
        return n;
    }
}
