using GridLine.Handlers.Dispatch;
using GridLine.Handlers.Processing;
using GridLine.Handlers.Webhooks;
using GridLine.Handlers.WeComIntegration;
using Microsoft.Extensions.Options;

namespace GridLine.BotGateway.Integrations;

/// <summary>Outbound webhooks (observer + outbox transport) and inbound 12345 dispatch (inbox handler), layered over the processing services.</summary>
internal static class IntegrationsSetup
{
    /// <summary>Call after AddGridLineProcessing: wraps its IInboxHandler and IOutboxTransport.</summary>
    public static IServiceCollection AddGridLineIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.Targets.All(t => t.Name.Length > 0 && t.Secret.Length >= 16 && Uri.TryCreate(t.Url, UriKind.Absolute, out var u)
                && (u.Scheme == Uri.UriSchemeHttps || u.IsLoopback)), "Webhooks:Targets: each needs a Name, an https (or loopback) Url and a Secret of at least 16 characters.")
            .Validate(o => o.TimeoutSeconds is > 0 and <= 120, "Webhooks:TimeoutSeconds must be 1-120.")
            .ValidateOnStart();
        services.AddHttpClient(WebhookTransport.HttpClientName);
        services.AddSingleton<WebhookTransport>();
        services.AddSingleton<IWorkOrderChangeObserver, WorkOrderWebhooks>();
        services.AddSingleton<HotlineDispatchHandler>();

        Wrap<IOutboxTransport>(services, (sp, inner) => new CompositeOutboxTransport(inner, sp.GetRequiredService<WebhookTransport>()));
        Wrap<IInboxHandler>(services, (sp, inner) => new RoutingInboxHandler(inner, sp.GetRequiredService<HotlineDispatchHandler>()));
        return services;
    }

    private static void Wrap<T>(IServiceCollection services, Func<IServiceProvider, T, T> wrap) where T : class
    {
        var original = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(original);
        services.Add(new ServiceDescriptor(typeof(T), sp => wrap(sp, (T)(original.ImplementationInstance ?? original.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!))), original.Lifetime));
    }
}
