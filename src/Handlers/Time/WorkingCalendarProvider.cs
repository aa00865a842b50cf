using GridLine.Storage;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Time;

/// <summary>
/// The working calendar built from options and the calendar table, cached in memory. Admin edits call
/// <see cref="ReloadAsync"/>; every instance also reloads when its copy is older than <see cref="MaxAge"/>.
/// </summary>
public sealed class WorkingCalendarProvider(CalendarDayRepository days, IOptions<CalendarOptions> options, TimeProvider time)
{
    /// <summary>How long a loaded copy is trusted (other instances may have been told of an edit, this one not).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (WorkingCalendar Calendar, DateTimeOffset LoadedAt)? _cached;

    public async Task<WorkingCalendar> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_cached is { } c && time.GetUtcNow() - c.LoadedAt < MaxAge) return c.Calendar;
        return await ReloadAsync(cancellationToken);
    }

    /// <summary>Reads the calendar table again and replaces the cached calendar.</summary>
    public async Task<WorkingCalendar> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var rows = await days.ListAllAsync(cancellationToken);
            var calendar = new WorkingCalendar(options.Value.ParsePeriods(), options.Value.WorkingDays,
                rows.ToDictionary(d => d.Day, d => d.IsWorkday));
            _cached = (calendar, time.GetUtcNow());
            return calendar;
        }
        finally
        {
            _gate.Release();
        }
    }
}
