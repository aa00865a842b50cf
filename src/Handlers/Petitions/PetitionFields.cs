using System.Text.RegularExpressions;
using GridLine.Handlers.Replies;
using GridLine.Storage;

namespace GridLine.Handlers.Petitions;

/// <summary>The record fields, their Chinese labels and prompts, and the one-line labelled form ("信访人:张三 电话:… 同意代办:是").</summary>
public static partial class PetitionFields
{
    public const string PetitionerName = "petitioner_name", Contact = "contact", Matter = "matter", Request = "request",
        FactsAndReasons = "facts_and_reasons", Consent = "consent_to_proxy";

    /// <summary>Order in which the guided record asks.</summary>
    public static IReadOnlyList<string> Order => PetitionRepository.RecordFields;

    public static string PromptCode(string field) => field switch
    {
        PetitionerName => ReplyCodes.PetitionAskPetitionerName,
        Contact => ReplyCodes.PetitionAskContact,
        Matter => ReplyCodes.PetitionAskMatter,
        Request => ReplyCodes.PetitionAskRequest,
        FactsAndReasons => ReplyCodes.PetitionAskFacts,
        Consent => ReplyCodes.PetitionAskConsent,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <summary>The first field still empty, or null when the record is complete.</summary>
    public static string? FirstMissing(Petition p) =>
        string.IsNullOrWhiteSpace(p.PetitionerName) ? PetitionerName
        : string.IsNullOrWhiteSpace(p.Contact) ? Contact
        : string.IsNullOrWhiteSpace(p.Matter) ? Matter
        : string.IsNullOrWhiteSpace(p.Request) ? Request
        : string.IsNullOrWhiteSpace(p.FactsAndReasons) ? FactsAndReasons
        : p.ConsentToProxy is null ? Consent
        : null;

    /// <summary>Reads 是/同意/否/不同意; null when it is neither.</summary>
    public static bool? ParseConsent(string text)
    {
        var t = text.Trim().TrimEnd('。', '.', '!', '！');
        if (t.StartsWith("不同意", StringComparison.Ordinal) || t is "否" or "不" or "不是" or "no") return false;
        if (t.StartsWith("同意", StringComparison.Ordinal) || t is "是" or "是的" or "好" or "可以" or "yes") return true;
        return null;
    }

    /// <summary>Parses "信访人:张三 电话:138… 事项:… 请求:… 理由:… 同意代办:是" into field → value (consent as "true"/"false").</summary>
    public static IReadOnlyDictionary<string, string> ParseLabelled(string text)
    {
        var result = new Dictionary<string, string>();
        var matches = LabelRegex().Matches(text);
        for (var i = 0; i < matches.Count; i++)
        {
            var start = matches[i].Index + matches[i].Length;
            var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            var value = text[start..end].Trim().TrimEnd('，', ',', '；', ';').Trim();
            if (value.Length == 0) continue;
            var field = FieldOf(matches[i].Groups["label"].Value);
            if (field == Consent)
            {
                if (ParseConsent(value) is { } consent) result[field] = consent ? "true" : "false";
            }
            else result[field] = value;
        }
        return result;
    }

    private static string FieldOf(string label) => label switch
    {
        "信访人" or "姓名" => PetitionerName,
        "电话" or "联系电话" or "联系方式" or "手机" => Contact,
        "信访事项" or "事项" => Matter,
        "请求内容" or "请求" or "诉求" => Request,
        "事实和理由" or "事实与理由" or "理由" => FactsAndReasons,
        _ => Consent,
    };

    [GeneratedRegex(@"(?<label>信访人|姓名|联系电话|联系方式|电话|手机|信访事项|事项|请求内容|请求|诉求|事实和理由|事实与理由|理由|同意代办|是否同意代办)\s*[:：]")]
    private static partial Regex LabelRegex();
}
