using System.Text;
using GridLine.WeCom.Crypto;
using GridLine.WeCom.Xml;

namespace GridLine.WeCom.Tests.Crypto;

/// <summary>Every vector of the shared test-vectors.json, each as its own test case.</summary>
public class WeComCallbackCryptoVectorTests
{
    public static TheoryData<string> AllVectors => TestVectors.IdsWhere(_ => true);
    public static TheoryData<string> DecryptVectors => TestVectors.IdsWhere(v => v.Text("encoding_aes_key") is not null && v.Text("expected_plaintext") is not null);
    public static TheoryData<string> PostBodyVectors => TestVectors.IdsWhere(v => v.Text("post_body") is not null);

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void Sign_Vector_MatchesPublishedSignature(string id)
    {
        var v = TestVectors.Get(id);

        var signature = WeComCallbackCrypto.SignatureOf(v.Required("token"), v.Required("timestamp"), v.Required("nonce"), v.Required("encrypt"));

        Assert.Equal(v.Required("msg_signature"), signature);
    }

    [Theory]
    [MemberData(nameof(DecryptVectors))]
    public void Decrypt_Vector_ReturnsExpectedPlaintext(string id)
    {
        var v = TestVectors.Get(id);
        var crypto = new WeComCallbackCrypto(v.Required("token"), v.Required("encoding_aes_key"), v.Required("receiveid"));

        var verified = crypto.VerifySignature(v.Required("msg_signature"), v.Required("timestamp"), v.Required("nonce"), v.Required("encrypt"));
        var result = crypto.Decrypt(v.Required("encrypt"));

        Assert.True(verified);
        Assert.Equal(new CallbackDecryptResult(true, v.Required("expected_plaintext"), CallbackCryptoError.None), result);
    }

    [Theory]
    [MemberData(nameof(DecryptVectors))]
    public void Decrypt_VectorWithOtherReceiveId_ReceiveIdMismatch(string id)
    {
        var v = TestVectors.Get(id);
        var crypto = new WeComCallbackCrypto(v.Required("token"), v.Required("encoding_aes_key"), "wrong-corp");

        var result = crypto.Decrypt(v.Required("encrypt"));

        Assert.False(result.Success);
        Assert.Equal(CallbackCryptoError.ReceiveIdMismatch, result.Error);
    }

    [Theory]
    [MemberData(nameof(PostBodyVectors))]
    public void Open_VectorPostBody_EncryptElementDecryptsToExpectedPlaintext(string id)
    {
        var v = TestVectors.Get(id);
        var crypto = new WeComCallbackCrypto(v.Required("token"), v.Required("encoding_aes_key"), v.Required("receiveid"));
        var body = v.Required("post_body");
        var encrypt = body.TrimStart().StartsWith('<')
            ? SafeXml.TryParse(body, out _)!.ChildText("Encrypt")!
            : System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("encrypt").GetString()!;

        var result = crypto.Open(v.Required("msg_signature"), v.Required("timestamp"), v.Required("nonce"), encrypt);

        Assert.Equal(v.Required("expected_plaintext"), result.Plaintext);
    }

    [Fact]
    public void VerifySignature_UrlEncodedEchostrDecodedOnce_Verifies()
    {
        var v = TestVectors.Get("official-classic-echostr");
        var crypto = new WeComCallbackCrypto(v.Required("token"), v.Required("encoding_aes_key"), v.Required("receiveid"));
        var echostr = Uri.UnescapeDataString(v.Required("echostr_as_sent_urlencoded"));

        Assert.True(crypto.VerifySignature(v.Required("msg_signature"), v.Required("timestamp"), v.Required("nonce"), echostr));
        Assert.Equal("1616140317555161061", crypto.Decrypt(echostr).Plaintext);
    }

    [Fact]
    public void VerifySignature_NegativeNonceCase_False()
    {
        var v = TestVectors.Get("wechatpy-echostr");
        var negativeNonce = v.GetProperty("negative_case").GetProperty("nonce").GetString()!;
        var crypto = new WeComCallbackCrypto(v.Required("token"), v.Required("encoding_aes_key"), v.Required("receiveid"));

        Assert.False(crypto.VerifySignature(v.Required("msg_signature"), v.Required("timestamp"), negativeNonce, v.Required("encrypt")));
    }

    [Fact]
    public void CreateXmlReply_DeterministicVector_ReproducesEnvelopeByteForByte()
    {
        var v = TestVectors.Get("wechatpy-passive-reply-encrypt-deterministic");
        var crypto = new WeComCallbackCrypto(v.Required("token"), v.Required("encoding_aes_key"), v.Required("receiveid"));
        var random16 = Encoding.ASCII.GetBytes(v.Required("random16"));

        var encrypt = crypto.Encrypt(v.Required("expected_plaintext"), random16);
        var envelope = crypto.CreateXmlReply(v.Required("expected_plaintext"), v.Required("timestamp"), v.Required("nonce"), random16);

        Assert.Equal(v.Required("encrypt"), encrypt);
        Assert.Equal(Encoding.UTF8.GetBytes(v.Required("expected_reply_envelope")), Encoding.UTF8.GetBytes(envelope));
    }
}
