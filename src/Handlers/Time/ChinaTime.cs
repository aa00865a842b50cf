namespace GridLine.Handlers;

/// <summary>Asia/Shanghai, the one time zone residents and workers read times in.</summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>"10月8日 10:00": how deadlines appear in replies.</summary>
    public static string Format(DateTimeOffset instant)
    {
        var local = ToLocal(instant);
        return $"{local.Month}月{local.Day}日 {local:HH:mm}";
    }
}
