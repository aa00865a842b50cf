using GridLine.WeCom.Api.Models;
using Microsoft.Extensions.Options;

namespace GridLine.WeCom.Api;

/// <summary>
/// <see cref="IWeComApiClient"/> over IHttpClientFactory. Calls that carry an access token refresh it once and retry
/// once when WeCom rejects it (40014/42001/41001).
/// </summary>
internal sealed class WeComApiClient(WeComHttpTransport transport, AccessTokenProvider tokens, IOptionsMonitor<WeComOptions> options)
    : IWeComApiClient
{
    public Task<string> GetAccessTokenAsync(string appName, CancellationToken cancellationToken = default) =>
        tokens.GetAsync(options.CurrentValue.CorpId, App(appName), cancellationToken);

    public Task<CgibinMessageSendResponse> SendMessageAsync(string appName, CgibinMessageSendRequest request, CancellationToken cancellationToken = default)
    {
        var app = App(appName);
        return CallWithTokenAsync<CgibinMessageSendResponse>(app, "message/send", HttpMethod.Post, WeComHttpTransport.SendClient,
            request with { AgentId = app.AgentId }, cancellationToken);
    }

    public Task<WeComResponse> SendAppChatAsync(string appName, CgibinAppChatSendRequest request, CancellationToken cancellationToken = default) =>
        CallWithTokenAsync<WeComResponse>(App(appName), "appchat/send", HttpMethod.Post, WeComHttpTransport.SendClient, request, cancellationToken);

    public Task<WeComResponse> SendWebhookAsync(string webhookKey, CgibinWebhookSendRequest request, CancellationToken cancellationToken = default) =>
        transport.SendAsync<WeComResponse>(WeComHttpTransport.SendClient, "webhook/send", HttpMethod.Post,
            $"webhook/send?key={Uri.EscapeDataString(webhookKey)}", request, cancellationToken);

    public Task<WeComResponse> SendAiBotResponseAsync(string responseUrl, CgibinAiBotResponseRequest request, CancellationToken cancellationToken = default)
    {
        // WeCom hands out response_url itself; anything else would send a reply somewhere we do not intend.
        if (!Uri.TryCreate(responseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new ArgumentException("response_url must be an absolute http(s) URL.", nameof(responseUrl));
        return transport.SendAsync<WeComResponse>(WeComHttpTransport.SendClient, "aibot/response", HttpMethod.Post, uri.AbsoluteUri, request, cancellationToken);
    }

    public Task<CgibinExternalContactGroupChatGetResponse> GetGroupChatAsync(string appName, string chatId, CancellationToken cancellationToken = default) =>
        CallWithTokenAsync<CgibinExternalContactGroupChatGetResponse>(App(appName), "externalcontact/groupchat/get", HttpMethod.Post,
            WeComHttpTransport.ReadClient, new CgibinExternalContactGroupChatGetRequest(chatId), cancellationToken);

    private async Task<TResponse> CallWithTokenAsync<TResponse>(WeComAppOptions app, string api, HttpMethod method, string clientName,
        object body, CancellationToken cancellationToken) where TResponse : WeComResponse
    {
        var corpId = options.CurrentValue.CorpId;
        var token = await tokens.GetAsync(corpId, app, cancellationToken);
        try
        {
            return await transport.SendAsync<TResponse>(clientName, api, method, WithToken(api, token), body, cancellationToken);
        }
        catch (WeComApiException ex) when (ex.Errcode is { } code && WeComErrorCodes.IsTokenRejected(code))
        {
            // The request was refused before it was acted on, so sending it again cannot duplicate a message.
            token = await tokens.RefreshAsync(corpId, app, rejectedToken: token, cancellationToken);
            return await transport.SendAsync<TResponse>(clientName, api, method, WithToken(api, token), body, cancellationToken);
        }
    }

    private static string WithToken(string api, string token) => $"{api}?access_token={Uri.EscapeDataString(token)}";

    private WeComAppOptions App(string appName) =>
        options.CurrentValue.Apps.FirstOrDefault(a => a.Name == appName)
        ?? throw new InvalidOperationException($"WeCom app '{appName}' is not configured (WeCom:Apps).");
}
