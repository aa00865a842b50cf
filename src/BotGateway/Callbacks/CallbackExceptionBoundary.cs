using Npgsql;

namespace GridLine.BotGateway.Callbacks;

/// <summary>
/// Endpoint filter for every callback route: turns rejections into their status, an unreachable database into 503,
/// and anything unexpected into 503 too, so a sender never sees a 500 and WeCom retries what we failed to store.
/// </summary>
internal sealed class CallbackExceptionBoundary(CallbackMetrics metrics, ILogger<CallbackExceptionBoundary> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "callback";
        try
        {
            return await next(context);
        }
        catch (CallbackRejectedException ex)
        {
            return Reject(route, ex.Reason, ex.StatusCode, null);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own limits and malformed framing (e.g. a body larger than the server allows).
            return Reject(route, "bad_http_request", ex.StatusCode, null);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The sender went away; nobody reads this answer.
            return Reject(route, "client_aborted", StatusCodes.Status400BadRequest, null);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Data exception (e.g. \u0000 in a jsonb string): retrying will never succeed, so this is the sender's 400.
            return Reject(route, "payload_rejected_by_database", StatusCodes.Status400BadRequest, ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return Reject(route, "database_unavailable", StatusCodes.Status503ServiceUnavailable, ex);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Unexpected failure on {Route}", route);
            return Reject(route, "unexpected_error", StatusCodes.Status503ServiceUnavailable, null);
        }
    }

    private IResult Reject(string route, string reason, int status, Exception? exception)
    {
        metrics.Rejected(route, reason, status);
        // Reason and status only: callback bodies carry residents' messages and must not reach the logs.
        if (status >= 500) logger.LogWarning("Callback on {Route} answered {Status}: {Reason} ({Error})", route, status, reason, exception?.Message);
        else logger.LogInformation("Callback on {Route} rejected with {Status}: {Reason}", route, status, reason);
        return Results.StatusCode(status);
    }
}
