using GridLine.Handlers.Time;

namespace GridLine.Handlers.Tests.Time;

/// <summary>Working-time arithmetic with the default hours and a small hand-made exception table.</summary>
public class WorkingCalendarTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);
    private static readonly WorkingCalendar Calendar = new(CalendarOptions.Default().ParsePeriods(), CalendarOptions.Default().WorkingDays,
        new Dictionary<DateOnly, bool> { [new(2026, 3, 9)] = false, [new(2026, 3, 14)] = true });

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Cst);

    [Theory]
    [InlineData(3, 10, 11, 30, 60, 3, 10, 14, 0)]   // over lunch: 11:30 + 1 h → 14:00
    [InlineData(3, 10, 17, 30, 60, 3, 11, 9, 30)]   // over the night
    [InlineData(3, 10, 17, 0, 60, 3, 10, 18, 0)]    // ends exactly at the end of the day
    [InlineData(3, 10, 12, 45, 30, 3, 10, 14, 0)]   // starts in the lunch break
    [InlineData(3, 10, 7, 0, 30, 3, 10, 9, 30)]     // starts before work
    [InlineData(3, 12, 17, 0, 120, 3, 13, 10, 0)]   // Thursday 17:00 + 2 h → Friday 10:00
    [InlineData(3, 13, 17, 0, 120, 3, 14, 10, 0)]   // Friday → the make-up Saturday in the table
    [InlineData(3, 6, 17, 0, 120, 3, 10, 10, 0)]    // Friday → Monday is a holiday in the table → Tuesday
    public void AddWorkingTime_Examples_SkipNonWorkingTime(int m, int d, int h, int min, int minutes, int em, int ed, int eh, int emin)
    {
        Assert.Equal(At(em, ed, eh, emin), Calendar.AddWorkingTime(At(m, d, h, min), TimeSpan.FromMinutes(minutes)));
    }

    [Fact]
    public void AddWorkingTime_StartGivenInUtc_AnswerInShanghaiOffset()
    {
        var result = Calendar.AddWorkingTime(new DateTimeOffset(2026, 3, 10, 1, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Equal(Cst, result.Offset);
        Assert.Equal(At(3, 10, 10), result);
    }

    [Fact]
    public void AddWorkingTime_NegativeDuration_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingTime(At(3, 10, 10), TimeSpan.FromMinutes(-1)));
    }

    [Fact]
    public void AddWorkingDays_ThreeDaysFromTuesdayMorning_FridayMorning()
    {
        Assert.Equal(At(3, 13, 10), Calendar.AddWorkingDays(At(3, 10, 10), 3));
        Assert.Equal(TimeSpan.FromMinutes(450), Calendar.WorkingDayLength);
    }

    [Fact]
    public void WorkingTimeBetween_FridayEveningToTuesdayMorning_CountsOnlyWorkingTime()
    {
        Assert.Equal(TimeSpan.FromHours(2), Calendar.WorkingTimeBetween(At(3, 6, 17), At(3, 10, 10)));
        Assert.Equal(TimeSpan.FromHours(-2), Calendar.WorkingTimeBetween(At(3, 10, 10), At(3, 6, 17)));
        Assert.Equal(TimeSpan.FromHours(2.5), Calendar.WorkingTimeBetween(At(3, 10, 11), At(3, 10, 15))); // lunch excluded
    }

    [Theory]
    [InlineData(3, 10, 9, 0, true)]
    [InlineData(3, 10, 12, 0, false)]   // lunch starts
    [InlineData(3, 10, 13, 30, true)]
    [InlineData(3, 10, 18, 0, false)]
    [InlineData(3, 7, 10, 0, false)]    // Saturday
    [InlineData(3, 9, 10, 0, false)]    // holiday Monday
    [InlineData(3, 14, 10, 0, true)]    // make-up Saturday
    public void IsWorkingTime_Examples(int m, int d, int h, int min, bool expected)
    {
        Assert.Equal(expected, Calendar.IsWorkingTime(At(m, d, h, min)));
    }

    [Fact]
    public void Deadline_CalendarClock_CountsNaturalDays()
    {
        Assert.Equal(At(3, 21, 17), Calendar.Deadline(At(3, 6, 17), 15 * 1440, SlaClock.Calendar));
        Assert.Equal(At(3, 10, 10), Calendar.Deadline(At(3, 6, 17), 120, SlaClock.Working));
    }

    [Theory]
    [InlineData("09:00-12:00,13:30-18:00", true)]
    [InlineData("13:30-18:00,09:00-12:00", false)]
    [InlineData("09:00-12:00,11:00-18:00", false)]
    [InlineData("9-12", false)]
    [InlineData("18:00-09:00", false)]
    public void CalendarOptions_WorkingHours_ValidatedAtStartup(string hours, bool valid)
    {
        var options = CalendarOptions.Default();
        options.WorkingHours = [.. hours.Split(',')];

        Assert.Equal(valid, options.IsValid());
    }
}
