namespace GridLine.WeComSandbox.State;

/// <summary>One request the sandbox answered (Kind "api") or one callback it posted to the gateway (Kind "callback").</summary>
/// <param name="ChatId">The group the message belongs to, when it is a group message.</param>
/// <param name="UserIds">The people the message is from (callbacks) or to (sends).</param>
/// <param name="Text">The readable content, for the chat page.</param>
/// <param name="Duplicate">Answered with errcode 0 but dropped as a repeat (message/send's enable_duplicate_check): not delivered.</param>
public sealed record SandboxRequest(long Id, DateTimeOffset Time, string Kind, string Method, string Path, string Query, string Body,
    int Status, int? Errcode, string? ChatId, IReadOnlyList<string> UserIds, string? Text, bool Duplicate = false);

/// <summary>Everything that crossed the sandbox, in order, in memory (the oldest entries are dropped past a cap).</summary>
public sealed class RequestLog
{
    private const int Capacity = 20_000;
    private readonly Queue<SandboxRequest> _entries = new();
    private readonly Lock _gate = new();
    private long _lastId;

    public SandboxRequest Add(Func<long, SandboxRequest> create)
    {
        lock (_gate)
        {
            var entry = create(++_lastId);
            _entries.Enqueue(entry);
            if (_entries.Count > Capacity) _entries.Dequeue();
            return entry;
        }
    }

    /// <summary>Entries with an id greater than <paramref name="sinceId"/>, oldest first.</summary>
    public IReadOnlyList<SandboxRequest> Since(long sinceId)
    {
        lock (_gate) return _entries.Where(e => e.Id > sinceId).ToList();
    }

    /// <summary>Forgets the entries; ids keep counting so pollers using "since" miss nothing new.</summary>
    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }
}
