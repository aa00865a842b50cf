using GridLine.WeCom;
using GridLine.WeCom.Callbacks;
using GridLine.WeCom.Crypto;
using Microsoft.Extensions.Options;

namespace GridLine.BotGateway.Callbacks;

/// <summary>
/// WeCom callback routes: GET answers URL verification, POST verifies, decrypts, parses and stores in the inbox, then answers 200
/// with an empty body. Apps speak XML (receive id = CorpId), AI bots JSON (receive id "").
/// </summary>
internal static class WeComCallbackEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/wecom/app/{name}", (string name, HttpContext http, CallbackCryptoRegistry registry, IOptions<WeComOptions> options, TimeProvider time)
            => VerifyUrl(http.Request, registry.App(name), options.Value, time));
        group.MapGet("/wecom/bot/{name}", (string name, HttpContext http, CallbackCryptoRegistry registry, IOptions<WeComOptions> options, TimeProvider time)
            => VerifyUrl(http.Request, registry.Bot(name), options.Value, time));
        group.MapPost("/wecom/app/{name}", ReceiveAppAsync);
        group.MapPost("/wecom/bot/{name}", ReceiveBotAsync);
    }

    private static IResult VerifyUrl(HttpRequest request, WeComCallbackCrypto? crypto, WeComOptions options, TimeProvider time)
    {
        if (crypto is null) throw new CallbackRejectedException(StatusCodes.Status404NotFound, "unknown_name");
        var (signature, timestamp, nonce) = SignedQuery(request, options, time);
        var echostr = CallbackRequestReader.SingleQuery(request, "echostr");
        var plaintext = Open(crypto, signature, timestamp, nonce, echostr);
        // WeCom compares the body byte for byte: plaintext only, no BOM, no newline.
        return Results.Text(plaintext, "text/plain");
    }

    private static async Task<IResult> ReceiveAppAsync(string name, HttpContext http, CallbackCryptoRegistry registry, IOptions<WeComOptions> options,
        TimeProvider time, CallbackInboxWriter writer)
    {
        var crypto = registry.App(name) ?? throw new CallbackRejectedException(StatusCodes.Status404NotFound, "unknown_name");
        var (signature, timestamp, nonce) = SignedQuery(http.Request, options.Value, time);
        var body = await ReadBodyTextAsync(http, options.Value);

        var envelope = AppXmlCallbackParser.ParseEnvelope(body);
        if (!envelope.Success) throw new CallbackRejectedException(StatusCodes.Status400BadRequest, "bad_envelope");
        var plaintext = Open(crypto, signature, timestamp, nonce, envelope.Value!.Encrypt);

        var parsed = AppXmlCallbackParser.Parse(plaintext);
        if (!parsed.Success) throw new CallbackRejectedException(StatusCodes.Status400BadRequest, "unparseable_plaintext");
        var callback = parsed.Value!;
        await writer.StoreAsync("app:" + name, callback, AppCallbackPayload.ToJson(callback.Root, plaintext), http.RequestAborted);
        return Results.Ok();
    }

    private static async Task<IResult> ReceiveBotAsync(string name, HttpContext http, CallbackCryptoRegistry registry, IOptions<WeComOptions> options,
        TimeProvider time, CallbackInboxWriter writer)
    {
        var crypto = registry.Bot(name) ?? throw new CallbackRejectedException(StatusCodes.Status404NotFound, "unknown_name");
        var (signature, timestamp, nonce) = SignedQuery(http.Request, options.Value, time);
        var body = await ReadBodyTextAsync(http, options.Value);

        var envelope = BotJsonCallbackParser.ParseEnvelope(body);
        if (!envelope.Success) throw new CallbackRejectedException(StatusCodes.Status400BadRequest, "bad_envelope");
        var plaintext = Open(crypto, signature, timestamp, nonce, envelope.Value!);

        var parsed = BotJsonCallbackParser.Parse(plaintext);
        if (!parsed.Success) throw new CallbackRejectedException(StatusCodes.Status400BadRequest, "unparseable_plaintext");
        await writer.StoreAsync("bot:" + name, parsed.Value!, plaintext, http.RequestAborted);
        return Results.Ok();
    }

    private static (string Signature, string Timestamp, string Nonce) SignedQuery(HttpRequest request, WeComOptions options, TimeProvider time)
    {
        var signature = CallbackRequestReader.SingleQuery(request, "msg_signature");
        var timestamp = CallbackRequestReader.SingleQuery(request, "timestamp");
        var nonce = CallbackRequestReader.SingleQuery(request, "nonce");
        CallbackRequestReader.CheckTimestamp(timestamp, options.CallbackTimestampWindowSeconds, time);
        return (signature, timestamp, nonce);
    }

    private static async Task<string> ReadBodyTextAsync(HttpContext http, WeComOptions options)
        => CallbackRequestReader.DecodeUtf8(await CallbackRequestReader.ReadBodyAsync(http.Request, options.MaxCallbackBodyBytes, http.RequestAborted));

    private static string Open(WeComCallbackCrypto crypto, string signature, string timestamp, string nonce, string encrypt)
    {
        var result = crypto.Open(signature, timestamp, nonce, encrypt);
        return result.Error switch
        {
            EnvelopeError.None => result.Plaintext!,
            EnvelopeError.BadSignature => throw new CallbackRejectedException(StatusCodes.Status401Unauthorized, "bad_signature"),
            _ => throw new CallbackRejectedException(StatusCodes.Status400BadRequest, "decrypt_" + result.CryptoError.ToString().ToLowerInvariant()),
        };
    }
}
