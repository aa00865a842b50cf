using Dapper;
using GridLine.Handlers.Reminders;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;
using GridLine.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace GridLine.Handlers.Tests.Reminders;

/// <summary>
/// A fresh database with a subdistrict → community → grid chain, a grid worker, a grid leader and community staff, and the
/// reminder services wired as production wires them, on a fake clock. <see cref="FireDueAsync"/> plays the part of Hangfire.
/// </summary>
internal sealed class ReminderTestBed : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ReminderTestBed(ServiceProvider services, FakeTimeProvider time, NpgsqlDataSource dataSource)
    {
        _services = services;
        Time = time;
        DataSource = dataSource;
    }

    public FakeTimeProvider Time { get; }
    public NpgsqlDataSource DataSource { get; }
    public long GridId { get; private set; }
    public long WorkerId { get; private set; }
    public ReminderPlanner Planner => _services.GetRequiredService<ReminderPlanner>();
    public ReminderFirer Firer => _services.GetRequiredService<ReminderFirer>();
    public ReminderRepository Reminders => _services.GetRequiredService<ReminderRepository>();
    public WorkOrderRepository Orders => _services.GetRequiredService<WorkOrderRepository>();
    public WorkOrderStateMachine StateMachine => _services.GetRequiredService<WorkOrderStateMachine>();
    public WorkOrderService Workflow => _services.GetRequiredService<WorkOrderService>();

    public static async Task<ReminderTestBed> CreateAsync(DateTimeOffset now, IDictionary<string, string?>? settings = null)
    {
        var connectionString = await TestDatabase.CreateMigratedAsync();
        var values = new Dictionary<string, string?> { ["ConnectionStrings:GridLine"] = connectionString };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var time = new FakeTimeProvider(now);
        var services = new ServiceCollection().AddLogging().AddStorage(configuration).AddSingleton<TimeProvider>(time).AddWorkOrderDomain(configuration).AddTimeJobs(configuration)
            .AddGridLineProcessing(configuration) // the workflow (WorkOrderService) for tests that open orders as chat messages do; nothing is started
            .BuildServiceProvider();
        var bed = new ReminderTestBed(services, time, services.GetRequiredService<NpgsqlDataSource>());
        await bed.SeedAsync(services);
        return bed;
    }

    private async Task SeedAsync(IServiceProvider services)
    {
        var grids = services.GetRequiredService<GridRepository>();
        var members = services.GetRequiredService<MemberRepository>();
        var sub = await grids.InsertAsync("sd", "街道", "subdistrict", null);
        var community = await grids.InsertAsync("c1", "东苑社区", "community", sub.Id);
        var grid = await grids.InsertAsync("g1", "东苑一网格", "grid", community.Id);
        GridId = grid.Id;
        var worker = await members.InsertAsync("wangwei", "王伟", "grid_worker");
        await members.AssignGridAsync(worker.Id, grid.Id);
        WorkerId = worker.Id;
        var leader = await members.InsertAsync("lijun", "李军", "grid_leader");
        await members.AssignGridAsync(leader.Id, community.Id);
        var staff = await members.InsertAsync("zhaomin", "赵敏", "community");
        await members.AssignGridAsync(staff.Id, community.Id);
        var subStaff = await members.InsertAsync("sunli", "孙丽", "subdistrict");
        await members.AssignGridAsync(subStaff.Id, sub.Id);
        await services.GetRequiredService<ChatGroupRepository>().UpsertAsync("wrGridEast001", "东苑一网格群", grid.Id, "sandbox-webhook-east-001");
    }

    /// <summary>Opens an order "now" (fake clock) with the given deadlines and plans its reminders, as the workflow does.</summary>
    public async Task<WorkOrder> OpenAsync(DateTimeOffset signDue, DateTimeOffset due, string type = "complaint", string clock = "working")
    {
        var order = await Orders.InsertAsync(new NewWorkOrder(type, "lighting", GridId, "wrGridEast001", "resident-1", "路灯坏了", null, "grid",
            WorkerId, WorkOrderStatus.PendingSign, signDue.UtcDateTime, due.UtcDateTime, Clock: clock));
        await using var connection = await DataSource.OpenConnectionAsync();
        // Rows are stamped by the database clock; the test's "now" is the fake one.
        order = await connection.QuerySingleAsync<WorkOrder>(
            $"update work_order set created_at = @now where id = @id returning {WorkOrderRepositoryColumns}", new { now = Time.GetUtcNow().UtcDateTime, id = order.Id });
        await PlanAsync(order);
        return order;
    }

    public async Task PlanAsync(WorkOrder order)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await Planner.PlanAsync(connection, tx, order, CancellationToken.None);
        await tx.CommitAsync();
    }

    /// <summary>Applies an action as the workflow would (state machine + TryApply + plan), at the fake now.</summary>
    public async Task<WorkOrder> ApplyAsync(long orderId, TransitionRequest request)
    {
        var order = (await Orders.GetByIdAsync(orderId))!;
        var decision = StateMachine.Decide(WorkOrderSnapshot.From(order), request, Time.GetUtcNow());
        Assert.True(decision.IsAllowed, decision.Reply);
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var updated = await WorkOrderRepository.TryApplyAsync(connection, tx, order.Id, order.Version, decision.Change!,
            new NewWorkOrderEvent(order.Id, "member", "wangwei", request.Action, order.Status, decision.ToStatus, request.Text));
        await Planner.PlanAsync(connection, tx, updated!, CancellationToken.None);
        await tx.CommitAsync();
        return updated!;
    }

    /// <summary>Moves the clock to <paramref name="at"/> and fires every unfired reminder due by then, as Hangfire would.</summary>
    public async Task<IReadOnlyList<(Reminder Reminder, ReminderFireOutcome Outcome)>> AdvanceToAsync(DateTimeOffset at)
    {
        Time.SetUtcNow(at);
        return await FireDueAsync();
    }

    public async Task<IReadOnlyList<(Reminder Reminder, ReminderFireOutcome Outcome)>> FireDueAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        var due = (await connection.QueryAsync<Reminder>(
            $"select {ReminderColumns} from reminder where fired_at is null and due_at <= @now order by due_at, id", new { now = Time.GetUtcNow().UtcDateTime })).AsList();
        var result = new List<(Reminder, ReminderFireOutcome)>();
        foreach (var r in due) result.Add((r, await Firer.FireAsync(r.Id, CancellationToken.None)));
        return result;
    }

    public async Task<IReadOnlyList<(string Target, string Key, string Text)>> OutboxAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, string, string)>("select target, idempotency_key, payload->>'text' from outbox_message order by id")).AsList();
    }

    public const string ReminderColumns = "id, work_order_id, kind, due_at, fired_at, outcome, hangfire_job_id, scheduled_at, created_at";

    private const string WorkOrderRepositoryColumns = """
        id, number, type, category, grid_id, chat_id, reporter_userid, description, location_text, handling_level,
        assignee_member_id, status, sign_due_at, due_at, signed_at, concluded_at, satisfaction, created_at, updated_at, version,
        merged_into_id, void_reason, reopened_count, extended_until, dispatcher_rule_id, dispatcher_member_id, is_triage, clock, sign_window_start
        """;

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
