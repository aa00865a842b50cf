using GridLine.Handlers.Time;
using GridLine.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridLine.Handlers.Reminders;

/// <summary>
/// Keeps an order's reminders in step with its status and deadlines. Call it inside the transaction that opens the order or
/// changes its status or deadlines: it replaces the order's unfired reminders with those <see cref="ReminderSchedule"/> gives
/// (advance warnings whose time has already passed are left out). Idempotent: calling it twice changes nothing, and a
/// reminder that already fired is never planned again.
/// </summary>
public sealed class ReminderPlanner(WorkingCalendarProvider calendars, IOptions<ReminderOptions> options, TimeProvider time)
{
    public async Task PlanAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkOrder order, CancellationToken cancellationToken) =>
        await ReminderRepository.ReplaceUnfiredAsync(connection, transaction, order.Id, await WantedAsync(order, cancellationToken), cancellationToken);

    /// <summary>
    /// The reminders <paramref name="order"/> should have now. A new order's are written by the order's own insert
    /// (<see cref="WorkOrderRepository.InsertOpenedAsync"/>), from an order not stored yet.
    /// </summary>
    public async Task<IReadOnlyList<(string Kind, DateTimeOffset DueAt)>> WantedAsync(WorkOrder order, CancellationToken cancellationToken)
    {
        var calendar = await calendars.GetAsync(cancellationToken);
        var now = time.GetUtcNow();
        return ReminderSchedule.Compute(order, calendar, options.Value)
            .Where(r => !ReminderKind.IsAdvanceWarning(r.Kind) || r.DueAt > now)
            .ToList();
    }
}
