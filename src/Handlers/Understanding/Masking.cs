using System.Text.RegularExpressions;

namespace GridLine.Handlers.Understanding;

/// <summary>Masks phone and ID numbers wherever they would be shown (replies, consoles, logs).</summary>
public static partial class Masking
{
    /// <summary>13812341234 → 138****1234.</summary>
    public static string MaskPhone(string phone) =>
        phone.Length == 11 ? string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(7)) : new string('*', phone.Length);

    /// <summary>110101199001011234 → 110***********1234.</summary>
    public static string MaskIdNumber(string id) =>
        id.Length == 18 ? string.Concat(id.AsSpan(0, 3), new string('*', 11), id.AsSpan(14)) : new string('*', id.Length);

    /// <summary>Masks every phone and ID number inside free text.</summary>
    public static string MaskText(string text)
    {
        text = DetailExtractor.IdRegex().Replace(text, m => MaskIdNumber(m.Value));
        return DetailExtractor.PhoneRegex().Replace(text, m => MaskPhone(m.Value));
    }
}
