using System.Globalization;

namespace GridLine.Handlers.Time;

/// <summary>Working hours and days, bound to section <c>Calendar</c>. Holidays and 调休 workdays live in the database.</summary>
public sealed class CalendarOptions
{
    public const string Section = "Calendar";

    public static readonly IReadOnlyList<string> DefaultWorkingHours = ["09:00-12:00", "13:30-18:00"];

    public static readonly IReadOnlyList<DayOfWeek> DefaultWorkingDays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    // The lists start empty and defaults are applied after binding (ApplyDefaults): the configuration binder appends
    // to a list that already has items, so configured hours would otherwise follow the defaults instead of replacing them.

    /// <summary>Working periods of a workday in Asia/Shanghai local time, "HH:mm-HH:mm", in order, not overlapping. Empty: 09:00-12:00, 13:30-18:00.</summary>
    public List<string> WorkingHours { get; set; } = [];

    /// <summary>Days of the week that are workdays unless the calendar table says otherwise. Empty: Monday to Friday.</summary>
    public List<DayOfWeek> WorkingDays { get; set; } = [];

    /// <summary>Options with the default hours and days (what an empty <c>Calendar</c> section gives).</summary>
    public static CalendarOptions Default() => new CalendarOptions().ApplyDefaults();

    /// <summary>Fills empty lists with the defaults; returns this.</summary>
    public CalendarOptions ApplyDefaults()
    {
        if (WorkingHours.Count == 0) WorkingHours = [.. DefaultWorkingHours];
        if (WorkingDays.Count == 0) WorkingDays = [.. DefaultWorkingDays];
        return this;
    }

    /// <summary>The parsed periods; throws <see cref="FormatException"/> when they are malformed, unordered or overlapping.</summary>
    public IReadOnlyList<(TimeOnly Start, TimeOnly End)> ParsePeriods()
    {
        var periods = new List<(TimeOnly Start, TimeOnly End)>();
        foreach (var text in WorkingHours)
        {
            var parts = text.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length != 2
                || !TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
                || end <= start)
                throw new FormatException($"Calendar:WorkingHours entry '{text}' must look like 09:00-12:00 with the end after the start.");
            if (periods.Count > 0 && start < periods[^1].End)
                throw new FormatException($"Calendar:WorkingHours entry '{text}' overlaps or precedes the one before it.");
            periods.Add((start, end));
        }
        if (periods.Count == 0) throw new FormatException("Calendar:WorkingHours needs at least one period.");
        return periods;
    }

    /// <summary>True when the options can build a calendar (used by ValidateOnStart).</summary>
    public bool IsValid()
    {
        try { ParsePeriods(); return WorkingDays.Count > 0; }
        catch (FormatException) { return false; }
    }
}
