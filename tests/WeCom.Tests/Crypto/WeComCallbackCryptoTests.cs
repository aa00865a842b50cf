using System.Security.Cryptography;
using System.Text;
using GridLine.WeCom.Crypto;

namespace GridLine.WeCom.Tests.Crypto;

public class WeComCallbackCryptoTests
{
    private const string Key = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
    private const string Token = "123456";
    private const string Corp = "wx49f0ab532d5d035a";

    [Theory]
    [InlineData("")]
    [InlineData("kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1a")]   // 42 characters
    [InlineData("kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aRR")] // 44 characters
    [InlineData("kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1a!")]  // not Base64
    public void Constructor_IllegalKey_ThrowsArgumentException(string key)
    {
        Assert.Throws<ArgumentException>(() => new WeComCallbackCrypto(Token, key, Corp));
        Assert.False(WeComCallbackCrypto.IsValidKey(key));
    }

    [Fact]
    public void VerifySignature_UppercaseHex_Accepted()
    {
        var crypto = new WeComCallbackCrypto(Token, Key, Corp);
        var signature = crypto.Sign("1", "2", "abc").ToUpperInvariant();

        Assert.True(crypto.VerifySignature(signature, "1", "2", "abc"));
        Assert.False(crypto.VerifySignature(signature[..^1], "1", "2", "abc"));
    }

