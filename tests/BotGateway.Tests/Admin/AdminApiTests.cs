using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridLine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GridLine.BotGateway.Tests.Admin;

/// <summary>The admin API's contract: problem details naming the field, optimistic concurrency, audited actions, search, CSV and figures.</summary>
public class AdminApiTests
{
    [Fact]
    public async Task CreateRoutingRule_InvalidField_ProblemDetailsNamesTheField()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        using var admin = await AdminTestData.BearerClientAsync(host, "system_admin");
        var response = await admin.PostAsJsonAsync("/api/routing-rules", new { name = "x", priority = 1, assigneeRole = "grid_worker", handlingLevel = "grid", clock = "sometimes", signSlaMinutes = 1, dueSlaMinutes = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("clock", out _));
    }

    [Fact]
    public async Task UpdateRoutingRule_StaleVersion_409AndAuditedOnce()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        using var admin = await AdminTestData.BearerClientAsync(host, "system_admin");
        var body = new Dictionary<string, object?> { ["name"] = "规则A", ["priority"] = 40, ["assigneeRole"] = "grid_worker", ["handlingLevel"] = "grid", ["clock"] = "working", ["signSlaMinutes"] = 60, ["dueSlaMinutes"] = 600 };
        var created = await (await admin.PostAsJsonAsync("/api/routing-rules", body)).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();

        body["name"] = "规则B";
        body["version"] = 1;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/routing-rules/{id}", body)).StatusCode);
        body["name"] = "规则C"; // the second admin still holds version 1
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync($"/api/routing-rules/{id}", body)).StatusCode);

        var audit = await host.Services.GetRequiredService<AuditLogRepository>().ListAsync("routing_rule", 10);
        Assert.Equal(["routing_rule.update", "routing_rule.create"], audit.Select(a => a.Action).ToArray());
        Assert.Contains("规则A", audit[0].Before);
        Assert.Contains("规则B", audit[0].After);
    }

    [Fact]
    public async Task WorkOrderAction_Void_AppliedThroughTheServiceWithTimelineAndAudit()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        await AdminTestData.SeedDemoAsync(host);
        var order = await AdminTestData.OrderInAsync(host, "DH-E-G1");
        using var admin = await AdminTestData.BearerClientAsync(host, "subdistrict_admin", "DH");

        var missingReason = await admin.PostAsJsonAsync($"/api/work-orders/{order.Id}/actions", new { action = "void", version = order.Version });
        Assert.Equal(HttpStatusCode.BadRequest, missingReason.StatusCode);
        Assert.Contains("reason", await missingReason.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/work-orders/{order.Id}/actions", new { action = "void", version = order.Version + 5, reason = "重复" })).StatusCode);

        var ok = await admin.PostAsJsonAsync($"/api/work-orders/{order.Id}/actions", new { action = "void", version = order.Version, reason = "重复提交" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/work-orders/{order.Id}");
        Assert.Equal("voided", detail.GetProperty("order").GetProperty("status").GetString());
        var last = detail.GetProperty("timeline").EnumerateArray().Last();
        Assert.Equal("void", last.GetProperty("action").GetString());
        Assert.Equal("admin", last.GetProperty("actorKind").GetString());
        Assert.Single(await host.Services.GetRequiredService<AuditLogRepository>().ListAsync("work_order", 10));
    }

    [Fact]
    public async Task ListWorkOrders_ChineseSearchAndOverdueFilter_FindTheRightOrders()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        await AdminTestData.SeedDemoAsync(host);
        await AdminTestData.OrderInAsync(host, "DH-E-G1", "楼道里堆满了杂物");
        var overdue = await host.Services.GetRequiredService<WorkOrderRepository>().InsertAsync(new NewWorkOrder("complaint", "noise", null, null, null,
            "广场舞音响太吵", null, "grid", null, "in_progress", DateTime.UtcNow.AddDays(-3), DateTime.UtcNow.AddDays(-1)));
        using var admin = await AdminTestData.BearerClientAsync(host, "system_admin");

        var found = await admin.GetFromJsonAsync<JsonElement>("/api/work-orders?q=" + Uri.EscapeDataString("杂物"));
        Assert.Equal(1, found.GetProperty("total").GetInt64());
        var late = await admin.GetFromJsonAsync<JsonElement>("/api/work-orders?overdue=true");
        Assert.Equal(overdue.Id, late.GetProperty("items")[0].GetProperty("id").GetInt64());
        Assert.Equal(1, late.GetProperty("total").GetInt64());
        var bad = await admin.GetAsync("/api/work-orders?status=lost");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("status", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ExportCsv_OrdersAndFigures_Utf8WithBomAndChineseHeaders()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        await AdminTestData.SeedDemoAsync(host);
        await AdminTestData.OrderInAsync(host, "DH-E-G1", "=HYPERLINK(\"x\") 路灯");
        using var admin = await AdminTestData.BearerClientAsync(host, "system_admin");
        foreach (var path in new[] { "/api/work-orders/export.csv", "/api/metrics/export.csv" })
        {
            var bytes = await admin.GetByteArrayAsync(path);
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            var text = Encoding.UTF8.GetString(bytes[3..]);
            Assert.True(text.StartsWith("工单号", StringComparison.Ordinal) || text.StartsWith("维度", StringComparison.Ordinal), text[..20]);
        }
        Assert.Contains("'=HYPERLINK", Encoding.UTF8.GetString(await admin.GetByteArrayAsync("/api/work-orders/export.csv")));
    }

    [Fact]
    public async Task Dashboard_AfterConclusionAndRating_RatesFollowDocsMetrics()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        await AdminTestData.SeedDemoAsync(host);
        var repo = host.Services.GetRequiredService<WorkOrderRepository>();
        var a = await AdminTestData.OrderInAsync(host, "DH-E-G1");
        await AdminTestData.OrderInAsync(host, "DH-W-G1");
        await using (var ds = GridLine.TestSupport.TestDatabase.OpenDataSource(host.ConnectionString))
        await using (var cmd = ds.CreateCommand("update work_order set status = 'rated', concluded_at = now(), satisfaction = 'satisfied' where id = $1"))
        {
            cmd.Parameters.AddWithValue(a.Id);
            await cmd.ExecuteNonQueryAsync();
        }
        using var admin = await AdminTestData.BearerClientAsync(host, "system_admin");
        var s = await admin.GetFromJsonAsync<JsonElement>("/api/metrics/dashboard");
        var total = s.GetProperty("total");
        Assert.Equal(2, total.GetProperty("counts").GetProperty("received").GetInt64());
        Assert.Equal(0.5, total.GetProperty("rates").GetProperty("conclusionRate").GetDouble());
        Assert.Equal(1.0, total.GetProperty("rates").GetProperty("onTimeRate").GetDouble());
        Assert.Equal(1.0, total.GetProperty("rates").GetProperty("satisfactionRate").GetDouble());
        Assert.Equal(JsonValueKind.Null, total.GetProperty("rates").GetProperty("firstPetitionResolutionRate").ValueKind);
        Assert.Equal(2, s.GetProperty("byCommunity").GetArrayLength());

        using var east = await AdminTestData.BearerClientAsync(host, "community_admin", "DH-E");
        var scoped = await east.GetFromJsonAsync<JsonElement>("/api/metrics/dashboard");
        Assert.Equal(1, scoped.GetProperty("total").GetProperty("counts").GetProperty("received").GetInt64());
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheApi()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        var doc = await host.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/work-orders/{id}/actions", paths);
        Assert.Contains("/api/classifier-rules/test", paths);
        Assert.Contains("/open311/v2/requests.json", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/console", StringComparison.Ordinal));
    }
}
