using System.Text.Json;
using GridLine.Handlers.Processing;
using GridLine.Handlers.Understanding;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GridLine.Handlers.Dispatch;

/// <summary>
/// An order dispatched by the 12345 hotline (ingest kind "order"): <c>{"id", "kind": "order", "grid_code", "type", "category",
/// "description", "location"}</c>. Opens a work order routed by the (micro-)grid code; an unknown code goes to triage. The
/// hotline's own id is the inbox dedupe key, so a resend is ignored and status changes flow back by the outbound webhook with it.
/// </summary>
public sealed class HotlineDispatchHandler(WorkOrderService orders, GridRepository grids, ILogger<HotlineDispatchHandler> logger)
{
    public const string Kind = "order";

    public async Task HandleAsync(InboxMessage row, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (await WorkOrderRepository.FindBySourceInboxIdAsync(connection, transaction, row.Id, cancellationToken) is not null) return; // re-delivery
        Dispatched? d;
        try { d = JsonSerializer.Deserialize<Dispatched>(row.Payload, new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }); }
        catch (JsonException) { d = null; }
        var type = d?.Type ?? Taxonomy.Complaint;
        if (d is null || string.IsNullOrWhiteSpace(d.Description) || type == Taxonomy.Other || !Taxonomy.IsType(type))
        {
            logger.LogWarning("Dispatched order {InboxId} from {Source} has no description or a bad type; ignored", row.Id, row.Source);
            return;
        }
        var category = string.IsNullOrWhiteSpace(d.Category) ? "other" : d.Category.Trim();
        var grid = string.IsNullOrWhiteSpace(d.GridCode) ? null : await grids.GetByCodeAsync(d.GridCode.Trim(), cancellationToken);
        if (grid is null) logger.LogWarning("Dispatched order {InboxId}: unknown grid code; it goes to triage", row.Id);
        await orders.OpenAsync(connection, transaction, new OpenOrderRequest(type, category, d.Description.Trim(), null, null,
            string.IsNullOrWhiteSpace(d.Location) ? null : d.Location.Trim(), row.Id, GridId: grid?.Id, Source: row.Source), cancellationToken);
    }

    private sealed record Dispatched(string? GridCode, string? Type, string? Category, string? Description, string? Location);
}

/// <summary>Sends dispatched orders from signed ingest sources to <see cref="HotlineDispatchHandler"/> and everything else to the chat handler.</summary>
public sealed class RoutingInboxHandler(IInboxHandler chat, HotlineDispatchHandler dispatch) : IInboxHandler
{
    public Task HandleAsync(InboxMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        message.Source.StartsWith("ingest:", StringComparison.Ordinal) && message.Kind == HotlineDispatchHandler.Kind
            ? dispatch.HandleAsync(message, connection, transaction, cancellationToken)
            : chat.HandleAsync(message, connection, transaction, cancellationToken);
}
