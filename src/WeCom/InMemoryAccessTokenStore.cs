namespace GridLine.WeCom;

/// <summary>A single-process <see cref="IAccessTokenStore"/> for tools and tests; production shares tokens through PostgreSQL.</summary>
public sealed class InMemoryAccessTokenStore(TimeProvider timeProvider) : IAccessTokenStore
{
    private readonly Dictionary<string, AccessToken> _tokens = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public InMemoryAccessTokenStore() : this(TimeProvider.System) { }

    public async Task<AccessToken?> GetAsync(string cacheKey, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try { return _tokens.GetValueOrDefault(cacheKey); }
        finally { _gate.Release(); }
    }

    public async Task<AccessToken> RefreshAsync(string cacheKey, string? rejectedToken,
        Func<CancellationToken, Task<AccessToken>> fetch, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_tokens.TryGetValue(cacheKey, out var current) && current.ExpiresAt > timeProvider.GetUtcNow() && current.Token != rejectedToken)
                return current;
            var fresh = await fetch(cancellationToken);
            _tokens[cacheKey] = fresh;
            return fresh;
        }
        finally { _gate.Release(); }
    }
}
