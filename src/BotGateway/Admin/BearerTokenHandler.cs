using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using GridLine.BotGateway.Hosting;
using GridLine.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GridLine.BotGateway.Admin;

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against the SHA-256 hashes in <c>api_token</c>.</summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokenRepository tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string TokenPrefix = "gl_";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 200) return AuthenticateResult.Fail("malformed token");
        var account = await tokens.FindAccountAsync(Hash(token), Context.RequestAborted);
        return account is null
            ? AuthenticateResult.Fail("unknown, expired or revoked token")
            : AuthenticateResult.Success(new AuthenticationTicket(AdminAuth.Principal(account, AdminAuth.BearerScheme), AdminAuth.BearerScheme));
    }

    /// <summary>A new random token (shown once) and the hash to store.</summary>
    public static (string Token, byte[] Hash, string Prefix) NewToken()
    {
        var token = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, Hash(token), token[..8]);
    }

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
