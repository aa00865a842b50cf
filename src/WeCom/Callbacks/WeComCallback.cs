namespace GridLine.WeCom.Callbacks;

/// <summary>A decrypted, parsed callback: what the inbox needs to store it once and route it later.</summary>
public abstract record WeComCallback
{
    /// <summary>Inbox kind: the message type ("text", "image", "mixed", "stream") or "event:&lt;name&gt;".</summary>
    public abstract string Kind { get; }

    /// <summary>Key that is equal for redeliveries of the same callback and different for distinct ones.</summary>
    public abstract string DedupeKey { get; }

    /// <summary>The group chat the callback concerns, when there is one.</summary>
    public abstract string? ChatId { get; }

    /// <summary>The member or system account that caused the callback.</summary>
    public abstract string? SenderId { get; }

    /// <summary>Dedupe key for events, which carry no message id: sender, time, kind, chat and any kind-specific parts.</summary>
    protected static string EventDedupeKey(string? sender, long createTime, string kind, string? chatId, params string?[] extra)
        => string.Join('|', new[] { "evt", sender ?? "", createTime.ToString(System.Globalization.CultureInfo.InvariantCulture), kind, chatId ?? "" }.Concat(extra.Select(e => e ?? "")));
}

/// <summary>Outcome of parsing a callback: the record, or why the input was rejected.</summary>
public readonly record struct CallbackParseResult<T>(T? Value, string? Error) where T : class
{
    public bool Success => Value is not null;

    public static CallbackParseResult<T> Ok(T value) => new(value, null);

    public static CallbackParseResult<T> Fail(string error) => new(null, error);
}
