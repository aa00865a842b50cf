using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GridLine.WeCom.Crypto;

/// <summary>The WXBizMsgCrypt scheme: SHA1 callback signatures and AES-256-CBC message encryption with 32-byte PKCS#7 padding.</summary>
public sealed class WeComCallbackCrypto
{
    private const int PadBlock = 32;
    private const int RandomLength = 16;
    private const int HeaderLength = RandomLength + 4;

    // Strict decoding: invalid bytes must surface as BadUtf8 instead of being replaced with U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _token;
    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly byte[] _receiveIdBytes;

    public WeComCallbackCrypto(string token, string encodingAesKey, string receiveId)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(receiveId);
        _key = DecodeKey(encodingAesKey);
        _iv = _key[..16];
        _token = token;
        ReceiveId = receiveId;
        _receiveIdBytes = StrictUtf8.GetBytes(receiveId);
    }

    /// <summary>The receive id expected in (and appended to) every plaintext: CorpID for apps, "" for AI bots.</summary>
    public string ReceiveId { get; }

    /// <summary>Decodes an EncodingAESKey (43 Base64 characters, no padding) to its 32 key bytes.</summary>
    public static byte[] DecodeKey(string encodingAesKey)
    {
        if (encodingAesKey is null || encodingAesKey.Length != 43)
            throw new ArgumentException("EncodingAESKey must be 43 characters.", nameof(encodingAesKey));
        var key = new byte[33];
        if (!Convert.TryFromBase64String(encodingAesKey + "=", key, out var written) || written != 32)
            throw new ArgumentException("EncodingAESKey is not valid Base64.", nameof(encodingAesKey));
        return key[..32];
    }

    /// <summary>Returns true when <paramref name="encodingAesKey"/> would be accepted by the constructor.</summary>
    public static bool IsValidKey(string? encodingAesKey)
    {
        if (encodingAesKey is null || encodingAesKey.Length != 43) return false;
        Span<byte> buffer = stackalloc byte[33];
        return Convert.TryFromBase64String(encodingAesKey + "=", buffer, out var written) && written == 32;
    }

    /// <summary>Lowercase hex SHA1 of the ordinal-sorted concatenation of token, timestamp, nonce and the ciphertext.</summary>
    public string Sign(string timestamp, string nonce, string encrypt) => SignatureOf(_token, timestamp, nonce, encrypt);

    /// <summary>The signature computation on its own, for callers holding only a token (no key).</summary>
    public static string SignatureOf(string token, string timestamp, string nonce, string encrypt)
    {
        // The culture-sensitive default comparer orders some Base64 strings differently from WeCom; ordinal is required.
        string[] parts = [token, timestamp, nonce, encrypt];
        Array.Sort(parts, StringComparer.Ordinal);
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts)));
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Constant-time, case-insensitive comparison of <paramref name="signature"/> with the expected one.</summary>
    public bool VerifySignature(string signature, string timestamp, string nonce, string encrypt)
    {
        if (signature is null || timestamp is null || nonce is null || encrypt is null) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(timestamp, nonce, encrypt));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>Encrypts with 16 fresh random bytes; returns standard Base64.</summary>
    public string Encrypt(string plaintext)
    {
        Span<byte> random = stackalloc byte[RandomLength];
        RandomNumberGenerator.Fill(random);
        return Encrypt(plaintext, random);
    }

    /// <summary>Encrypts with the given 16-byte random prefix (deterministic; for tests and vectors).</summary>
    public string Encrypt(string plaintext, ReadOnlySpan<byte> random16)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        if (random16.Length != RandomLength) throw new ArgumentException("The random prefix must be 16 bytes.", nameof(random16));

        var message = StrictUtf8.GetBytes(plaintext);
        var contentLength = HeaderLength + message.Length + _receiveIdBytes.Length;
        var pad = PadBlock - contentLength % PadBlock; // 1..32: a full block when already aligned
        var buffer = new byte[contentLength + pad];
        random16.CopyTo(buffer);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(RandomLength, 4), (uint)message.Length);
        message.CopyTo(buffer.AsSpan(HeaderLength));
        _receiveIdBytes.CopyTo(buffer.AsSpan(HeaderLength + message.Length));
        buffer.AsSpan(contentLength).Fill((byte)pad);

        using var aes = CreateAes();
        return Convert.ToBase64String(aes.EncryptCbc(buffer, _iv, PaddingMode.None));
    }

    /// <summary>Decrypts a Base64 ciphertext and checks its receive id. Never throws on malformed input.</summary>
    public CallbackDecryptResult Decrypt(string encryptBase64)
    {
        if (string.IsNullOrEmpty(encryptBase64)) return CallbackDecryptResult.Fail(CallbackCryptoError.BadBase64);

        var cipher = new byte[encryptBase64.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64String(encryptBase64, cipher, out var cipherLength))
            return CallbackDecryptResult.Fail(CallbackCryptoError.BadBase64);
        if (cipherLength == 0 || cipherLength % PadBlock != 0)
            return CallbackDecryptResult.Fail(CallbackCryptoError.BadLength);

        byte[] plain;
        try
        {
            using var aes = CreateAes();
            // Library PKCS7 rejects pad values above 16, but WeCom pads to 32-byte blocks: strip by hand below.
            plain = aes.DecryptCbc(cipher.AsSpan(0, cipherLength), _iv, PaddingMode.None);
        }
        catch (CryptographicException)
        {
            return CallbackDecryptResult.Fail(CallbackCryptoError.BadLength);
        }

        var pad = plain[^1];
        if (pad is < 1 or > PadBlock) return CallbackDecryptResult.Fail(CallbackCryptoError.BadPadding);
        for (var i = plain.Length - pad; i < plain.Length; i++)
            if (plain[i] != pad) return CallbackDecryptResult.Fail(CallbackCryptoError.BadPadding);

        var content = plain.AsSpan(0, plain.Length - pad);
        if (content.Length < HeaderLength) return CallbackDecryptResult.Fail(CallbackCryptoError.BadBuffer);
        var messageLength = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(RandomLength, 4));
        if (messageLength > (uint)(content.Length - HeaderLength)) return CallbackDecryptResult.Fail(CallbackCryptoError.BadBuffer);

        var message = content.Slice(HeaderLength, (int)messageLength);
        var receiveId = content[(HeaderLength + (int)messageLength)..];
        if (!CryptographicOperations.FixedTimeEquals(receiveId, _receiveIdBytes))
            return CallbackDecryptResult.Fail(CallbackCryptoError.ReceiveIdMismatch);

        try
        {
            return CallbackDecryptResult.Ok(StrictUtf8.GetString(message));
        }
        catch (DecoderFallbackException)
        {
            return CallbackDecryptResult.Fail(CallbackCryptoError.BadUtf8);
        }
    }

    private Aes CreateAes()
    {
        var aes = Aes.Create();
        aes.Key = _key;
        return aes;
    }
}
