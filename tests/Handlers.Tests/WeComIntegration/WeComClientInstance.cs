using GridLine.Handlers.WeComIntegration;
using GridLine.Storage;
using GridLine.WeCom;
using GridLine.WeCom.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GridLine.Handlers.Tests.WeComIntegration;

/// <summary>One gateway instance's WeCom API client, wired as production wires it, in its own service provider.</summary>
internal sealed class WeComClientInstance : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private WeComClientInstance(ServiceProvider services) => _services = services;

    public IWeComApiClient Client => _services.GetRequiredService<IWeComApiClient>();

    public static WeComClientInstance Create(string connectionString, string apiBaseUrl, int requestTimeoutSeconds = 30)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:GridLine"] = connectionString,
            ["WeCom:BaseUrl"] = apiBaseUrl,
            ["WeCom:CorpId"] = "wwsandbox0000000001",
            ["WeCom:RequestTimeoutSeconds"] = requestTimeoutSeconds.ToString(),
            ["WeCom:Apps:0:Name"] = "main",
            ["WeCom:Apps:0:AgentId"] = "1000002",
            ["WeCom:Apps:0:Secret"] = "sandbox-main-app-secret-not-for-production",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddStorage(configuration)
            .AddWeComApi(configuration)
            .AddWeComIntegration();
        return new WeComClientInstance(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
