namespace GridLine.Tools.LoadGen;

/// <summary>What a planned request is: a unique message, an exact repeat, a hostile request, or a bare-endpoint insert.</summary>
public enum RequestKind { Bot, App, Repeat, Hostile, Bare }

/// <summary>One request of the schedule, fully built before the clock starts.</summary>
/// <param name="PathAndQuery">Relative to the gateway URL.</param>
/// <param name="MessageIndex">Index of the unique message this carries (repeats point at their original); -1 for hostile requests.</param>
/// <param name="HostileKind">For hostile requests: which kind (e.g. <c>bad_signature</c>).</param>
public sealed record PlannedRequest(RequestKind Kind, string PathAndQuery, byte[] Body, string ContentType, int MessageIndex, string? HostileKind = null);

/// <summary>A unique message: its inbox source and dedupe key, and the response code its reply must use (e2e).</summary>
public sealed record UniqueMessage(string Source, string DedupeKey, string? ResponseCode, string Text);