    [Fact]
    public void CreateJsonReply_AiBotEmptyReceiveId_RoundTripsAndDecryptsIndependently()
    {
        var bot = new WeComCallbackCrypto("bottoken", Key, "");
        const string plaintext = """{"msgtype":"stream","stream":{"id":"s1","finish":true,"content":"已收到，工单号 1001"}}""";

        var reply = bot.CreateJsonReply(plaintext, 1641002400, "nonce-1");
        var opened = bot.OpenJsonReply(reply);
        using var json = System.Text.Json.JsonDocument.Parse(reply);
        var independent = IndependentAes.Decrypt(Key, json.RootElement.GetProperty("encrypt").GetString()!);

        Assert.Equal(plaintext, opened.Plaintext);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, json.RootElement.GetProperty("timestamp").ValueKind);
        Assert.Equal("nonce-1", json.RootElement.GetProperty("nonce").GetString());
        Assert.Equal((plaintext, ""), independent);
    }

    [Fact]
    public void Decrypt_BotCiphertextWithCorpReceiveId_ReceiveIdMismatch()
    {
        var bot = new WeComCallbackCrypto(Token, Key, "");
        var app = new WeComCallbackCrypto(Token, Key, Corp);

        Assert.Equal(CallbackCryptoError.ReceiveIdMismatch, app.Decrypt(bot.Encrypt("{}")).Error);
        Assert.Equal(CallbackCryptoError.ReceiveIdMismatch, bot.Decrypt(app.Encrypt("{}")).Error);
    }

    [Fact]
    public void CreateXmlReply_RandomPrefix_DecryptsWithIndependentAesAndSignatureVerifies()
    {
        var crypto = new WeComCallbackCrypto(Token, Key, Corp);
        const string plaintext = "<xml><Content><![CDATA[您的诉求已受理]]></Content></xml>";

        var reply = crypto.CreateXmlReply(plaintext, "1411525903", "461056294");
        var encrypt = GridLine.WeCom.Xml.SafeXml.TryParse(reply, out _)!.ChildText("Encrypt")!;

        Assert.Equal((plaintext, Corp), IndependentAes.Decrypt(Key, encrypt));
        Assert.True(crypto.OpenXmlReply(reply).Success);
        Assert.Equal(EnvelopeError.BadSignature, crypto.OpenXmlReply(reply.Replace("461056294", "461056295")).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(12)]   // content exactly one 32-byte block: padding must be a full extra block
    [InlineData(300)]
    public void Encrypt_AnyLength_PadsToWhole32ByteBlocks(int length)
    {
        var crypto = new WeComCallbackCrypto(Token, Key, "");
        var plaintext = new string('a', length);

        var cipher = Convert.FromBase64String(crypto.Encrypt(plaintext));

        Assert.Equal(0, cipher.Length % 32);
        Assert.Equal(plaintext, IndependentAes.Decrypt(Key, Convert.ToBase64String(cipher)).Message);
        Assert.Equal(plaintext, crypto.Decrypt(Convert.ToBase64String(cipher)).Plaintext);
    }

    [Theory]
    [InlineData("", CallbackCryptoError.BadBase64)]
    [InlineData("not base64!!", CallbackCryptoError.BadBase64)]
    [InlineData("YWJj", CallbackCryptoError.BadLength)]                   // 3 bytes
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==", CallbackCryptoError.BadLength)] // 16 bytes: one AES block, not a 32-byte pad block
    public void Decrypt_MalformedCiphertext_TypedError(string input, CallbackCryptoError expected)
    {
        var crypto = new WeComCallbackCrypto(Token, Key, Corp);

        Assert.Equal(new CallbackDecryptResult(false, null, expected), crypto.Decrypt(input));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(255)]
    public void Decrypt_PadValueOutOfRange_BadPadding(int pad)
    {
        var buffer = ValidBuffer("hello", Corp);
        buffer[^1] = (byte)pad;

        Assert.Equal(CallbackCryptoError.BadPadding, Crypto().Decrypt(RawEncrypt(buffer)).Error);
    }

    [Fact]
    public void Decrypt_PadBytesNotAllEqual_BadPadding()
    {
        var buffer = ValidBuffer("hello", Corp);
        int pad = buffer[^1];
        buffer[^pad] ^= 0x01;

        Assert.Equal(CallbackCryptoError.BadPadding, Crypto().Decrypt(RawEncrypt(buffer)).Error);
    }

    [Theory]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0x80000000u)]
    [InlineData(1000u)]
    public void Decrypt_LengthFieldBeyondBuffer_BadBuffer(uint length)
    {
        var buffer = ValidBuffer("hello", Corp);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(16, 4), length);

        Assert.Equal(CallbackCryptoError.BadBuffer, Crypto().Decrypt(RawEncrypt(buffer)).Error);
    }

    [Fact]
    public void Decrypt_BufferShorterThanHeader_BadBuffer()
    {
        var buffer = new byte[32];
        buffer.AsSpan(12).Fill(20); // 12 bytes of content, 20 of padding

        Assert.Equal(CallbackCryptoError.BadBuffer, Crypto().Decrypt(RawEncrypt(buffer)).Error);
    }

    [Fact]
    public void Decrypt_InvalidUtf8Message_BadUtf8()
    {
        var buffer = ValidBuffer("hello", Corp);
        buffer[20] = 0xFF; // 'h' → an invalid UTF-8 lead byte

        Assert.Equal(CallbackCryptoError.BadUtf8, Crypto().Decrypt(RawEncrypt(buffer)).Error);
    }

    [Fact]
    public void Decrypt_RandomMutations_NeverThrows()
    {
        var crypto = Crypto();
        var valid = crypto.Encrypt("<xml><MsgType>text</MsgType></xml>");
        var random = new Random(42);
        var successes = 0;

        for (var i = 0; i < 3000; i++)
        {
            var chars = valid.ToCharArray();
            chars[random.Next(chars.Length)] = "ABCxyz019+/=!"[random.Next(13)];
            var input = random.Next(4) == 0 ? new string(chars, 0, random.Next(chars.Length)) : new string(chars);
            if (crypto.Decrypt(input).Success) successes++;
        }

        // Some mutations hit only the random prefix and still decrypt; most must be rejected.
        Assert.InRange(successes, 0, 2999);
    }

    private static WeComCallbackCrypto Crypto() => new(Token, Key, Corp);

    private static byte[] ValidBuffer(string message, string receiveId)
    {
        var msg = Encoding.UTF8.GetBytes(message);
        var rid = Encoding.UTF8.GetBytes(receiveId);
        var content = 20 + msg.Length + rid.Length;
        var pad = 32 - content % 32;
        var buffer = new byte[content + pad];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(16, 4), (uint)msg.Length);
        msg.CopyTo(buffer, 20);
        rid.CopyTo(buffer, 20 + msg.Length);
        buffer.AsSpan(content).Fill((byte)pad);
        return buffer;
    }

    private static string RawEncrypt(byte[] buffer)
    {
        var key = Convert.FromBase64String(Key + "=");
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(buffer, key.AsSpan(0, 16), PaddingMode.None));
    }
}
