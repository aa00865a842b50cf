using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GridLine.WeCom.Xml;

namespace GridLine.WeCom.Crypto;

/// <summary>Builds and opens complete signed envelopes: passive replies (XML for apps, JSON for AI bots) and simulated inbound callbacks.</summary>
public static class WeComCallbackEnvelope
{
    /// <summary>The encrypted XML passive reply of an app: Encrypt, MsgSignature, TimeStamp, Nonce.</summary>
    public static string CreateXmlReply(this WeComCallbackCrypto crypto, string plaintext, string timestamp, string nonce)
        => XmlReply(crypto, crypto.Encrypt(plaintext), timestamp, nonce);

    /// <summary>As <see cref="CreateXmlReply(WeComCallbackCrypto,string,string,string)"/> with a fixed random prefix (deterministic).</summary>
    public static string CreateXmlReply(this WeComCallbackCrypto crypto, string plaintext, string timestamp, string nonce, ReadOnlySpan<byte> random16)
        => XmlReply(crypto, crypto.Encrypt(plaintext, random16), timestamp, nonce);

    /// <summary>The encrypted JSON passive reply of an AI bot: <c>{"encrypt","msgsignature","timestamp"(integer),"nonce"}</c>.</summary>
    public static string CreateJsonReply(this WeComCallbackCrypto crypto, string plaintext, long timestamp, string nonce)
        => JsonReply(crypto, crypto.Encrypt(plaintext), timestamp, nonce);

    /// <summary>As <see cref="CreateJsonReply(WeComCallbackCrypto,string,long,string)"/> with a fixed random prefix (deterministic).</summary>
    public static string CreateJsonReply(this WeComCallbackCrypto crypto, string plaintext, long timestamp, string nonce, ReadOnlySpan<byte> random16)
        => JsonReply(crypto, crypto.Encrypt(plaintext, random16), timestamp, nonce);

    /// <summary>Verifies and decrypts an XML passive reply (as a WeCom client would).</summary>
    public static EnvelopeOpenResult OpenXmlReply(this WeComCallbackCrypto crypto, string replyXml)
    {
        var root = SafeXml.TryParse(replyXml, out _);
        var encrypt = root?.ChildText("Encrypt");
        var signature = root?.ChildText("MsgSignature");
        var timestamp = root?.ChildText("TimeStamp");
        var nonce = root?.ChildText("Nonce");
        if (encrypt is null || signature is null || timestamp is null || nonce is null)
            return new(false, null, EnvelopeError.MalformedEnvelope, CallbackCryptoError.None);
        return Open(crypto, signature, timestamp, nonce, encrypt);
    }

    /// <summary>Verifies and decrypts an AI-bot JSON passive reply.</summary>
    public static EnvelopeOpenResult OpenJsonReply(this WeComCallbackCrypto crypto, string replyJson)
    {
        try
        {
            using var document = JsonDocument.Parse(replyJson);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("encrypt", out var encrypt) && encrypt.ValueKind == JsonValueKind.String
                && root.TryGetProperty("msgsignature", out var signature) && signature.ValueKind == JsonValueKind.String
                && root.TryGetProperty("timestamp", out var timestamp) && timestamp.ValueKind == JsonValueKind.Number
                && root.TryGetProperty("nonce", out var nonce) && nonce.ValueKind == JsonValueKind.String)
            {
                return Open(crypto, signature.GetString()!, timestamp.GetRawText(), nonce.GetString()!, encrypt.GetString()!);
            }
        }
        catch (JsonException) { }
        return new(false, null, EnvelopeError.MalformedEnvelope, CallbackCryptoError.None);
    }

    /// <summary>Verifies a signature and decrypts; the common tail of every envelope check.</summary>
    public static EnvelopeOpenResult Open(this WeComCallbackCrypto crypto, string signature, string timestamp, string nonce, string encrypt)
    {
        if (!crypto.VerifySignature(signature, timestamp, nonce, encrypt))
            return new(false, null, EnvelopeError.BadSignature, CallbackCryptoError.None);
        var result = crypto.Decrypt(encrypt);
        return result.Success
            ? new(true, result.Plaintext, EnvelopeError.None, CallbackCryptoError.None)
            : new(false, null, EnvelopeError.DecryptFailed, result.Error);
    }

    /// <summary>A signed GET URL-verification request whose echostr decrypts to <paramref name="echoPlaintext"/>.</summary>
    public static SignedCallbackRequest CreateVerificationRequest(this WeComCallbackCrypto crypto, string echoPlaintext, string? timestamp = null, string? nonce = null)
    {
        timestamp ??= DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        nonce ??= NewNonce();
        var echo = crypto.Encrypt(echoPlaintext);
        return new SignedCallbackRequest(crypto.Sign(timestamp, nonce, echo), timestamp, nonce, echo, "", "text/plain");
    }

    /// <summary>A signed POST callback for a self-built app: the XML envelope with ToUserName (= receive id), Encrypt and AgentID.</summary>
    public static SignedCallbackRequest CreateAppCallbackRequest(this WeComCallbackCrypto crypto, string plaintextXml, string agentId, string? timestamp = null, string? nonce = null)
    {
        timestamp ??= DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        nonce ??= NewNonce();
        var encrypt = crypto.Encrypt(plaintextXml);
        var body = $"<xml><ToUserName><![CDATA[{crypto.ReceiveId}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID><![CDATA[{agentId}]]></AgentID></xml>";
        return new SignedCallbackRequest(crypto.Sign(timestamp, nonce, encrypt), timestamp, nonce, null, body, "application/xml");
    }

    /// <summary>A signed POST callback for an AI bot: <c>{"encrypt":"…"}</c>.</summary>
    public static SignedCallbackRequest CreateBotCallbackRequest(this WeComCallbackCrypto crypto, string plaintextJson, string? timestamp = null, string? nonce = null)
    {
        timestamp ??= DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        nonce ??= NewNonce();
        var encrypt = crypto.Encrypt(plaintextJson);
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["encrypt"] = encrypt });
        return new SignedCallbackRequest(crypto.Sign(timestamp, nonce, encrypt), timestamp, nonce, null, body, "application/json");
    }

    private static string XmlReply(WeComCallbackCrypto crypto, string encrypt, string timestamp, string nonce)
    {
        // Base64 and a digit nonce cannot contain "]]>", so CDATA needs no escaping; the layout matches the official sample.
        var signature = crypto.Sign(timestamp, nonce, encrypt);
        return $"<xml>\n<Encrypt><![CDATA[{encrypt}]]></Encrypt>\n<MsgSignature><![CDATA[{signature}]]></MsgSignature>\n<TimeStamp>{timestamp}</TimeStamp>\n<Nonce><![CDATA[{nonce}]]></Nonce>\n</xml>";
    }

    private static string JsonReply(WeComCallbackCrypto crypto, string encrypt, long timestamp, string nonce)
    {
        var ts = timestamp.ToString(CultureInfo.InvariantCulture);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("encrypt", encrypt);
            writer.WriteString("msgsignature", crypto.Sign(ts, nonce, encrypt));
            writer.WriteNumber("timestamp", timestamp);
            writer.WriteString("nonce", nonce);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string NewNonce() => RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
}
