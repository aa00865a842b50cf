namespace GridLine.Handlers.Time;

/// <summary>SLA deadlines from "now" (the injected <see cref="TimeProvider"/>) on the working or calendar clock.</summary>
public sealed class SlaClock(WorkingCalendarProvider calendars, TimeProvider time)
{
    public const string Working = "working";
    public const string Calendar = "calendar";

    /// <summary>The 签收 and 办结 deadlines for an order created now.</summary>
    public async Task<SlaDeadlines> DeadlinesFromNowAsync(string clock, int signMinutes, int dueMinutes, CancellationToken cancellationToken = default)
    {
        var calendar = await calendars.GetAsync(cancellationToken);
        var now = time.GetUtcNow();
        return new SlaDeadlines(calendar.Deadline(now, signMinutes, clock), calendar.Deadline(now, dueMinutes, clock), now);
    }

    public async Task<bool> IsWorkingTimeNowAsync(CancellationToken cancellationToken = default) =>
        (await calendars.GetAsync(cancellationToken)).IsWorkingTime(time.GetUtcNow());
}

/// <summary>When an order must be signed for and concluded, counted from <paramref name="From"/>.</summary>
public sealed record SlaDeadlines(DateTimeOffset SignDueAt, DateTimeOffset DueAt, DateTimeOffset From);
