using System.Net;

namespace GridLine.WeCom.Api;

/// <summary>
/// A failed WeCom API call: either a non-zero errcode (<see cref="Errcode"/> set) or a transport failure
/// (connection error, timeout, non-2xx status; <see cref="Errcode"/> null). Senders decide on <see cref="IsRetryable"/>.
/// </summary>
public sealed class WeComApiException : Exception
{
    private WeComApiException(string api, int? errcode, string errmsg, HttpStatusCode? statusCode, bool isRetryable, Exception? inner)
        : base(errcode is { } code ? $"WeCom {api} failed: errcode {code} ({errmsg})" : $"WeCom {api} failed: {errmsg}", inner)
    {
        Api = api;
        Errcode = errcode;
        Errmsg = errmsg;
        StatusCode = statusCode;
        IsRetryable = isRetryable;
    }

    /// <summary>The API path, e.g. "message/send".</summary>
    public string Api { get; }

    /// <summary>WeCom's errcode; null when no WeCom answer was received (transport failure).</summary>
    public int? Errcode { get; }

    /// <summary>WeCom's errmsg, or a description of the transport failure. For logs only.</summary>
    public string Errmsg { get; }

    /// <summary>The HTTP status when the failure was a non-success status.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>True when sending the same request again later may succeed.</summary>
    public bool IsRetryable { get; }

    /// <summary>True when WeCom never gave an errcode (network, timeout, 5xx).</summary>
    public bool IsTransportFailure => Errcode is null;

    public static WeComApiException FromErrcode(string api, int errcode, string? errmsg) =>
        new(api, errcode, errmsg ?? "", null, WeComErrorCodes.IsRetryable(errcode), null);

    public static WeComApiException Transport(string api, string description, HttpStatusCode? statusCode = null, Exception? inner = null) =>
        new(api, null, description, statusCode, isRetryable: statusCode is null || IsRetryableStatus(statusCode.Value), inner);

    // 4xx other than 408/429 means our request is wrong; sending it again will not help.
    private static bool IsRetryableStatus(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
