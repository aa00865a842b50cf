using GridLine.WeComSandbox.Admin;
using GridLine.WeComSandbox.CgiBin;
using GridLine.WeComSandbox.Page;
using GridLine.WeComSandbox.Simulator;
using GridLine.WeComSandbox.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GridLine.WeComSandbox;

/// <summary>Builds the sandbox host. Program.cs and tests (which start it in-process on a loopback port) share this.</summary>
public static class SandboxApp
{
    /// <summary>Builds the application; <paramref name="configure"/> adjusts <see cref="SandboxOptions"/> after configuration binding.</summary>
    public static WebApplication Build(string[] args, Action<SandboxOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Defaults: the embedded appsettings.json first, so files, environment and command line still override it,
        // and a test host (whose content root is the test folder) gets the same corp, apps and groups as ./run.sh.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonStreamConfigurationSource
        {
            Stream = typeof(SandboxApp).Assembly.GetManifestResourceStream("GridLine.WeComSandbox.appsettings.json")!,
        });

        // Options: section Sandbox, validated at start.
        var options = builder.Services.AddOptions<SandboxOptions>()
            .Bind(builder.Configuration.GetSection(SandboxOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null) options.PostConfigure(configure);

        // JSON: Chinese unescaped, as WeCom writes it (the page never uses innerHTML, so no HTML escaping is needed).
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = SandboxJson.Options.Encoder);

        // State: all in memory; a restart is a clean WeCom.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RequestLog>();
        builder.Services.AddSingleton<TokenRegistry>();
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<WebhookRateLimiter>();
        builder.Services.AddSingleton<MessageDuplicateCheck>();
        builder.Services.AddSingleton<ResponseCodeRegistry>();

        // Simulator: posts callbacks to the gateway with WeCom's own timeout.
        builder.Services.AddSingleton<CallbackSimulator>();
        builder.Services.AddHttpClient(CallbackSimulator.GatewayClient, (sp, client) =>
            client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<SandboxOptions>>().Value.CallbackTimeoutSeconds));

        var app = builder.Build();

        // The emulated WeCom API, every request faulted (when asked) and recorded.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/cgi-bin"), branch => branch.UseMiddleware<CgiBinRecorder>());
        app.MapCgiBin();

        // Controls for tests and the page, the simulator, and the chat page itself.
        app.MapSandboxAdmin();
        app.MapSimulator();
        app.MapChatPage();
        return app;
    }

    /// <summary>Starts a sandbox listening on <paramref name="url"/> (e.g. http://127.0.0.1:port).</summary>
    public static async Task<SandboxHost> StartAsync(string url, Action<SandboxOptions>? configure = null, params string[] extraArgs)
    {
        var args = new List<string> { "--urls", url, "--environment", "Testing", "--Logging:LogLevel:Default=Warning" };
        args.AddRange(extraArgs);
        var app = Build(args.ToArray(), configure);
        await app.StartAsync();
        return new SandboxHost(app, url);
    }
}
