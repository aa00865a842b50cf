using System.Diagnostics.Metrics;

namespace GridLine.BotGateway.Callbacks;

/// <summary>Counters for inbound callbacks (meter "GridLine.Callbacks"): accepted, duplicates, and rejections by reason.</summary>
internal sealed class CallbackMetrics
{
    public const string MeterName = "GridLine.Callbacks";
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;

    public CallbackMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("gridline.callbacks.accepted", description: "Callbacks stored in the inbox.");
        _duplicates = meter.CreateCounter<long>("gridline.callbacks.duplicates", description: "Callbacks already in the inbox (answered 200, nothing stored).");
        _rejected = meter.CreateCounter<long>("gridline.callbacks.rejected", description: "Callbacks answered with an error status.");
    }

    public void Accepted(string route) => _accepted.Add(1, new KeyValuePair<string, object?>("route", route));

    public void Duplicate(string route) => _duplicates.Add(1, new KeyValuePair<string, object?>("route", route));

    public void Rejected(string route, string reason, int status)
        => _rejected.Add(1, new("route", route), new("reason", reason), new("status", status));
}
