using System.Text;
using System.Text.RegularExpressions;

namespace GridLine.Handlers.Understanding;

/// <summary>Turns a raw chat message into the canonical text that rules, extraction and the model all see.</summary>
public static partial class TextNormalizer
{
    // Emojis that carry signal (anger, thanks, pleading) keep a readable token; all others become one generic token.
    private static readonly Dictionary<int, string> EmojiTokens = new()
    {
        [0x1F621] = "[怒]", [0x1F620] = "[怒]", [0x1F92C] = "[怒]", [0x1F4A2] = "[怒]", [0x1F624] = "[怒]",
        [0x1F44D] = "[赞]", [0x1F64F] = "[拜托]", [0x1F62D] = "[哭]", [0x1F622] = "[哭]", [0x1F613] = "[汗]",
        [0x1F602] = "[笑]", [0x1F923] = "[笑]", [0x1F339] = "[花]", [0x2764] = "[心]", [0x1F644] = "[白眼]", [0x203C] = "!!",
    };

    /// <summary>Strips @mentions, folds full-width forms, maps emojis to tokens and collapses whitespace.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        text = MentionRegex().Replace(text, " ");
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                AppendEmoji(sb, char.ConvertToUtf32(c, text[i + 1]));
                i++;
                continue;
            }
            if (c is '\uFE0F' or '\u200D' or '\u200B') continue; // variation selectors and joiners carry no meaning here
            if (EmojiTokens.TryGetValue(c, out var token) || (c >= 0x2600 && c <= 0x27BF)) { AppendEmoji(sb, c); continue; }
            sb.Append(Fold(c));
        }
        return WhitespaceRegex().Replace(sb.ToString(), " ").Trim();
    }

    private static void AppendEmoji(StringBuilder sb, int codePoint)
    {
        var token = EmojiTokens.GetValueOrDefault(codePoint, "[表情]");
        // A run of the same emoji is one signal, not many.
        if (sb.Length >= token.Length && sb.ToString(sb.Length - token.Length, token.Length) == token) return;
        sb.Append(token);
    }

    /// <summary>NFKC-like folding for what matters in chat: full-width ASCII, ideographic space and CJK punctuation.</summary>
    internal static char Fold(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => char.ToLowerInvariant((char)(c - 0xFEE0)),
        '\u3000' or '\u2005' or '\u00A0' or '\t' or '\r' or '\n' => ' ',
        '。' => '.',
        '、' => ',',
        '【' or '「' or '『' => '[',
        '】' or '」' or '』' => ']',
        '“' or '”' => '"',
        '‘' or '’' => '\'',
        >= 'A' and <= 'Z' => char.ToLowerInvariant(c),
        // Simplified radical forms some input methods produce instead of the ideograph (停⻋ for 停车); Kangxi radicals fold by NFKC.
        '\u2EC5' => '见', '\u2EC6' => '角', '\u2EC9' => '贝', '\u2ECB' => '车', '\u2ED3' => '长', '\u2ED4' => '门', '\u2EDA' => '页',
        '\u2EDB' => '风', '\u2EDC' => '飞', '\u2EE2' => '马', '\u2EE5' => '鱼', '\u2EE6' => '鸟', '\u2EE8' => '麦', '\u2EE9' => '黄', '\u2EEE' => '齿',
        '\u2EF0' => '龙', '\u2EF3' => '龟',
        >= '\u2F00' and <= '\u2FD5' => c.ToString().Normalize(NormalizationForm.FormKC)[0], // Kangxi radicals fold to the ideograph
        _ => c,
    };

    // "@网格小助手 " or "@张三\u2005": WeCom puts a (four-per-em) space after each mention; "@所有人" is a mention too.
    // Residents also type the separator as a comma or colon ("@网格员，路灯坏了"): a name never contains one, and the separator goes with
    // the mention (otherwise the name ran on to the end of a short message and the whole message was erased).
    [GeneratedRegex(@"@[^\s\u2005@，,：:。！!？?]{1,24}(?:[\s\u2005，,：:]|$)")]
    private static partial Regex MentionRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}
