using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridLine.Handlers.Webhooks;
using GridLine.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace GridLine.BotGateway.Tests.Admin;

/// <summary>Open311 GeoReport v2 output, 12345 dispatch in and signed webhooks out, and the Prometheus gauges.</summary>
public class IntegrationsTests
{
    /// <summary>The service request fields of GeoReport v2 (https://wiki.open311.org/GeoReport_v2/#get-service-requests).</summary>
    private static readonly string[] RequestFields =
    [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible", "service_notice",
        "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
    ];

    private static readonly string[] ServiceFields = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"];

    [Fact]
    public async Task Open311_RequestsAndServices_MatchGeoReportV2FieldListWithoutPersonalData()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        await AdminTestData.SeedDemoAsync(host);
        var order = await AdminTestData.OrderInAsync(host, "DH-E-G1", "路灯坏了，联系我13812345678", reporter: "wmSecretResident");

        var services = await host.Client.GetFromJsonAsync<JsonElement>("/open311/v2/services.json");
        Assert.All(services.EnumerateArray(), s => Assert.Equal(ServiceFields.Order(), s.EnumerateObject().Select(p => p.Name).Order()));
        Assert.Contains(services.EnumerateArray(), s => s.GetProperty("service_code").GetString() == "lighting");

        var raw = await host.Client.GetStringAsync("/open311/v2/requests.json?status=open&service_code=lighting");
        var requests = JsonDocument.Parse(raw).RootElement;
        var r = Assert.Single(requests.EnumerateArray());
        Assert.Equal(RequestFields.Order(), r.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(order.Number.ToString(), r.GetProperty("service_request_id").GetString());
        Assert.Equal("open", r.GetProperty("status").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$", r.GetProperty("requested_datetime").GetString());
        Assert.DoesNotContain("wmSecretResident", raw);
        Assert.DoesNotContain("13812345678", raw);
        Assert.Contains("138****5678", raw);

        Assert.Empty((await host.Client.GetFromJsonAsync<JsonElement>("/open311/v2/requests.json?status=closed")).EnumerateArray());
        var one = await host.Client.GetFromJsonAsync<JsonElement>($"/open311/v2/requests/{order.Number}.json");
        Assert.Equal(RequestFields.Order(), one[0].EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/open311/v2/requests/999999.json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/open311/v2/requests.json?start_date=yesterday")).StatusCode);
    }

    [Fact]
    public async Task HotlineDispatch_SignedIngestOrder_OpensRoutedOrderAndSignedWebhookFlowsBack()
    {
        const string ingestSecret = "hotline-ingest-secret-0123", hookSecret = "hotline-webhook-secret-0123";
        var received = new ConcurrentQueue<(string Body, string Timestamp, string Signature)>();
        var hookUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var receiver = WebApplication.CreateBuilder();
        receiver.WebHost.UseUrls(hookUrl);
        await using var hook = receiver.Build();
        hook.MapPost("/hook", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            received.Enqueue((body, http.Request.Headers[WebhookTransport.TimestampHeader].ToString(), http.Request.Headers[WebhookTransport.SignatureHeader].ToString()));
            return Results.Ok();
        });
        await hook.StartAsync();

        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Seed:Demo"] = "true", ["Jobs:ServerEnabled"] = "false",
            ["Ingest:Sources:0:Name"] = "hotline12345", ["Ingest:Sources:0:Secret"] = ingestSecret,
            ["Webhooks:Targets:0:Name"] = "hotline12345", ["Webhooks:Targets:0:Url"] = hookUrl + "/hook", ["Webhooks:Targets:0:Secret"] = hookSecret,
            ["Inbox:IdlePollMilliseconds"] = "50", ["Outbox:IdlePollMilliseconds"] = "50",
        });
        var body = """{"id":"12345-2026-000777","kind":"order","grid_code":"DH-E-G1-M1","type":"complaint","category":"lighting","description":"市民来电：东苑1号楼路灯不亮","location":"东苑1号楼"}""";
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/hotline12345") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GridLine-Timestamp", ts);
        request.Headers.Add("X-GridLine-Signature", WebhookTransport.Sign(ingestSecret, ts, body));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(request)).StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (received.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.True(received.TryPeek(out var first), "no webhook within 20 s");
        Assert.Equal(WebhookTransport.Sign(hookSecret, first.Timestamp, first.Body), first.Signature);
        var payload = JsonDocument.Parse(first.Body).RootElement;
        Assert.Equal("work_order.created", payload.GetProperty("event").GetString());
        Assert.Equal("12345-2026-000777", payload.GetProperty("external_id").GetString());
        Assert.Equal("pending_sign", payload.GetProperty("status").GetString());
        Assert.DoesNotContain("路灯不亮", first.Body); // the description stays home

        // Routed by the micro-grid code: the order sits in 东苑1号楼微网格; the default rule takes the grid worker above it, 王伟.
        using var admin = await AdminTestData.BearerClientAsync(host, "system_admin");
        var item = (await admin.GetFromJsonAsync<JsonElement>("/api/work-orders")).GetProperty("items")[0];
        Assert.Equal("东苑1号楼微网格", item.GetProperty("gridName").GetString());
        Assert.Equal("王伟", item.GetProperty("assigneeName").GetString());
    }

    [Fact]
    public async Task PrometheusMetrics_ExposeGaugesAndRequestLatency()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        await host.Client.GetAsync("/healthz");
        var text = await host.Client.GetStringAsync("/metrics");
        foreach (var name in new[] { "gridline_inbox_lag_seconds", "gridline_inbox_pending", "gridline_outbox_pending", "gridline_outbox_failed",
                     "gridline_sla_breaches", "gridline_classifier_confidence", "http_request_duration_seconds" })
            Assert.Contains(name, text);
    }

    [Fact]
    public async Task Metrics_ScrapeTokenSet_401WithoutOrWithAWrongBearerAnd200WithIt()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?>(AdminTestData.NoJobs) { ["Prometheus:ScrapeToken"] = "scrape-secret-1" });

        async Task<HttpResponseMessage> ScrapeAsync(string? authorization)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
            return await host.Client.SendAsync(request);
        }

        using var anonymous = await ScrapeAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain("gridline_", await anonymous.Content.ReadAsStringAsync());
        using var wrong = await ScrapeAsync("Bearer scrape-secret-2");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var prefix = await ScrapeAsync("Bearer scrape-secret-");
        Assert.Equal(HttpStatusCode.Unauthorized, prefix.StatusCode);
        using var right = await ScrapeAsync("Bearer scrape-secret-1");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("gridline_inbox_lag_seconds", await right.Content.ReadAsStringAsync());
        // The gate covers /metrics only: health and the callback routes are unaffected.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/healthz")).StatusCode);
    }
}
