namespace GridLine.WeCom.Api;

/// <summary>The WeCom errcodes GridLine acts on, and how it classifies them (by code, never by errmsg).</summary>
public static class WeComErrorCodes
{
    public const int Ok = 0;
    public const int SystemBusy = -1;
    public const int InvalidSecret = 40001;
    public const int InvalidCorpId = 40013;
    public const int InvalidAccessToken = 40014;
    public const int MissingAccessToken = 41001;
    public const int AccessTokenExpired = 42001;
    public const int ApiFrequencyLimit = 45009;
    public const int ApiConcurrencyLimit = 45033;
    public const int AllRecipientsInvalid = 81013;
    public const int InvalidWebhookKey = 93000;

    /// <summary>Codes that mean "the same request may succeed later": system busy and the rate limits.</summary>
    public static bool IsRetryable(int errcode) => errcode is SystemBusy or ApiFrequencyLimit or ApiConcurrencyLimit;

    /// <summary>Codes that mean the access token itself was refused, so one refresh and retry may succeed.</summary>
    public static bool IsTokenRejected(int errcode) => errcode is InvalidAccessToken or AccessTokenExpired or MissingAccessToken;
}
