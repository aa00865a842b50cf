using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridLine.WeComSandbox.Simulator;

/// <summary>POST /sandbox/simulate/*: make a resident or grid worker "write" and have WeCom call the gateway.</summary>
internal static class SimulatorEndpoints
{
    public static IEndpointRouteBuilder MapSimulator(this IEndpointRouteBuilder app)
    {
        var simulate = app.MapGroup("/sandbox/simulate");
        simulate.MapPost("/group-message", async (GroupMessageRequest message, HttpContext context, CallbackSimulator simulator) =>
        {
            if (string.IsNullOrWhiteSpace(message.Text)) return Results.BadRequest(new { error = "text is empty" });
            try { return Answer(await simulator.PostGroupMessageAsync(message, BaseUrl(context.Request), context.RequestAborted)); }
            catch (ArgumentException ex) { return Results.BadRequest(new { error = ex.Message }); }
        });
        simulate.MapPost("/app-message", async (AppMessageRequest message, HttpContext context, CallbackSimulator simulator) =>
        {
            if (string.IsNullOrWhiteSpace(message.Text)) return Results.BadRequest(new { error = "text is empty" });
            try { return Answer(await simulator.PostAppMessageAsync(message, context.RequestAborted)); }
            catch (ArgumentException ex) { return Results.BadRequest(new { error = ex.Message }); }
        });
        return app;
    }

    // The gateway could not be reached at all: 502, with the reason, so the page can say so.
    private static IResult Answer(SimulationResult result) =>
        result.GatewayStatus is null ? Results.Json(result, statusCode: StatusCodes.Status502BadGateway) : Results.Json(result);

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
