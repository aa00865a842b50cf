namespace GridLine.WeCom.Crypto;

/// <summary>A callback exactly as WeCom would send it: signed query values and the request body.</summary>
/// <param name="EchoStr">Only for GET URL verification; the ciphertext the signature covers.</param>
/// <param name="Body">Request body for POST (XML envelope for apps, <c>{"encrypt":…}</c> for AI bots); empty for GET.</param>
public sealed record SignedCallbackRequest(string MsgSignature, string Timestamp, string Nonce, string? EchoStr, string Body, string ContentType)
{
    /// <summary>The query string (with leading '?'), each value URL-encoded once as WeCom does.</summary>
    public string QueryString
    {
        get
        {
            var query = $"?msg_signature={Uri.EscapeDataString(MsgSignature)}&timestamp={Uri.EscapeDataString(Timestamp)}&nonce={Uri.EscapeDataString(Nonce)}";
            return EchoStr is null ? query : query + "&echostr=" + Uri.EscapeDataString(EchoStr);
        }
    }
}
