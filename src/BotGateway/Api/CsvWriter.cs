using System.Globalization;
using System.Text;
using GridLine.Handlers;

namespace GridLine.BotGateway.Api;

/// <summary>RFC 4180 CSV in UTF-8 with a BOM, so Excel opens Chinese text correctly. Formula-leading cells are quoted with a ' to stop CSV injection.</summary>
internal sealed class CsvWriter
{
    private readonly StringBuilder _text = new();

    public CsvWriter(params string[] header) => Row(header);

    public void Row(params object?[] cells)
    {
        _text.AppendJoin(',', cells.Select(Cell));
        _text.Append("\r\n");
    }

    public byte[] ToUtf8WithBom() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_text.ToString())];

    /// <summary>China time, yyyy-MM-dd HH:mm.</summary>
    public static string Time(DateTime? utc) => utc is { } t
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(t, DateTimeKind.Utc), ChinaTime.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : "";

    private static string Cell(object? value)
    {
        var s = value switch
        {
            null => "",
            double d => d.ToString("0.####", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (s.Length > 0 && value is string && "=+-@".Contains(s[0])) s = "'" + s;
        return s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }
}
