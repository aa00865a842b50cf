using GridLine.WeCom;
using GridLine.WeCom.Crypto;
using Microsoft.Extensions.Options;

namespace GridLine.BotGateway.Callbacks;

/// <summary>The callback crypto of each configured app (receive id = CorpId) and bot (receive id ""), by route name.</summary>
/// <remarks>Names match exactly: the name becomes the inbox source, and two spellings would split one dedupe namespace.</remarks>
internal sealed class CallbackCryptoRegistry
{
    private readonly Dictionary<string, WeComCallbackCrypto> _apps;
    private readonly Dictionary<string, WeComCallbackCrypto> _bots;

    public CallbackCryptoRegistry(IOptions<WeComOptions> options)
    {
        var o = options.Value;
        _apps = o.Apps.ToDictionary(a => a.Name, a => new WeComCallbackCrypto(a.Token, a.EncodingAesKey, o.CorpId), StringComparer.Ordinal);
        _bots = o.Bots.ToDictionary(b => b.Name, b => new WeComCallbackCrypto(b.Token, b.EncodingAesKey, ""), StringComparer.Ordinal);
    }

    public WeComCallbackCrypto? App(string name) => _apps.GetValueOrDefault(name);

    public WeComCallbackCrypto? Bot(string name) => _bots.GetValueOrDefault(name);
}
