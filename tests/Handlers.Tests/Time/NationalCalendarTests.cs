using GridLine.Handlers.Time;
using GridLine.Storage;
using GridLine.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GridLine.Handlers.Tests.Time;

/// <summary>The 2026 national table shipped in migration 0021, read through the cached provider, with a fake clock.</summary>
public class NationalCalendarTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, Cst);

    private static async Task<(WorkingCalendarProvider Provider, CalendarDayRepository Days, FakeTimeProvider Time)> CreateAsync(DateTimeOffset now)
    {
        var dataSource = TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync());
        var days = new CalendarDayRepository(dataSource);
        var time = new FakeTimeProvider(now);
        return (new WorkingCalendarProvider(days, Options.Create(CalendarOptions.Default()), time), days, time);
    }

    [Theory]
    [InlineData(2026, 9, 30, 17, 2026, 10, 8, 10)]    // 国庆: Wednesday before the holiday → Thursday 10/8
    [InlineData(2026, 10, 9, 17, 2026, 10, 10, 10)]   // Friday → the 10/10 Saturday make-up workday
    [InlineData(2025, 12, 31, 17, 2026, 1, 4, 10)]    // 元旦 → the 1/4 Sunday make-up workday
    [InlineData(2026, 2, 13, 17, 2026, 2, 14, 10)]    // Friday → the 2/14 Saturday make-up workday before 春节
    [InlineData(2026, 2, 14, 17, 2026, 2, 24, 10)]    // over 春节 2/15-2/23
    [InlineData(2026, 4, 3, 17, 2026, 4, 7, 10)]      // over 清明 4/4-4/6
    [InlineData(2026, 4, 30, 17, 2026, 5, 6, 10)]     // over 劳动节 5/1-5/5
    [InlineData(2026, 9, 24, 17, 2026, 9, 28, 10)]    // over 中秋 9/25-9/27
    public async Task AddWorkingTime_TwoHoursBeforeHoliday_NextWorkingMorning(int y, int m, int d, int h, int ey, int em, int ed, int eh)
    {
        var (provider, _, _) = await CreateAsync(At(y, m, d, h));
        var calendar = await provider.GetAsync();

        Assert.Equal(At(ey, em, ed, eh), calendar.AddWorkingTime(At(y, m, d, h), TimeSpan.FromHours(2)));
    }

    [Fact]
    public async Task AddWorkingDays_ThreeDaysOverSundayMakeUpDay_CountsTheSunday()
    {
        var (provider, _, _) = await CreateAsync(At(2026, 9, 18, 10));
        var calendar = await provider.GetAsync();

        // Friday 9/18 → Sunday 9/20 (调休) → Monday 9/21 → Tuesday 9/22.
        Assert.Equal(At(2026, 9, 22, 10), calendar.AddWorkingDays(At(2026, 9, 18, 10), 3));
    }

    [Fact]
    public async Task DeadlinesFromNowAsync_ComplaintFridayFivePm_SignMondayTenDueWednesdayEvening()
    {
        var (provider, _, time) = await CreateAsync(At(2026, 3, 6, 17));
        var clock = new SlaClock(provider, time);

        var deadlines = await clock.DeadlinesFromNowAsync(SlaClock.Working, 120, 3 * 450);

        Assert.Equal(At(2026, 3, 9, 10), deadlines.SignDueAt);
        Assert.Equal(At(2026, 3, 11, 17), deadlines.DueAt);
    }

    [Fact]
    public async Task DeadlinesFromNowAsync_PetitionOverNationalDay_CalendarDaysIgnoreHolidays()
    {
        var (provider, _, time) = await CreateAsync(At(2026, 9, 30, 17));
        var clock = new SlaClock(provider, time);

        var deadlines = await clock.DeadlinesFromNowAsync(SlaClock.Calendar, 15 * 1440, 60 * 1440);

        Assert.Equal(At(2026, 10, 15, 17), deadlines.SignDueAt);
        Assert.Equal(At(2026, 11, 29, 17), deadlines.DueAt);
    }

    [Fact]
    public async Task IsWorkingTimeNowAsync_FakeClockMovesIntoHoliday_False()
    {
        var (provider, _, time) = await CreateAsync(At(2026, 9, 30, 17));
        var clock = new SlaClock(provider, time);
        Assert.True(await clock.IsWorkingTimeNowAsync());

        time.Advance(TimeSpan.FromHours(17)); // 10/1 10:00

        Assert.False(await clock.IsWorkingTimeNowAsync());
    }

    [Fact]
    public async Task GetAsync_TableEdited_CachedUntilReloadOrMaxAge()
    {
        var (provider, days, time) = await CreateAsync(At(2026, 3, 6, 17));
        var start = At(2026, 3, 6, 17);
        Assert.Equal(At(2026, 3, 9, 10), (await provider.GetAsync()).AddWorkingTime(start, TimeSpan.FromHours(2)));

        await days.UpsertAsync(new CalendarDay(new DateOnly(2026, 3, 9), false, "临时停工"));
        Assert.Equal(At(2026, 3, 9, 10), (await provider.GetAsync()).AddWorkingTime(start, TimeSpan.FromHours(2)));

        time.Advance(WorkingCalendarProvider.MaxAge);
        Assert.Equal(At(2026, 3, 10, 10), (await provider.GetAsync()).AddWorkingTime(start, TimeSpan.FromHours(2)));

        Assert.True(await days.DeleteAsync(new DateOnly(2026, 3, 9)));
        Assert.Equal(At(2026, 3, 9, 10), (await provider.ReloadAsync()).AddWorkingTime(start, TimeSpan.FromHours(2)));
    }

    [Fact]
    public async Task ListAllAsync_Migration_ShipsTwoYearsWithMakeUpWorkdaysOnWeekends()
    {
        var (_, days, _) = await CreateAsync(At(2026, 1, 1, 0));

        var all = await days.ListAllAsync();

        Assert.Contains(all, d => d.Day.Year == 2026);
        Assert.Contains(all, d => d.Day.Year == 2027);
        Assert.All(all.Where(d => d.IsWorkday), d => Assert.True(d.Day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, d.ToString()));
        Assert.Equal(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
            all.Where(d => d.IsWorkday && d.Day.Year == 2026).Select(d => d.Day.ToString("yyyy-MM-dd")));
    }
}
