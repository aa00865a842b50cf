using GridLine.Handlers.Reminders;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;

namespace GridLine.Handlers.Tests.Reminders;

public class ReminderJobTests
{
    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 3, day, hour, minute, 0, TimeSpan.FromHours(8));

    /// <summary>Records what the job would hand back to Hangfire (only the not-yet-due path does).</summary>
    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public List<(Job Job, IState State)> Created { get; } = [];
        public string Create(Job job, IState state) { Created.Add((job, state)); return Created.Count.ToString(System.Globalization.CultureInfo.InvariantCulture); }
        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }

    [Fact]
    public async Task RunManyAsync_GroupOfDueReminders_EachFiresOnceAndARerunOfTheGroupChangesNothing()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 9, 0));
        var orders = new List<long>();
        for (var i = 0; i < 5; i++) orders.Add((await bed.OpenAsync(At(3, 9, 30), At(5, 9, 0))).Id);
        var signDeadlines = new List<long>();
        foreach (var id in orders) signDeadlines.Add((await bed.Reminders.ListByWorkOrderAsync(id)).Single(r => r.Kind == ReminderKind.SignDeadline).Id);
        bed.Time.SetUtcNow(At(3, 9, 30));
        var client = new RecordingJobClient();
        var job = new ReminderJob(bed.Firer, client, bed.Time, NullLogger<ReminderJob>.Instance);

        await job.RunManyAsync([.. signDeadlines]);
        var outboxAfterFirst = (await bed.OutboxAsync()).Count;
        await job.RunManyAsync([.. signDeadlines]); // Hangfire retried the whole group

        foreach (var id in signDeadlines)
        {
            var reminder = await bed.Reminders.GetByIdAsync(id);
            Assert.NotNull(reminder!.FiredAt);
            Assert.Equal("sent", reminder.Outcome);
        }
        Assert.True(outboxAfterFirst >= 5, $"{outboxAfterFirst} outbox rows for 5 fired sign deadlines");
        Assert.Equal(outboxAfterFirst, (await bed.OutboxAsync()).Count);
        Assert.Empty(client.Created);
    }

    [Fact]
    public async Task RunManyAsync_OneReminderNotYetDue_OthersFireAndThatOneIsRescheduledAlone()
    {
        await using var bed = await ReminderTestBed.CreateAsync(At(3, 9, 0));
        var early = (await bed.OpenAsync(At(3, 9, 30), At(5, 9, 0))).Id;
        var late = (await bed.OpenAsync(At(3, 10, 30), At(5, 9, 0))).Id;
        long Deadline(IEnumerable<GridLine.Storage.Reminder> rs) => rs.Single(r => r.Kind == ReminderKind.SignDeadline).Id;
        var earlyId = Deadline(await bed.Reminders.ListByWorkOrderAsync(early));
        var lateId = Deadline(await bed.Reminders.ListByWorkOrderAsync(late));
        bed.Time.SetUtcNow(At(3, 9, 30));
        var client = new RecordingJobClient();

        await new ReminderJob(bed.Firer, client, bed.Time, NullLogger<ReminderJob>.Instance).RunManyAsync([earlyId, lateId]);

        Assert.NotNull((await bed.Reminders.GetByIdAsync(earlyId))!.FiredAt);
        Assert.Null((await bed.Reminders.GetByIdAsync(lateId))!.FiredAt);
        var (rescheduled, state) = Assert.Single(client.Created);
        Assert.Equal(nameof(ReminderJob.RunAsync), rescheduled.Method.Name);
        Assert.Equal(lateId, Assert.Single(rescheduled.Args));
        Assert.IsType<ScheduledState>(state);
    }
}
