using GridLine.WeCom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GridLine.Handlers.WeComIntegration;

/// <summary>Connects the WeCom API client to GridLine's storage (call after AddStorage and AddWeComApi).</summary>
public static class WeComIntegrationServiceCollectionExtensions
{
    public static IServiceCollection AddWeComIntegration(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Replace(ServiceDescriptor.Singleton<IAccessTokenStore, PostgresAccessTokenStore>());
        return services;
    }
}
