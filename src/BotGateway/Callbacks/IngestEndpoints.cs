using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GridLine.Storage;
using GridLine.WeCom;
using Microsoft.Extensions.Options;

namespace GridLine.BotGateway.Callbacks;

/// <summary>
/// <c>POST /ingest/{source}</c>: messages from other systems, signed with
/// <c>X-GridLine-Signature = hex(HMAC-SHA256(secret, "{X-GridLine-Timestamp}\n{body}"))</c>, stored in the inbox deduplicated by "id".
/// </summary>
internal static class IngestEndpoints
{
    public const string TimestampHeader = "X-GridLine-Timestamp";
    public const string SignatureHeader = "X-GridLine-Signature";

    public static void Map(RouteGroupBuilder group) => group.MapPost("/ingest/{source}", ReceiveAsync);

    private static async Task<IResult> ReceiveAsync(string source, HttpContext http, IOptions<IngestOptions> ingest, IOptions<WeComOptions> wecom,
        TimeProvider time, CallbackInboxWriter writer)
    {
        var config = ingest.Value.Sources.FirstOrDefault(s => string.Equals(s.Name, source, StringComparison.Ordinal))
            ?? throw new CallbackRejectedException(StatusCodes.Status404NotFound, "unknown_name");
        var timestamp = CallbackRequestReader.SingleHeader(http.Request, TimestampHeader, "missing_timestamp");
        var signature = CallbackRequestReader.SingleHeader(http.Request, SignatureHeader, "missing_signature");
        CallbackRequestReader.CheckTimestamp(timestamp, wecom.Value.CallbackTimestampWindowSeconds, time);

        var body = await CallbackRequestReader.ReadBodyAsync(http.Request, ingest.Value.MaxBodyBytes, http.RequestAborted);
        if (!SignatureMatches(config.Secret, timestamp, body, signature))
            throw new CallbackRejectedException(StatusCodes.Status401Unauthorized, "bad_signature");

        var text = CallbackRequestReader.DecodeUtf8(body);
        var message = ParseMessage("ingest:" + config.Name, text);
        await writer.StoreAsync(message, http.RequestAborted);
        return Results.Ok();
    }

    private static bool SignatureMatches(string secret, string timestamp, byte[] body, string signature)
    {
        if (signature.Length != 64) return false;
        byte[] provided;
        try { provided = Convert.FromHexString(signature); }
        catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(Mac(secret, timestamp, body), provided);
    }

    private static byte[] Mac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes(timestamp + "\n"));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static NewInboxMessage ParseMessage(string source, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && Text(root, "id") is { Length: > 0 } id
                && Text(root, "kind") is { Length: > 0 } kind)
            {
                return new NewInboxMessage(source, id, kind, Text(root, "chat_id"), Text(root, "sender_id"), json);
            }
        }
        catch (JsonException) { }
        throw new CallbackRejectedException(StatusCodes.Status400BadRequest, "bad_ingest_body");
    }

    private static string? Text(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
