using System.Security.Cryptography;
using System.Text;
using GridLine.Handlers.Understanding;
using GridLine.Storage;
using Prometheus;

namespace GridLine.BotGateway.Integrations;

/// <summary>
/// Prometheus at <c>/metrics</c>: request latency (prometheus-net's HTTP metrics), inbox lag and pending, outbox pending and
/// failed, SLA breaches (open orders past a deadline), classifier confidence. One registry per application instance, so
/// several gateways in one test process never share gauges. No labels carry personal data.
/// </summary>
internal sealed class GridLineMetrics
{
    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();
    public Histogram ClassifierConfidence { get; }
    private readonly Gauge _inboxLag, _inboxPending, _outboxPending, _outboxFailed, _slaBreaches;

    public GridLineMetrics()
    {
        var f = Metrics.WithCustomRegistry(Registry);
        _inboxLag = f.CreateGauge("gridline_inbox_lag_seconds", "Age of the oldest inbox message not yet processed (0 when none).");
        _inboxPending = f.CreateGauge("gridline_inbox_pending", "Inbox messages waiting or being processed.");
        _outboxPending = f.CreateGauge("gridline_outbox_pending", "Outbox messages waiting to be sent (pending or sending).");
        _outboxFailed = f.CreateGauge("gridline_outbox_failed", "Outbox messages that failed permanently.");
        _slaBreaches = f.CreateGauge("gridline_sla_breaches", "Open work orders past their 签收 or 办结 deadline.");
        ClassifierConfidence = f.CreateHistogram("gridline_classifier_confidence", "Type confidence of understood messages.",
            new HistogramConfiguration { Buckets = [0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0], LabelNames = ["source"] });
    }

    public void Update(OperationalStats s)
    {
        _inboxLag.Set(s.InboxLagSeconds);
        _inboxPending.Set(s.InboxPending);
        _outboxPending.Set(s.OutboxPending);
        _outboxFailed.Set(s.OutboxFailed);
        _slaBreaches.Set(s.OrdersOverdue);
    }
}

/// <summary>Observes the confidence of every understood message, then hands the result on unchanged.</summary>
internal sealed class MeasuredUnderstanding(IMessageUnderstanding inner, GridLineMetrics metrics) : IMessageUnderstanding
{
    public async Task<Understanding> UnderstandAsync(MessageInput message, CancellationToken cancellationToken = default)
    {
        var result = await inner.UnderstandAsync(message, cancellationToken);
        if (!result.IsCommand) metrics.ClassifierConfidence.WithLabels(result.Source.ToString().ToLowerInvariant()).Observe(result.Confidence);
        return result;
    }

    public Task RecordConfirmationAsync(long inboxMessageId, string type, string category, string byUserid, CancellationToken cancellationToken = default) =>
        inner.RecordConfirmationAsync(inboxMessageId, type, category, byUserid, cancellationToken);

    public Task RecordCorrectionAsync(string text, string type, string category, CancellationToken cancellationToken = default) =>
        inner.RecordCorrectionAsync(text, type, category, cancellationToken);
}

/// <summary>Wiring for <see cref="GridLineMetrics"/>.</summary>
internal static class PrometheusSetup
{
    /// <summary>Call after AddUnderstanding: wraps the registered <see cref="IMessageUnderstanding"/> to measure confidence.</summary>
    public static IServiceCollection AddGridLinePrometheus(this IServiceCollection services)
    {
        services.AddSingleton<GridLineMetrics>();
        var original = services.Last(d => d.ServiceType == typeof(IMessageUnderstanding));
        services.Remove(original);
        services.AddSingleton<IMessageUnderstanding>(sp => new MeasuredUnderstanding(
            (IMessageUnderstanding)(original.ImplementationInstance ?? original.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)),
            sp.GetRequiredService<GridLineMetrics>()));
        return services;
    }

    public static IApplicationBuilder UseGridLineHttpMetrics(this IApplicationBuilder app) =>
        app.UseHttpMetrics(o => o.SetMetricFactory(Metrics.WithCustomRegistry(app.ApplicationServices.GetRequiredService<GridLineMetrics>().Registry)));

    /// <summary>
    /// With <c>Prometheus:ScrapeToken</c> set, <c>/metrics</c> answers 401 unless the request carries
    /// <c>Authorization: Bearer &lt;token&gt;</c> (Prometheus: <c>authorization: { credentials: … }</c> in the scrape config).
    /// Every scrape queries the database, so an open endpoint lets anybody who reaches the gateway make it do work.
    /// Without the setting the endpoint stays anonymous (development, the sandbox, a scrape network of its own).
    /// </summary>
    public static IApplicationBuilder UseMetricsScrapeGate(this IApplicationBuilder app)
    {
        var token = app.ApplicationServices.GetRequiredService<IConfiguration>()["Prometheus:ScrapeToken"];
        if (string.IsNullOrEmpty(token))
        {
            if (app.ApplicationServices.GetRequiredService<IHostEnvironment>().IsProduction())
                app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PrometheusSetup))
                    .LogWarning("/metrics is anonymous: set Prometheus:ScrapeToken, or keep /metrics off the public network at the proxy");
            return app;
        }
        var expected = Encoding.UTF8.GetBytes("Bearer " + token);
        return app.UseWhen(http => http.Request.Path.StartsWithSegments("/metrics"), gate => gate.Use(async (http, next) =>
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.ToString()), expected))
            {
                await next(http);
                return;
            }
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
        }));
    }

    /// <summary>Maps /metrics; the gauges are read from the database at each scrape.</summary>
    public static IEndpointRouteBuilder MapGridLinePrometheus(this IEndpointRouteBuilder app)
    {
        var metrics = app.ServiceProvider.GetRequiredService<GridLineMetrics>();
        var config = app.ServiceProvider.GetRequiredService<ConsoleConfigRepository>();
        metrics.Registry.AddBeforeCollectCallback(async ct => metrics.Update(await config.GetOperationalStatsAsync(ct)));
        app.MapMetrics("/metrics", metrics.Registry).ExcludeFromDescription();
        return app;
    }
}
