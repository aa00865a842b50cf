using GridLine.WeCom.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace GridLine.WeCom;

/// <summary>Registers the outbound WeCom API client. The host must also register an <see cref="IAccessTokenStore"/>.</summary>
public static class WeComApiServiceCollectionExtensions
{
    public static IServiceCollection AddWeComApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWeComOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(WeComHttpTransport.ReadClient, ConfigureClient)
            .AddResilienceHandler("wecom-read", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<WeComOptions>>().Value;
                // Reads are idempotent: retry transient failures (HttpRequestException, 5xx, 408, 429, attempt timeouts).
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(options.RequestTimeoutSeconds));
            });
        services.AddHttpClient(WeComHttpTransport.SendClient, ConfigureClient)
            .AddResilienceHandler("wecom-send", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<WeComOptions>>().Value;
                // No retry here: a send that timed out may have been delivered; the outbox sender decides.
                pipeline.AddTimeout(TimeSpan.FromSeconds(options.RequestTimeoutSeconds));
            });

        services.TryAddSingleton<WeComHttpTransport>();
        services.TryAddSingleton<AccessTokenProvider>();
        services.TryAddSingleton<IWeComApiClient, WeComApiClient>();
        return services;
    }

    private static void ConfigureClient(IServiceProvider services, HttpClient client)
    {
        client.BaseAddress = new Uri(services.GetRequiredService<IOptions<WeComOptions>>().Value.BaseUrl);
        // The resilience pipeline owns timeouts (per attempt); HttpClient's own 100 s default would only confuse them.
        client.Timeout = Timeout.InfiniteTimeSpan;
    }
}
