namespace GridLine.WeComSandbox;

/// <summary>The errcodes the sandbox answers with. Codes marked [?] are not confirmed by WeCom's docs; the sandbox had to pick one.</summary>
internal static class SandboxErrcodes
{
    public const int InvalidSecret = 40001;
    public const int InvalidCorpId = 40013;
    public const int InvalidAccessToken = 40014;
    public const int InvalidAgentId = 40056;
    public const int MissingAccessToken = 41001;
    public const int MissingCorpId = 41002;
    public const int MissingSecret = 41004;
    public const int AccessTokenExpired = 42001;
    public const int ApiFrequencyLimit = 45009;
    public const int InvalidJson = 47001;
    public const int AllRecipientsInvalid = 81013;
    public const int InvalidWebhookKey = 93000;
    /// <summary>[?] Unknown chatid for appchat/send and groupchat/get.</summary>
    public const int UnknownChat = 86003;
    /// <summary>[?] response_code unknown, already used or older than its validity.</summary>
    public const int InvalidResponseCode = 40099;
}
