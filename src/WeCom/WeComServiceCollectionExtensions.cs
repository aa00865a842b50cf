using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GridLine.WeCom;

/// <summary>Registers <see cref="WeComOptions"/> (bound, validated at startup). Safe to call from several AddXxx methods.</summary>
public static class WeComServiceCollectionExtensions
{
    public static IServiceCollection AddWeComOptions(this IServiceCollection services, IConfiguration configuration)
    {
        // Binding twice would append every list entry twice, so register once however many features ask.
        if (services.Any(d => d.ServiceType == typeof(WeComOptionsMarker))) return services;
        services.AddSingleton<WeComOptionsMarker>();
        services.AddOptions<WeComOptions>().Bind(configuration.GetSection(WeComOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeComOptions>, WeComOptionsValidator>());
        return services;
    }

    private sealed class WeComOptionsMarker;
}
