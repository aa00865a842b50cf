using GridLine.Handlers.Understanding;

namespace GridLine.BotGateway.Hosting;

/// <summary>
/// Wraps a logger provider so that phone and ID numbers never reach the log: the formatted message and every string
/// argument are passed through <see cref="Masking.MaskText"/> (the message template itself is kept for grouping).
/// Exception texts are not rewritten.
/// </summary>
internal sealed class MaskingLoggerProvider(ILoggerProvider inner) : ILoggerProvider, ISupportExternalScope
{
    public ILogger CreateLogger(string categoryName) => new MaskingLogger(inner.CreateLogger(categoryName));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => (inner as ISupportExternalScope)?.SetScopeProvider(scopeProvider);

    public void Dispose() => inner.Dispose();

    private sealed class MaskingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            var values = state is IReadOnlyList<KeyValuePair<string, object?>> list
                ? list.Select(kv => kv.Value is string s && kv.Key != "{OriginalFormat}" ? new KeyValuePair<string, object?>(kv.Key, Masking.MaskText(s)) : kv).ToList()
                : [];
            inner.Log(logLevel, eventId, new MaskedState(Masking.MaskText(formatter(state, exception)), values), exception, static (s, _) => s.Message);
        }
    }

    private sealed class MaskedState(string message, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;
        public KeyValuePair<string, object?> this[int index] => values[index];
        public int Count => values.Count;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => Message;
    }
}
