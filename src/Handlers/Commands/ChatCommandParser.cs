using System.Text.RegularExpressions;

namespace GridLine.Handlers.Commands;

/// <summary>
/// Parses the short commands grid workers type in chat ("签收 1024", "办结1024 已更换灯泡", "合并 1025 到 1024").
/// A message that does not start with a command word is not a command (<see cref="TryParse"/> returns false and no error);
/// one that starts with a command word but is malformed yields an error so the sender gets the help text.
/// </summary>
public static partial class ChatCommandParser
{
    private static readonly (string Verb, ChatCommandKind Kind)[] Verbs =
    [
        ("转社区", ChatCommandKind.EscalateCommunity), ("转协同", ChatCommandKind.EscalateCollaborative),
        ("签收", ChatCommandKind.Sign), ("进展", ChatCommandKind.Progress), ("办结", ChatCommandKind.Conclude), ("退单", ChatCommandKind.Return),
        ("合并", ChatCommandKind.Merge), ("改为", ChatCommandKind.Recategorise), ("延期", ChatCommandKind.Extend), ("作废", ChatCommandKind.Void),
        ("重派", ChatCommandKind.Reassign), ("确认", ChatCommandKind.Confirm), ("进度", ChatCommandKind.Status),
        ("查询", ChatCommandKind.Status),
        ("取消登记", ChatCommandKind.PetitionCancel), ("信访", ChatCommandKind.Petition), ("上报", ChatCommandKind.ReportUp), ("受理", ChatCommandKind.Accept),
        ("答复", ChatCommandKind.Answer), ("存为FAQ", ChatCommandKind.SaveFaq), ("存为faq", ChatCommandKind.SaveFaq), ("拆分", ChatCommandKind.Split),
    ];

    /// <summary>Petition, FAQ and duplicate commands: without an order number these words are ordinary speech ("信访怎么走"), not commands.</summary>
    private static readonly ChatCommandKind[] NeedNumberToBeCommand =
        [ChatCommandKind.Petition, ChatCommandKind.PetitionCancel, ChatCommandKind.ReportUp, ChatCommandKind.Accept, ChatCommandKind.Answer, ChatCommandKind.SaveFaq, ChatCommandKind.Split];

    /// <summary>The command words, for "does this look like a command" checks elsewhere.</summary>
    public static IEnumerable<string> CommandWords => Verbs.Select(v => v.Verb);

