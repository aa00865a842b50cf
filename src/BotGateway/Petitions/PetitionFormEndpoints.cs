using GridLine.BotGateway.Hosting;
using GridLine.BotGateway.Jobs;
using GridLine.Handlers.Petitions;

namespace GridLine.BotGateway.Petitions;

/// <summary>GET /console/petitions/{number}/form: the printable 信访事项代办登记表, for system admins (the dashboard's policy).</summary>
internal static class PetitionFormEndpoints
{
    public static IEndpointRouteBuilder MapPetitionForms(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console/petitions/{number:long}/form", async (long number, HttpContext http, PetitionFormRenderer renderer, CancellationToken cancellationToken) =>
            {
                // The full contact only when asked for (?contact=full) by a viewer in the system-admin role; masked otherwise.
                var showContact = http.Request.Query["contact"] == "full" && http.User.IsInRole(AdminAuth.SystemAdminRole);
                return await renderer.RenderAsync(number, showContact, cancellationToken) is { } html
                    ? Results.Content(html, "text/html; charset=utf-8")
                    : Results.NotFound();
            })
            .RequireAuthorization(JobsSetup.DashboardPolicy);
        return app;
    }
}
