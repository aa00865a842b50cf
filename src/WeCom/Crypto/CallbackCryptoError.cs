namespace GridLine.WeCom.Crypto;

/// <summary>Why a callback ciphertext could not be decrypted; mirrors the official library's error codes where one exists.</summary>
public enum CallbackCryptoError
{
    None,
    /// <summary>Not valid standard Base64 (official -40010).</summary>
    BadBase64,
    /// <summary>Ciphertext is empty or not a whole number of AES blocks.</summary>
    BadLength,
    /// <summary>PKCS#7 padding (block size 32) is not 1..32 equal bytes.</summary>
    BadPadding,
    /// <summary>The plaintext buffer is too short or its length field is out of range (official -40008).</summary>
    BadBuffer,
    /// <summary>The trailing receive id is not the expected CorpID / "" (official -40005).</summary>
    ReceiveIdMismatch,
    /// <summary>The message or receive id is not valid UTF-8.</summary>
    BadUtf8,
}

/// <summary>Outcome of <see cref="WeComCallbackCrypto.Decrypt"/>: the plaintext, or the reason it failed.</summary>
public readonly record struct CallbackDecryptResult(bool Success, string? Plaintext, CallbackCryptoError Error)
{
    internal static CallbackDecryptResult Fail(CallbackCryptoError error) => new(false, null, error);
    internal static CallbackDecryptResult Ok(string plaintext) => new(true, plaintext, CallbackCryptoError.None);
}
