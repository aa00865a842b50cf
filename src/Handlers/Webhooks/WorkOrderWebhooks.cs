using System.Text.Json;
using System.Text.Json.Serialization;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridLine.Handlers.Webhooks;

/// <summary>Told about every work-order change inside the transaction that made it.</summary>
public interface IWorkOrderChangeObserver
{
    Task ChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkOrder order, string action, CancellationToken cancellationToken);
}

/// <summary>The body of a work-order webhook. Ids, codes and times only: never a resident's userid, name, phone or the description.</summary>
public sealed record WorkOrderWebhookPayload(
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("order_number")] long OrderNumber,
    [property: JsonPropertyName("external_id")] string? ExternalId,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("status_name")] string StatusName,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("handling_level")] string HandlingLevel,
    [property: JsonPropertyName("due_at")] DateTime? DueAt,
    [property: JsonPropertyName("concluded_at")] DateTime? ConcludedAt,
    [property: JsonPropertyName("satisfaction")] string? Satisfaction,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("updated_at")] DateTime UpdatedAt);

/// <summary>
/// Queues one outbox row (channel <see cref="Channel"/>) per configured receiver for every work-order change, in the same
/// transaction; the idempotency key (receiver, order, version) makes a re-run a no-op. Delivery and retries: <see cref="WebhookTransport"/>.
/// </summary>
public sealed class WorkOrderWebhooks(IOptions<WebhookOptions> options) : IWorkOrderChangeObserver
{
    public const string Channel = "webhook";

    public async Task ChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkOrder order, string action, CancellationToken cancellationToken)
    {
        if (options.Value.Targets.Count == 0) return;
        var origin = await WorkOrderRepository.GetOriginAsync(connection, transaction, order.Id, cancellationToken);
        var external = origin?.Source.StartsWith("ingest:", StringComparison.Ordinal) == true ? origin.DedupeKey : null;
        var payload = new WorkOrderWebhookPayload($"wo{order.Id}-v{order.Version}", action == "open" ? "work_order.created" : "work_order.updated", action,
            order.Number, external, origin?.Source, order.Status, WorkOrderStatus.NameOf(order.Status), order.Type, order.Category, order.HandlingLevel,
            order.DueAt, order.ConcludedAt, order.Satisfaction, order.Version, order.UpdatedAt);
        var json = JsonSerializer.Serialize(payload);
        foreach (var target in options.Value.Targets)
            await OutboxRepository.TryEnqueueAsync(connection, transaction,
                new NewOutboxMessage($"webhook:{target.Name}:{order.Id}:{order.Version}", Channel, target.Name, json), cancellationToken);
    }
}
