using System.Buffers;
using System.Globalization;
using System.Text;

namespace GridLine.BotGateway.Callbacks;

/// <summary>Reads callback requests defensively: exactly-once parameters, a bounded body, strict UTF-8, a timestamp window.</summary>
internal static class CallbackRequestReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The single value of a query parameter; missing, empty or repeated is a 400.</summary>
    public static string SingleQuery(HttpRequest request, string name)
    {
        var values = request.Query[name];
        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
            throw new CallbackRejectedException(StatusCodes.Status400BadRequest, values.Count > 1 ? $"repeated_{name}" : $"missing_{name}");
        return values[0]!;
    }

    /// <summary>The single value of a header; missing, empty or repeated is a 400.</summary>
    public static string SingleHeader(HttpRequest request, string name, string reason)
    {
        var values = request.Headers[name];
        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
            throw new CallbackRejectedException(StatusCodes.Status400BadRequest, reason);
        return values[0]!;
    }

    /// <summary>Rejects (401) a unix-seconds timestamp further than <paramref name="windowSeconds"/> from now; 0 disables.</summary>
    public static void CheckTimestamp(string timestamp, int windowSeconds, TimeProvider time)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            throw new CallbackRejectedException(StatusCodes.Status400BadRequest, "bad_timestamp");
        if (windowSeconds == 0) return;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > windowSeconds)
            throw new CallbackRejectedException(StatusCodes.Status401Unauthorized, "stale_timestamp");
    }

    /// <summary>Reads the body, failing with 413 as soon as it exceeds <paramref name="maxBytes"/> (never buffers more).</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) throw new CallbackRejectedException(StatusCodes.Status413PayloadTooLarge, "body_too_large");

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 16 * 1024));
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, maxBytes + 1) - total), cancellationToken);
                if (read == 0) break;
                total += read;
                if (total > maxBytes) throw new CallbackRejectedException(StatusCodes.Status413PayloadTooLarge, "body_too_large");
            }
            return buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes UTF-8 strictly (a leading BOM is tolerated); invalid bytes are a 400.</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) body = body[3..];
        try { return StrictUtf8.GetString(body); }
        catch (DecoderFallbackException) { throw new CallbackRejectedException(StatusCodes.Status400BadRequest, "invalid_utf8"); }
    }
}
