using System.Text;
using GridLine.Storage;
using Microsoft.Extensions.Logging;

namespace GridLine.Handlers.Replies;

/// <summary>
/// Renders reply templates. Texts come from the database (admin edits) and fall back to the shipped defaults; the
/// cache reloads when the table's change marker moves, checked at most every few seconds, so edits apply without restart.
/// </summary>
public sealed class ReplyRenderer(ReplyTemplateRepository repository, TimeProvider time, ILogger<ReplyRenderer> logger)
{
    private static readonly Dictionary<string, string> Defaults = DefaultReplyTemplates.All.ToDictionary(t => t.Code, t => t.Text);
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile IReadOnlyDictionary<string, string> _texts = Defaults;
    private (long, DateTime?) _marker = (-1, null);
    private DateTimeOffset _nextCheck = DateTimeOffset.MinValue;

    /// <summary>Renders <paramref name="code"/> with the values; unknown placeholders stay visible as {name} so a typo in an edit is noticed.</summary>
    public async Task<string> RenderAsync(string code, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken = default)
    {
        await RefreshIfDueAsync(cancellationToken);
        var template = _texts.TryGetValue(code, out var t) ? t : Defaults.GetValueOrDefault(code)
            ?? throw new ArgumentException($"Unknown reply template '{code}'", nameof(code));
        return Format(template, values);
    }

    /// <summary>Replaces {name} placeholders; "{{" and "}}" stay literal braces.</summary>
    public static string Format(string template, IReadOnlyDictionary<string, string?> values)
    {
        var sb = new StringBuilder(template.Length + 64);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{')
            {
                if (i + 1 < template.Length && template[i + 1] == '{') { sb.Append('{'); i++; continue; }
                var end = template.IndexOf('}', i + 1);
                if (end > i + 1)
                {
                    var name = template[(i + 1)..end];
                    if (values.TryGetValue(name, out var value)) { sb.Append(value); i = end; continue; }
                }
            }
            else if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { sb.Append('}'); i++; continue; }
            sb.Append(c);
        }
        return sb.ToString().Trim();
    }

    private async Task RefreshIfDueAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() < _nextCheck) return;
        if (!await _gate.WaitAsync(0, cancellationToken)) return; // another caller is refreshing; use what we have
        try
        {
            _nextCheck = time.GetUtcNow() + CheckInterval;
            var marker = await repository.GetChangeMarkerAsync(cancellationToken);
            if (marker == _marker) return;
            var merged = new Dictionary<string, string>(Defaults);
            foreach (var row in await repository.ListAsync(cancellationToken)) merged[row.Code] = row.Text;
            _texts = merged;
            _marker = marker;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            logger.LogWarning("Reply templates not refreshed ({Reason}); using the cached texts", ex.Message);
        }
        finally
        {
            _gate.Release();
        }
    }
}
