using System.Security.Cryptography;
using System.Text;

namespace GridLine.WeCom.Tests.Crypto;

/// <summary>A second, deliberately separate implementation of the decrypt path, so tests do not check the production class against itself.</summary>
internal static class IndependentAes
{
    public static (string Message, string ReceiveId) Decrypt(string encodingAesKey, string base64)
    {
        var key = Convert.FromBase64String(encodingAesKey + "=");
        using var aes = Aes.Create();
        aes.Key = key;
        var plain = aes.DecryptCbc(Convert.FromBase64String(base64), key.AsSpan(0, 16), PaddingMode.None);
        int pad = plain[^1];
        Assert.InRange(pad, 1, 32);
        Assert.All(plain[^pad..], b => Assert.Equal(pad, b));
        var content = plain[..^pad];
        var length = (content[16] << 24) | (content[17] << 16) | (content[18] << 8) | content[19];
        return (Encoding.UTF8.GetString(content, 20, length), Encoding.UTF8.GetString(content, 20 + length, content.Length - 20 - length));
    }
}
