using System.Text.Json;
using GridLine.Storage;

namespace GridLine.BotGateway.Admin;

/// <summary>Writes one audit entry per admin change, with the before and after states serialised as JSON.</summary>
internal sealed class AuditTrail(AuditLogRepository log)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task RecordAsync(HttpContext http, string action, string entity, object? entityId, object? before, object? after) =>
        log.AppendAsync(AdminUser.From(http.User).Login, action, entity, entityId?.ToString(),
            before is null ? null : JsonSerializer.Serialize(before, Json), after is null ? null : JsonSerializer.Serialize(after, Json), http.RequestAborted);
}
