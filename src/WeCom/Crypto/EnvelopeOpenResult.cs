namespace GridLine.WeCom.Crypto;

/// <summary>Why a complete envelope (reply or request) could not be opened.</summary>
public enum EnvelopeError
{
    None,
    /// <summary>The XML/JSON around the ciphertext is malformed or lacks a field.</summary>
    MalformedEnvelope,
    /// <summary>The signature does not match token, timestamp, nonce and ciphertext.</summary>
    BadSignature,
    /// <summary>The ciphertext did not decrypt; see <see cref="EnvelopeOpenResult.CryptoError"/>.</summary>
    DecryptFailed,
}

/// <summary>Outcome of verifying and decrypting a whole envelope.</summary>
public readonly record struct EnvelopeOpenResult(bool Success, string? Plaintext, EnvelopeError Error, CallbackCryptoError CryptoError);
