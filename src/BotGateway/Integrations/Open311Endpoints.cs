using System.Globalization;
using System.Text.Json.Serialization;
using GridLine.Handlers;
using GridLine.Handlers.Understanding;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;

namespace GridLine.BotGateway.Integrations;

/// <summary>
/// Open311 GeoReport v2 read endpoints (https://wiki.open311.org/GeoReport_v2/): services from the taxonomy's categories,
/// requests from complaint work orders. Public and read-only; no personal data: no reporter, no assignee, phone and ID
/// numbers masked in descriptions; petitions (信访) and queries are never published.
/// </summary>
internal static class Open311Endpoints
{
    /// <summary>A GeoReport v2 service.</summary>
    public sealed record Service(
        [property: JsonPropertyName("service_code")] string ServiceCode,
        [property: JsonPropertyName("service_name")] string ServiceName,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("metadata")] bool Metadata,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("keywords")] string Keywords,
        [property: JsonPropertyName("group")] string Group);

    /// <summary>A GeoReport v2 service request: exactly the fields of the spec, nulls written out.</summary>
    public sealed record ServiceRequest(
        [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("status_notes")] string? StatusNotes,
        [property: JsonPropertyName("service_name")] string ServiceName,
        [property: JsonPropertyName("service_code")] string ServiceCode,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("agency_responsible")] string? AgencyResponsible,
        [property: JsonPropertyName("service_notice")] string? ServiceNotice,
        [property: JsonPropertyName("requested_datetime")] string RequestedDatetime,
        [property: JsonPropertyName("updated_datetime")] string UpdatedDatetime,
        [property: JsonPropertyName("expected_datetime")] string? ExpectedDatetime,
        [property: JsonPropertyName("address")] string? Address,
        [property: JsonPropertyName("address_id")] string? AddressId,
        [property: JsonPropertyName("zipcode")] string? Zipcode,
        [property: JsonPropertyName("lat")] double? Lat,
        [property: JsonPropertyName("long")] double? Long,
        [property: JsonPropertyName("media_url")] string? MediaUrl);

    /// <summary>A GeoReport v2 error.</summary>
    public sealed record Error([property: JsonPropertyName("code")] int Code, [property: JsonPropertyName("description")] string Description);

    private static readonly string[] ClosedStatuses = [WorkOrderStatus.Concluded, WorkOrderStatus.Rated, WorkOrderStatus.Closed, WorkOrderStatus.Merged, WorkOrderStatus.Voided];

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/open311/v2").WithTags("open311").AllowAnonymous();
        group.MapGet("/services.json", () => Results.Json(Taxonomy.Categories.Select(c =>
            new Service(c, TaxonomyNames.Category(c), TaxonomyNames.Category(c), false, "realtime", c, "投诉")).ToList()));
        group.MapGet("/requests.json", ListAsync);
        group.MapGet("/requests/{id}.json", async (string id, WorkOrderRepository orders, GridRepository grids, CancellationToken ct) =>
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                return Results.Json(new[] { new Error(404, "service_request_id not found") }, statusCode: 404);
            var (items, _) = await orders.SearchAsync(new WorkOrderQuery { Number = number, Type = Taxonomy.Complaint, Limit = 1 }, ct);
            return items.Count == 0
                ? Results.Json(new[] { new Error(404, "service_request_id not found") }, statusCode: 404)
                : Results.Json(new[] { await ToRequestAsync(items[0], grids, ct) });
        });
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, WorkOrderRepository orders, GridRepository grids, TimeProvider time,
        string? service_request_id, string? service_code, string? start_date, string? end_date, string? status)
    {
        var ct = http.RequestAborted;
        if (service_request_id is { Length: > 0 })
        {
            // Comma-separated ids: the spec says other parameters are then ignored.
            var list = new List<ServiceRequest>();
            foreach (var part in service_request_id.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(100))
                if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    foreach (var item in (await orders.SearchAsync(new WorkOrderQuery { Number = n, Type = Taxonomy.Complaint, Limit = 1 }, ct)).Items)
                        list.Add(await ToRequestAsync(item, grids, ct));
            return Results.Json(list);
        }
        if (!TryDate(start_date, out var start) || !TryDate(end_date, out var end))
            return Results.Json(new[] { new Error(400, "start_date and end_date must be W3C date-times, e.g. 2026-11-01T00:00:00+08:00") }, statusCode: 400);
        if (status is not (null or "" or "open" or "closed") && status.Split(',').Any(s => s.Trim() is not ("open" or "closed")))
            return Results.Json(new[] { new Error(400, "status must be open or closed") }, statusCode: 400);
        // Spec defaults: the last 90 days, at most 1000 requests.
        var to = end ?? time.GetUtcNow().UtcDateTime;
        var from = start ?? to.AddDays(-90);
        if (to - from > TimeSpan.FromDays(90)) from = to.AddDays(-90);
        var statuses = status switch
        {
            "open" => WorkOrderStatus.Open,
            "closed" => ClosedStatuses,
            _ => null,
        };
        var (items, _) = await orders.SearchAsync(new WorkOrderQuery
        {
            Type = Taxonomy.Complaint, Category = string.IsNullOrWhiteSpace(service_code) ? null : service_code.Trim(), Statuses = statuses,
            From = from, To = to, Limit = 500,
        }, ct);
        var result = new List<ServiceRequest>();
        foreach (var item in items) result.Add(await ToRequestAsync(item, grids, ct));
        return Results.Json(result);
    }

    private static async Task<ServiceRequest> ToRequestAsync(WorkOrderListItem o, GridRepository grids, CancellationToken ct)
    {
        var grid = o.GridId is { } g ? await grids.GetByIdAsync(g, ct) : null;
        var open = WorkOrderStatus.Open.Contains(o.Status);
        return new ServiceRequest(
            o.Number.ToString(CultureInfo.InvariantCulture), open ? "open" : "closed", WorkOrderStatus.NameOf(o.Status),
            TaxonomyNames.Category(o.Category), o.Category, Masking.MaskText(o.Description),
            grid is null ? null : $"{grid.Name}（{HandlingLevel.NameOf(o.HandlingLevel)}）", null,
            W3c(o.CreatedAt), W3c(o.UpdatedAt), o.DueAt is { } due && open ? W3c(due) : null,
            o.LocationText is { } l ? Masking.MaskText(l) : null, grid?.Code, null, null, null, null);
    }

    private static string W3c(DateTime utc) =>
        ChinaTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static bool TryDate(string? text, out DateTime? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        value = parsed.UtcDateTime;
        return true;
    }
}
