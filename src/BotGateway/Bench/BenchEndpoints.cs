using GridLine.BotGateway.Callbacks;
using GridLine.Storage;
using Microsoft.Extensions.Options;

namespace GridLine.BotGateway.Bench;

/// <summary>
/// <c>POST /bench/bare-insert?key=…</c>: the same single durable <c>INSERT … ON CONFLICT DO NOTHING</c> into
/// <c>inbox_message</c> that a callback ends with, and nothing else (no signature, no decryption, no parsing). The load
/// generator runs it side by side with the real callback route, so the gap between the two is what our own work costs
/// on top of the database round trip (the "ceiling"). It accepts anything unauthenticated, so it exists only when
/// <c>Bench:Enabled=true</c>; the benchmark scripts set it, nothing else does.
/// </summary>
public static class BenchEndpoints
{
    /// <summary>Inbox source of rows written by the bare endpoint (kept apart from real traffic).</summary>
    public const string Source = "bench:bare";

    public static IServiceCollection AddBench(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BenchOptions>().Bind(configuration.GetSection(BenchOptions.Section));
        return services;
    }

    /// <summary>Maps the bare route when <c>Bench:Enabled</c> is true; otherwise maps nothing (404).</summary>
    public static IEndpointRouteBuilder MapBench(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<BenchOptions>>().Value.Enabled) return app;
        app.MapGroup("/bench").AddEndpointFilter<CallbackExceptionBoundary>().ExcludeFromDescription()
            .MapPost("/bare-insert", BareInsertAsync);
        return app;
    }

    private static async Task<IResult> BareInsertAsync(HttpContext http, CallbackInboxWriter writer)
    {
        var key = CallbackRequestReader.SingleQuery(http.Request, "key");
        // The body is stored as received (the load generator sends the same JSON plaintext a bot callback carries).
        var body = CallbackRequestReader.DecodeUtf8(await CallbackRequestReader.ReadBodyAsync(http.Request, 65536, http.RequestAborted));
        await writer.StoreAsync(new NewInboxMessage(Source, "msg|" + key, "bench", null, null, body), http.RequestAborted);
        return Results.Ok();
    }
}
