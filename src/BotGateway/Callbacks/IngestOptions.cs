using Microsoft.Extensions.Options;

namespace GridLine.BotGateway.Callbacks;

/// <summary>Signed generic ingest, bound to section <c>Ingest</c>: one shared secret per source system.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Sources allowed to post to <c>/ingest/{Name}</c>.</summary>
    public List<IngestSourceOptions> Sources { get; set; } = [];

    /// <summary>Largest body accepted; larger ones answer 413.</summary>
    public int MaxBodyBytes { get; set; } = 65536;
}

/// <summary>One ingest source: its route name and HMAC-SHA256 secret.</summary>
public sealed class IngestSourceOptions
{
    public string Name { get; set; } = "";

    /// <summary>Shared secret (at least 16 characters) for <c>X-GridLine-Signature</c>.</summary>
    public string Secret { get; set; } = "";
}

/// <summary>Rejects unusable ingest settings at startup, naming the setting.</summary>
internal sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var errors = new List<string>();
        if (options.MaxBodyBytes is < 1024 or > 10 * 1024 * 1024) errors.Add("Ingest:MaxBodyBytes must be between 1024 and 10485760.");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var source = options.Sources[i];
            if (string.IsNullOrWhiteSpace(source.Name) || !source.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                errors.Add($"Ingest:Sources:{i}:Name must be non-empty and use only letters, digits, '-' and '_'.");
            else if (!names.Add(source.Name))
                errors.Add($"Ingest:Sources:{i}:Name '{source.Name}' is used by another source.");
            if (source.Secret.Length < 16) errors.Add($"Ingest:Sources:{i}:Secret must be at least 16 characters.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
