using GridLine.Handlers.Processing;
using GridLine.Handlers.WeComIntegration;
using GridLine.Storage;
using GridLine.WeCom;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GridLine.Handlers.Tests.WeComIntegration;

/// <summary>
/// One sender process as production wires it (outbox sender + WeCom outbox transport + API client), in its own service
/// provider; "killing" it means cancelling its rounds without letting them settle and throwing the provider away.
/// </summary>
internal sealed class SenderInstance : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    private SenderInstance(ServiceProvider services) => _services = services;

    public OutboxSender Sender => _services.GetRequiredService<OutboxSender>();
    public GridLine.Handlers.Processing.IOutboxTransport Transport => _services.GetRequiredService<IOutboxTransport>();

    public static SenderInstance Create(string connectionString, string apiBaseUrl, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:GridLine"] = connectionString,
            ["WeCom:BaseUrl"] = apiBaseUrl,
            ["WeCom:CorpId"] = "wwsandbox0000000001",
            ["WeCom:RequestTimeoutSeconds"] = "2",
            ["WeCom:Apps:0:Name"] = "main",
            ["WeCom:Apps:0:AgentId"] = "1000002",
            ["WeCom:Apps:0:Secret"] = "sandbox-main-app-secret-not-for-production",
            ["Outbox:RetryDelaysSeconds:0"] = "1",
            ["Outbox:MaxAttempts"] = "50",
            ["Outbox:LeaseSeconds"] = "5",
            ["Outbox:IdlePollMilliseconds"] = "50",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddStorage(configuration)
            .AddWeComApi(configuration)
            .AddWeComIntegration()
            .AddGridLineProcessing(configuration);
        return new SenderInstance(services.BuildServiceProvider());
    }

    /// <summary>Runs send rounds in the background until <see cref="KillAsync"/> or disposal.</summary>
    public void Start()
    {
        var sender = Sender;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    if (await sender.RunOnceAsync(_stop.Token) == 0) await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested) { return; }
            }
        });
    }

    /// <summary>Stops abruptly: in-flight sends are cancelled and their rows are left leased and unsettled, as after a crash.</summary>
    public async Task KillAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop.ContinueWith(_ => { });
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        await _services.DisposeAsync();
    }
}
