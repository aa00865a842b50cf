using Dapper;
using GridLine.Handlers.Tests.Reminders;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;

namespace GridLine.Handlers.Tests.WorkOrders;

/// <summary>Opening an order writes the order and the messages announcing it in one statement, rendered before the order had a number.</summary>
public class OpenOrderStatementTests
{
    [Fact]
    public async Task OpenAsync_AckAndAssigneeNotice_CarryTheAssignedIdAndNumberAndNoPlaceholderIsLeft()
    {
        await using var bed = await ReminderTestBed.CreateAsync(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8)));
        var opened = new List<WorkOrder>();
        for (var i = 0; i < 2; i++)   // two orders: each message gets its own order's values, not the first one's
        {
            await using var connection = await bed.DataSource.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            opened.Add(await bed.Workflow.OpenAsync(connection, tx, new OpenOrderRequest("complaint", "lighting", $"{i + 3}号楼门口路灯坏了", "wrGridEast001",
                "resident-1", null, null, NeedsConfirmation: true, Confidence: 0.55)));
            await tx.CommitAsync();
        }

        await using var check = await bed.DataSource.OpenConnectionAsync();
        var rows = (await check.QueryAsync<(string Key, string Payload)>("select idempotency_key, payload::text from outbox_message order by id")).AsList();
        Assert.Equal(6, rows.Count);   // per order: the resident's acknowledgement, the assignee's card, the confirmation card
        Assert.DoesNotContain(rows, r => r.Key.Contains("4611686018427387") || r.Payload.Contains("4611686018427387"));
        foreach (var (order, i) in opened.Select((o, i) => (o, i)))
        {
            var mine = rows.Skip(3 * i).Take(3).ToList();
            Assert.Equal([$"wo:{order.Id}:open:group", $"wo:{order.Id}:open:assignee", $"wo:{order.Id}:open:confirm"], mine.Select(r => r.Key));
            Assert.All(mine, r => Assert.Contains(order.Number.ToString(), r.Payload));
            Assert.Contains($"sign:{order.Number}", mine[1].Payload);
            Assert.Contains($"void:{order.Number}", mine[2].Payload);
        }
        Assert.NotEqual(opened[0].Number, opened[1].Number);
    }
}
