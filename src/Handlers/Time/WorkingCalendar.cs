namespace GridLine.Handlers.Time;

/// <summary>
/// Working time in Asia/Shanghai: working periods on workdays, where a workday is a configured weekday unless the
/// calendar table marks it a holiday, or a weekend day the table marks a make-up workday (调休). Immutable; see
/// <see cref="WorkingCalendarProvider"/> for the cached, reloadable instance.
/// </summary>
public sealed class WorkingCalendar
{
    // Ten years of days: far beyond any SLA, and it stops a calendar with no workdays from looping for ever.
    private const int MaxDaysScanned = 3660;

    private readonly IReadOnlyList<(TimeOnly Start, TimeOnly End)> _periods;
    private readonly IReadOnlySet<DayOfWeek> _workingDays;
    private readonly IReadOnlyDictionary<DateOnly, bool> _exceptions;

    public WorkingCalendar(IReadOnlyList<(TimeOnly Start, TimeOnly End)> periods, IEnumerable<DayOfWeek> workingDays,
        IReadOnlyDictionary<DateOnly, bool> exceptions)
    {
        _periods = periods;
        _workingDays = workingDays.ToHashSet();
        _exceptions = exceptions;
        WorkingDayLength = TimeSpan.FromTicks(periods.Sum(p => (p.End - p.Start).Ticks));
    }

    /// <summary>Working time in one full workday (7.5 h with the default hours).</summary>
    public TimeSpan WorkingDayLength { get; }

    public bool IsWorkday(DateOnly day) => _exceptions.TryGetValue(day, out var isWorkday) ? isWorkday : _workingDays.Contains(day.DayOfWeek);

    public bool IsWorkingTime(DateTimeOffset instant)
    {
        var local = Local(instant);
        var day = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        return IsWorkday(day) && _periods.Any(p => time >= p.Start && time < p.End);
    }

    /// <summary>
    /// The instant <paramref name="workingDuration"/> of working time after <paramref name="start"/>, in +08:00.
    /// Time outside working periods does not count, so a deadline never falls in a night, lunch break, weekend or holiday
    /// (it can fall exactly at the end of a period: 17:00 + 1 h is 18:00 the same day).
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan workingDuration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingDuration, TimeSpan.Zero);
        var cursor = Local(start);
        var remaining = workingDuration;
        var day = DateOnly.FromDateTime(cursor);
        for (var i = 0; i < MaxDaysScanned; i++, day = day.AddDays(1))
        {
            if (!IsWorkday(day)) continue;
            foreach (var (periodStart, periodEnd) in _periods)
            {
                var end = day.ToDateTime(periodEnd);
                if (cursor >= end) continue;
                var begin = cursor > day.ToDateTime(periodStart) ? cursor : day.ToDateTime(periodStart);
                var available = end - begin;
                if (remaining <= available) return FromLocal(begin + remaining);
                remaining -= available;
                cursor = end;
            }
        }
        throw new InvalidOperationException($"The working calendar has no working time within {MaxDaysScanned} days of {start:O}.");
    }

    /// <summary><paramref name="days"/> full working days of working time after <paramref name="start"/>: the same working instant that many workdays later.</summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        return AddWorkingTime(start, WorkingDayLength * days);
    }

    /// <summary>Working time between two instants; negative when <paramref name="to"/> is before <paramref name="from"/>.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from) return -WorkingTimeBetween(to, from);
        var a = Local(from);
        var b = Local(to);
        var total = TimeSpan.Zero;
        for (var day = DateOnly.FromDateTime(a); day <= DateOnly.FromDateTime(b); day = day.AddDays(1))
        {
            if (!IsWorkday(day)) continue;
            foreach (var (periodStart, periodEnd) in _periods)
            {
                var begin = Max(a, day.ToDateTime(periodStart));
                var end = Min(b, day.ToDateTime(periodEnd));
                if (end > begin) total += end - begin;
            }
        }
        return total;
    }

    /// <summary>
    /// A deadline <paramref name="minutes"/> after <paramref name="start"/> on the given clock: <c>working</c> minutes of
    /// working time, or <c>calendar</c> minutes of elapsed time (petition clocks under the 信访工作条例 count natural days).
    /// </summary>
    public DateTimeOffset Deadline(DateTimeOffset start, int minutes, string clock) => clock switch
    {
        SlaClock.Working => AddWorkingTime(start, TimeSpan.FromMinutes(minutes)),
        SlaClock.Calendar => ChinaTime.ToLocal(start).AddMinutes(minutes),
        _ => throw new ArgumentOutOfRangeException(nameof(clock), clock, "A clock is 'working' or 'calendar'."),
    };

    private static DateTime Local(DateTimeOffset instant) => ChinaTime.ToLocal(instant).DateTime;

    private static DateTimeOffset FromLocal(DateTime local) => new(local, ChinaTime.Zone.GetUtcOffset(local));

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
