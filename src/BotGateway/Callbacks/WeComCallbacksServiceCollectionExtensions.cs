using GridLine.WeCom;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GridLine.BotGateway.Callbacks;

/// <summary>Registration of the inbound routes: WeCom app and bot callbacks and the signed generic ingest.</summary>
public static class WeComCallbacksServiceCollectionExtensions
{
    public static IServiceCollection AddWeComCallbacks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWeComOptions(configuration);
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CallbackMetrics>();
        services.AddSingleton<CallbackCryptoRegistry>();
        services.AddSingleton<CallbackInboxWriter>();
        services.AddSingleton<CallbackExceptionBoundary>();
        return services;
    }

    /// <summary>Maps <c>/wecom/app/{name}</c>, <c>/wecom/bot/{name}</c> (GET + POST) and <c>POST /ingest/{source}</c> behind one exception boundary.</summary>
    public static IEndpointRouteBuilder MapWeComCallbacks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").AddEndpointFilter<CallbackExceptionBoundary>().ExcludeFromDescription();
        WeComCallbackEndpoints.Map(group);
        IngestEndpoints.Map(group);
        return app;
    }
}
