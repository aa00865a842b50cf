using GridLine.WeCom.Crypto;
using Microsoft.Extensions.Options;

namespace GridLine.WeCom;

/// <summary>Rejects unusable WeCom settings at startup, naming the setting (e.g. "WeCom:Apps:0:EncodingAesKey must be 43 characters").</summary>
public sealed class WeComOptionsValidator : IValidateOptions<WeComOptions>
{
    public ValidateOptionsResult Validate(string? name, WeComOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("https" or "http") || !options.BaseUrl.EndsWith('/'))
            errors.Add("WeCom:BaseUrl must be an absolute http(s) URL ending with '/'.");
        if (options.Apps.Count > 0 && string.IsNullOrWhiteSpace(options.CorpId))
            errors.Add("WeCom:CorpId is required when WeCom:Apps is configured (it is the receive id of app callbacks).");
        if (options.CallbackTimestampWindowSeconds < 0)
            errors.Add("WeCom:CallbackTimestampWindowSeconds must be 0 (disabled) or positive.");
        if (options.RequestTimeoutSeconds is < 1 or > 300)
            errors.Add("WeCom:RequestTimeoutSeconds must be between 1 and 300.");
        if (options.MaxCallbackBodyBytes is < 1024 or > 10 * 1024 * 1024)
            errors.Add("WeCom:MaxCallbackBodyBytes must be between 1024 and 10485760.");

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Apps.Count; i++)
        {
            var app = options.Apps[i];
            var path = $"WeCom:Apps:{i}";
            CheckName(errors, path, app.Name, names, "app");
            if (app.AgentId <= 0) errors.Add($"{path}:AgentId must be the app's positive AgentId.");
            // An app may only send (Secret) or only receive (Token + EncodingAesKey), but must do one of them.
            var receives = !string.IsNullOrEmpty(app.Token) || !string.IsNullOrEmpty(app.EncodingAesKey);
            if (receives) CheckCallback(errors, path, app.Token, app.EncodingAesKey);
            else if (string.IsNullOrWhiteSpace(app.Secret)) errors.Add($"{path} needs a Secret (to send) or a Token and EncodingAesKey (to receive callbacks).");
        }
        names.Clear();
        for (var i = 0; i < options.Bots.Count; i++)
        {
            var bot = options.Bots[i];
            var path = $"WeCom:Bots:{i}";
            CheckName(errors, path, bot.Name, names, "bot");
            CheckCallback(errors, path, bot.Token, bot.EncodingAesKey);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckName(List<string> errors, string path, string name, HashSet<string> seen, string kind)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            errors.Add($"{path}:Name must be non-empty and use only letters, digits, '-' and '_'.");
        else if (!seen.Add(name))
            errors.Add($"{path}:Name '{name}' is used by another {kind}.");
    }

    private static void CheckCallback(List<string> errors, string path, string token, string key)
    {
        if (string.IsNullOrWhiteSpace(token)) errors.Add($"{path}:Token is required.");
        if (key.Length != 43) errors.Add($"{path}:EncodingAesKey must be 43 characters.");
        else if (!WeComCallbackCrypto.IsValidKey(key)) errors.Add($"{path}:EncodingAesKey is not valid Base64 (letters and digits only).");
    }
}
