using System.Text.RegularExpressions;

namespace GridLine.Handlers.Understanding;

/// <summary>Details pulled out of a message: where, who to call back, which order it refers to, and since when.</summary>
public sealed record ExtractedDetails(
    IReadOnlyList<string> Locations,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> IdNumbers,
    IReadOnlyList<long> OrderRefs,
    IReadOnlyList<string> TimeWords)
{
    public static readonly ExtractedDetails Empty = new([], [], [], [], []);

    /// <summary>Phones masked for display (138****1234).</summary>
    public IEnumerable<string> MaskedPhones => Phones.Select(Masking.MaskPhone);

    /// <summary>ID numbers masked for display (110***********1234).</summary>
    public IEnumerable<string> MaskedIdNumbers => IdNumbers.Select(Masking.MaskIdNumber);
}

/// <summary>Regex-based extraction over normalised text (digits already folded to ASCII).</summary>
public static partial class DetailExtractor
{
    public static ExtractedDetails Extract(string normalized)
    {
        if (normalized.Length == 0) return ExtractedDetails.Empty;
        var ids = Matches(IdRegex(), normalized);
        var phones = Matches(PhoneRegex(), normalized);
        var orders = new List<long>();
        foreach (Match m in OrderRegex().Matches(normalized))
        {
            var digits = m.Groups.Cast<Group>().Skip(1).First(g => g.Success).Value;
            var number = long.Parse(digits);
            if (!orders.Contains(number)) orders.Add(number);
        }
        return new ExtractedDetails(Matches(LocationRegex(), normalized), phones, ids, orders, Matches(TimeRegex(), normalized));
    }

    private static List<string> Matches(Regex regex, string text)
    {
        var list = new List<string>();
        foreach (Match m in regex.Matches(text))
            if (!list.Contains(m.Value)) list.Add(m.Value);
        return list;
    }

    private const string Num = "(?:\\d{1,3}|[一二三四五六七八九十两]{1,3})";

    // 3号楼二单元502, 5栋, 12号院, 2单元, 东门 / 小区南门口, 地下车库.
    [GeneratedRegex($"(?<!\\d){Num}(?:号楼|栋|幢|号院)(?:{Num}单元)?(?:\\d{{3,4}}(?:室|号)?)?(?=\\D|$)|(?<!\\d){Num}单元(?:\\d{{3,4}}(?:室|号)?)?|(?:小区)?[东南西北]门口?|地下车库|地库")]
    internal static partial Regex LocationRegex();

    [GeneratedRegex(@"(?<![0-9])1[3-9]\d{9}(?![0-9])")]
    internal static partial Regex PhoneRegex();

    [GeneratedRegex(@"(?<![0-9])\d{17}[\dxX](?![0-9a-zA-Z])")]
    internal static partial Regex IdRegex();

    // 工单号1024 / 工单1024 / 单号:1024 / 编号1024 / #1024 / 1024号工单 — order numbers have 4 to 6 digits.
    [GeneratedRegex(@"(?:工单号?|单号|编号)\s*[:#]?\s*(\d{4,6})(?!\d)|#\s?(\d{4,6})(?!\d)|(?<!\d)(\d{4,6})\s*号?工单")]
    internal static partial Regex OrderRegex();

    [GeneratedRegex(@"昨天晚上|昨天早上|昨天下午|昨晚|昨天|前天|今天早上|今天晚上|今早|今晚|今天|刚才|刚刚|半夜|凌晨(?:[一二三四五六\d]{1,2}点)?|每天(?:早上|晚上|中午|夜里)?|天天|每晚|一直|总是|经常|老是|(?:好|[一二三四五六七八九十两几半\d]{1,3})(?:个多|多个|个)?(?:天|周|星期|礼拜|月|年)(?:了|多了)?|最近|这几天|上周|上个月|晚上(?:[一二三四五六七八九十\d]{1,2}点多?)?|早上(?:[一二三四五六七八九十\d]{1,2}点多?)?")]
    internal static partial Regex TimeRegex();
}
