using System.Text.Json.Serialization;

namespace GridLine.WeComSandbox.State;

/// <summary>
/// A fault to inject into /cgi-bin/ answers: Mode "errcode" (answer Errcode), "http500", "timeout" (wait Seconds,
/// then answer normally) or "none". Count limits how many requests it hits (null = until replaced); Path limits it
/// to one API such as "message/send" (null = every API).
/// </summary>
public sealed record FaultSpec(
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("errcode")] int? Errcode = null,
    [property: JsonPropertyName("count")] int? Count = null,
    [property: JsonPropertyName("seconds")] double? Seconds = null,
    [property: JsonPropertyName("path")] string? Path = null);

/// <summary>Holds the current fault and hands it out request by request.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private FaultSpec? _current;
    private int? _remaining;

    public static bool IsValid(FaultSpec spec) => spec.Mode switch
    {
        "none" or "http500" => true,
        "errcode" => spec.Errcode is not null and not 0,
        "timeout" => spec.Seconds is > 0,
        _ => false,
    } && spec.Count is null or > 0;

    public void Set(FaultSpec spec)
    {
        lock (_gate)
        {
            _current = spec.Mode == "none" ? null : spec;
            _remaining = spec.Count;
        }
    }

    /// <summary>The fault for a request to <paramref name="api"/>, consuming one of its count; null when none applies.</summary>
    public FaultSpec? TryTake(string api)
    {
        lock (_gate)
        {
            if (_current is null || (_current.Path is { } path && path.Trim('/') != api)) return null;
            var fault = _current;
            if (_remaining is not null && --_remaining <= 0) _current = null;
            return fault;
        }
    }
}
