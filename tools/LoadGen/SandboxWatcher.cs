using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;

namespace GridLine.Tools.LoadGen;

/// <summary>
/// Follows the WeCom sandbox's request log during an e2e run: when each AI-bot reply (response_url) arrived, and how
/// many times each response code was used — a second attempt on a code is a reply sent twice.
/// </summary>
public sealed class SandboxWatcher(string sandboxUrl) : IAsyncDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = new Uri(sandboxUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _since;

    /// <summary>First successful delivery time per response code.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> Delivered { get; } = new(StringComparer.Ordinal);
    /// <summary>Reply attempts per response code (successful or refused).</summary>
    public ConcurrentDictionary<string, int> Attempts { get; } = new(StringComparer.Ordinal);
    public DateTimeOffset LastActivity { get; private set; } = DateTimeOffset.UtcNow;
    public int ApiRequests { get; private set; }

    /// <summary>Issues <paramref name="count"/> response codes per chat before the run.</summary>
    public async Task<Dictionary<string, Queue<string>>> IssueCodesAsync(IEnumerable<string> chats, int count, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Queue<string>>();
        foreach (var chat in chats)
        {
            using var response = await _client.PostAsJsonAsync("sandbox/response-codes", new { chatId = chat, userId = "wmLoadResident", count }, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            result[chat] = new Queue<string>(doc.RootElement.GetProperty("codes").EnumerateArray().Select(e => e.GetString()!));
        }
        // Start after what is already logged.
        var existing = await FetchAsync(cancellationToken);
        if (existing.Count > 0) _since = existing[^1].Id;
        return result;
    }

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try { await PollOnceAsync(cancellationToken); }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested) { }
            catch (OperationCanceledException) { return; }
            try { await Task.Delay(250, cancellationToken); } catch (OperationCanceledException) { return; }
        }
    }

    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var entries = await FetchAsync(cancellationToken);
        foreach (var e in entries)
        {
            _since = Math.Max(_since, e.Id);
            if (e.Kind != "api") continue;
            ApiRequests++;
            LastActivity = DateTimeOffset.UtcNow;
            if (!e.Path.EndsWith("/aibot/response", StringComparison.Ordinal)) continue;
            var code = HttpUtility.ParseQueryString(e.Query)["response_code"];
            if (code is null) continue;
            Attempts.AddOrUpdate(code, 1, (_, n) => n + 1);
            if (e.Errcode == 0) Delivered.TryAdd(code, e.Time);
        }
    }

    private async Task<List<Entry>> FetchAsync(CancellationToken cancellationToken)
    {
        var list = await _client.GetFromJsonAsync<List<Entry>>($"sandbox/requests?since={_since}", JsonOptions, cancellationToken);
        return list ?? [];
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record Entry(long Id, DateTimeOffset Time, string Kind, string Path, string Query, int? Errcode);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        _client.Dispose();
        _stop.Dispose();
    }
}
