using System.Net.Http.Json;
using GridLine.WeComSandbox.State;

namespace GridLine.WeComSandbox;

/// <summary>A running sandbox (from <see cref="SandboxApp.StartAsync"/>) with a client for its HTTP API.</summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal SandboxHost(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl.TrimEnd('/');
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string BaseUrl { get; }

    /// <summary>What WeCom:BaseUrl of a client under test should be.</summary>
    public string ApiBaseUrl => BaseUrl + "/cgi-bin/";

    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>The request log over HTTP, as a test or the page sees it.</summary>
    public async Task<IReadOnlyList<SandboxRequest>> GetRequestsAsync(long since = 0) =>
        await Client.GetFromJsonAsync<List<SandboxRequest>>($"sandbox/requests?since={since}") ?? [];

    /// <summary>Sets a fault via POST /sandbox/faults.</summary>
    public async Task SetFaultAsync(FaultSpec fault) =>
        (await Client.PostAsJsonAsync("sandbox/faults", fault)).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
