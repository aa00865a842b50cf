using GridLine.Storage;
using Npgsql;

namespace GridLine.BotGateway.Health;

/// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: the database answers and every migration is applied.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok")).ExcludeFromDescription();
        app.MapGet("/readyz", async (MigrationRunner runner, ILoggerFactory loggers, CancellationToken ct) =>
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                return await runner.IsUpToDateAsync(timeout.Token)
                    ? Results.Json(new { status = "ready" })
                    : Results.Json(new { status = "migrations pending" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
            {
                loggers.CreateLogger("Readiness").LogWarning("Not ready: {Reason}", ex.Message);
                return Results.Json(new { status = "database unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).ExcludeFromDescription();
        return app;
    }
}
