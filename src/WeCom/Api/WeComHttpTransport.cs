using System.Net.Http.Json;
using System.Text.Json;
using GridLine.WeCom.Api.Models;
using Polly.Timeout;

namespace GridLine.WeCom.Api;

/// <summary>
/// Sends one WeCom API request and turns every outcome that is not errcode 0 into a <see cref="WeComApiException"/>:
/// transport failures (connection, timeout, non-2xx) as retryable, errcodes classified by <see cref="WeComErrorCodes"/>.
/// </summary>
internal sealed class WeComHttpTransport(IHttpClientFactory httpClientFactory)
{
    /// <summary>Client for read-only calls; its pipeline retries transient failures.</summary>
    public const string ReadClient = "GridLine.WeCom.Read";

    /// <summary>Client for sends; its pipeline only times out, because a blind resend could deliver a message twice.</summary>
    public const string SendClient = "GridLine.WeCom.Send";

    public async Task<TResponse> SendAsync<TResponse>(string clientName, string api, HttpMethod method, string uri, object? body,
        CancellationToken cancellationToken) where TResponse : WeComResponse
    {
        var client = httpClientFactory.CreateClient(clientName);
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: WeComJson.Options);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw WeComApiException.Transport(api, $"request failed: {ex.Message}", ex.StatusCode, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw WeComApiException.Transport(api, "timed out", inner: ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout surfaces as a cancellation the caller did not ask for.
            throw WeComApiException.Transport(api, "timed out", inner: ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw WeComApiException.Transport(api, $"HTTP {(int)response.StatusCode}", response.StatusCode);
            TResponse? parsed;
            try
            {
                parsed = await response.Content.ReadFromJsonAsync<TResponse>(WeComJson.Options, cancellationToken);
            }
            catch (JsonException ex)
            {
                throw WeComApiException.Transport(api, "answer is not WeCom JSON", inner: ex);
            }
            if (parsed is null) throw WeComApiException.Transport(api, "empty answer");
            if (parsed.Errcode != WeComErrorCodes.Ok) throw WeComApiException.FromErrcode(api, parsed.Errcode, parsed.Errmsg);
            return parsed;
        }
    }
}
