using GridLine.WeCom.Api.Models;

namespace GridLine.WeCom.Api;

/// <summary>
/// The outbound WeCom API GridLine uses. Every failure is a <see cref="WeComApiException"/>; sends are attempted once
/// (their retries belong to the outbox sender), reads are retried on transient failures.
/// </summary>
public interface IWeComApiClient
{
    /// <summary>The app's current access token from the shared cache, fetched with gettoken when missing or about to expire.</summary>
    Task<string> GetAccessTokenAsync(string appName, CancellationToken cancellationToken = default);

    /// <summary><c>message/send</c>: an app message to members; the app's AgentId is filled in.</summary>
    Task<CgibinMessageSendResponse> SendMessageAsync(string appName, CgibinMessageSendRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>appchat/send</c>: a message into an internal group the app created.</summary>
    Task<WeComResponse> SendAppChatAsync(string appName, CgibinAppChatSendRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>webhook/send?key=</c>: a group-robot message; needs no access token.</summary>
    Task<WeComResponse> SendWebhookAsync(string webhookKey, CgibinWebhookSendRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST to an AI-bot callback's response_url (an absolute URL WeCom gave us; single use).</summary>
    Task<WeComResponse> SendAiBotResponseAsync(string responseUrl, CgibinAiBotResponseRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>externalcontact/groupchat/get</c>: a customer group's name, owner and members.</summary>
    Task<CgibinExternalContactGroupChatGetResponse> GetGroupChatAsync(string appName, string chatId, CancellationToken cancellationToken = default);
}