    [GeneratedRegex(@"^#?(?<n>\d{4,6})号?(工单)?\s*(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex NumberFirst();

    [GeneratedRegex(@"^(?<n>\d{4,6})\s*(到|至|→|->|进|入)\s*#?(?<m>\d{4,6})\s*$")]
    private static partial Regex MergeArgs();

    [GeneratedRegex(@"^(?<d>\d{1,3})\s*天?\s*(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex DaysFirst();

    /// <summary>Parses <paramref name="text"/> (already normalised: mentions stripped, half-width). Returns false when it is not a command at all.</summary>
    public static bool TryParse(string text, out ChatCommand? command, out ChatCommandError? error)
    {
        command = null; error = null;
        var trimmed = text.Trim().TrimStart('/', '／');
        // "1024 签收" is accepted as well as "签收 1024".
        var numberFirst = NumberFirst().Match(trimmed);
        if (numberFirst.Success)
        {
            var rest = numberFirst.Groups["rest"].Value.Trim();
            var verb = Verbs.FirstOrDefault(v => rest.StartsWith(v.Verb, StringComparison.Ordinal));
            if (verb.Verb is null) return false;
            trimmed = verb.Verb + " " + numberFirst.Groups["n"].Value + " " + rest[verb.Verb.Length..];
        }

        var match = Verbs.FirstOrDefault(v => trimmed.StartsWith(v.Verb, StringComparison.Ordinal));
        if (match.Verb is null) return false;
        var args = trimmed[match.Verb.Length..].Trim().TrimStart(':', '：').Trim();
        if (match.Kind == ChatCommandKind.Status && args.Length > 0 && !char.IsAsciiDigit(args.TrimStart('#')[0])) return false; // "查询一下社保" is a question, not a command

        switch (match.Kind)
        {
            case ChatCommandKind.Merge:
                var merge = MergeArgs().Match(args.TrimStart('#'));
                if (!merge.Success) { error = new(match.Verb, "格式应为：合并 工单号 到 工单号"); return true; }
                command = new ChatCommand(match.Kind, long.Parse(merge.Groups["n"].Value), "", long.Parse(merge.Groups["m"].Value));
                return true;
            case ChatCommandKind.Recategorise:
                // "改为 投诉/路灯 1024" or "改为 1024 投诉/路灯"
                var parts = args.Split([' ', '　'], StringSplitOptions.RemoveEmptyEntries);
                var numberPart = parts.FirstOrDefault(p => IsOrderNumber(p.TrimStart('#')));
                var labels = string.Join(' ', parts.Where(p => !ReferenceEquals(p, numberPart)));
                if (numberPart is null || labels.Length == 0) { error = new(match.Verb, "格式应为：改为 类型/类别 工单号，例如：改为 投诉/路灯 1024"); return true; }
                command = new ChatCommand(match.Kind, long.Parse(numberPart.TrimStart('#')), labels);
                return true;
        }

        var (number, remainder) = SplitNumber(args);
        if (number is null && NeedNumberToBeCommand.Contains(match.Kind)) return false;
        if (number is null) { error = new(match.Verb, $"请带上工单号，例如：{match.Verb} 1024"); return true; }

        switch (match.Kind)
        {
            case ChatCommandKind.Progress or ChatCommandKind.Conclude or ChatCommandKind.Return or ChatCommandKind.Void
                or ChatCommandKind.EscalateCommunity or ChatCommandKind.EscalateCollaborative when remainder.Length == 0:
                error = new(match.Verb, match.Kind is ChatCommandKind.Progress or ChatCommandKind.Conclude
                    ? $"请写明办理情况，例如：{match.Verb} {number} 已更换灯泡"
                    : $"请写明原因，例如：{match.Verb} {number} 原因");
                return true;
            case ChatCommandKind.Extend:
                var days = DaysFirst().Match(remainder);
                if (!days.Success || int.Parse(days.Groups["d"].Value) is < 1 or > 30 || days.Groups["rest"].Value.Trim().Length == 0)
                { error = new(match.Verb, $"格式应为：延期 {number} 天数 原因（最多30天）"); return true; }
                command = new ChatCommand(match.Kind, number.Value, days.Groups["rest"].Value.Trim(), Days: int.Parse(days.Groups["d"].Value));
                return true;
            case ChatCommandKind.Answer when remainder.Length == 0:
                error = new(match.Verb, $"请写明答复内容，例如：答复 {number} 已协调补发，说明：…");
                return true;
            case ChatCommandKind.Split when remainder.Length == 0:
                error = new(match.Verb, $"请写明拆分哪位居民（账号或其消息片段），例如：拆分 {number} wmResident001");
                return true;
            case ChatCommandKind.Reassign when remainder.Length == 0:
                error = new(match.Verb, $"请写明改派给谁（工作人员账号），例如：重派 {number} lina");
                return true;
        }
        command = new ChatCommand(match.Kind, number.Value, remainder);
        return true;
    }

    private static (long? Number, string Remainder) SplitNumber(string args)
    {
        var s = args.TrimStart('#');
        var digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits])) digits++;
        if (digits is < 4 or > 6) return (null, args);
        var rest = s[digits..].TrimStart('号').Trim().TrimStart(':', '：', ',', '，').Trim();
        return (long.Parse(s[..digits]), rest);
    }

    private static bool IsOrderNumber(string s) => s.Length is >= 4 and <= 6 && s.All(char.IsAsciiDigit);
}
