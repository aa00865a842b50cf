using System.Text.RegularExpressions;
using GridLine.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Understanding;

/// <summary>A rule that matched a message.</summary>
public sealed record RuleMatch(long RuleId, string? ForceType, string? ForceCategory);

/// <summary>Raised when an admin rule cannot be saved; the message says what to fix.</summary>
public sealed class RuleValidationException(string message) : Exception(message);

/// <summary>
/// Admin rules, cached in memory. The cache is checked against the table's fingerprint at most every
/// <see cref="UnderstandingOptions.RuleRefreshSeconds"/> seconds, so edits apply within seconds and without a restart.
/// </summary>
public sealed partial class RuleBook(ClassifierRuleRepository repository, IOptions<UnderstandingOptions> options, TimeProvider time, ILogger<RuleBook> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<CompiledRule> _rules = [];
    private ClassifierRuleStamp? _stamp;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    /// <summary>The first active rule (highest priority, then oldest) whose pattern matches the normalised text.</summary>
    public async Task<RuleMatch?> MatchAsync(string normalized, CancellationToken cancellationToken = default)
    {
        await RefreshIfDueAsync(cancellationToken);
        foreach (var rule in _rules)
        {
            try
            {
                if (rule.IsMatch(normalized)) return new RuleMatch(rule.Rule.Id, rule.Rule.ForceType, rule.Rule.ForceCategory);
            }
            catch (RegexMatchTimeoutException)
            {
                logger.LogWarning("Classifier rule {RuleId} timed out and was skipped", rule.Rule.Id);
            }
        }
        return null;
    }

    /// <summary>Validates and inserts a rule; the cache picks it up at the next check.</summary>
    public async Task<ClassifierRule> AddAsync(ClassifierRuleFields fields, CancellationToken cancellationToken = default)
    {
        Validate(fields, options.Value.RegexTimeoutMs);
        var rule = await repository.InsertAsync(fields with { Pattern = fields.IsRegex ? fields.Pattern : TextNormalizer.Normalize(fields.Pattern) }, cancellationToken);
        _checkedAt = DateTimeOffset.MinValue;
        return rule;
    }

    /// <summary>Validates and updates a rule; null when someone else changed it first.</summary>
    public async Task<ClassifierRule?> UpdateAsync(long id, int expectedVersion, ClassifierRuleFields fields, CancellationToken cancellationToken = default)
    {
        Validate(fields, options.Value.RegexTimeoutMs);
        var rule = await repository.UpdateAsync(id, expectedVersion, fields with { Pattern = fields.IsRegex ? fields.Pattern : TextNormalizer.Normalize(fields.Pattern) }, cancellationToken);
        _checkedAt = DateTimeOffset.MinValue;
        return rule;
    }

    /// <summary>Rejects bad rules with a message an admin can act on (Chinese: it is shown in the admin console).</summary>
    public static void Validate(ClassifierRuleFields fields, int regexTimeoutMs = 50)
    {
        if (string.IsNullOrWhiteSpace(fields.Pattern)) throw new RuleValidationException("规则内容不能为空");
        if (fields.Pattern.Length > 500) throw new RuleValidationException("规则内容不能超过 500 个字符");
        if (fields.ForceType is null && fields.ForceCategory is null) throw new RuleValidationException("规则至少要指定类型或分类之一");
        if (fields.ForceType is not null && !Taxonomy.IsType(fields.ForceType))
            throw new RuleValidationException($"未知类型 '{fields.ForceType}'，可选：{string.Join("/", Taxonomy.Types)}");
        if (fields.ForceCategory is not null && !CategoryCode().IsMatch(fields.ForceCategory))
            throw new RuleValidationException($"分类代码 '{fields.ForceCategory}' 格式不对（小写字母和下划线）");
        if (!fields.IsRegex) return;
        try { _ = new Regex(fields.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(regexTimeoutMs)); }
        catch (ArgumentException ex) { throw new RuleValidationException($"正则表达式有误：{ex.Message}"); }
    }

    private async Task RefreshIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _checkedAt < TimeSpan.FromSeconds(options.Value.RuleRefreshSeconds)) return;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (now - _checkedAt < TimeSpan.FromSeconds(options.Value.RuleRefreshSeconds)) return;
            var stamp = await repository.GetStampAsync(cancellationToken);
            if (stamp != _stamp)
            {
                var rules = await repository.ListActiveAsync(cancellationToken);
                _rules = rules.Select(r => Compile(r, options.Value.RegexTimeoutMs)).OfType<CompiledRule>().ToList();
                _stamp = stamp;
                logger.LogInformation("Loaded {Count} active classifier rules", _rules.Count);
            }
            _checkedAt = now;
        }
        finally { _gate.Release(); }
    }

    private CompiledRule? Compile(ClassifierRule rule, int timeoutMs)
    {
        if (!rule.IsRegex) return new CompiledRule(rule, null);
        try { return new CompiledRule(rule, new Regex(rule.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(timeoutMs))); }
        catch (ArgumentException ex)
        {
            // Saved through another path before validation existed: skip it rather than break classification.
            logger.LogWarning(ex, "Classifier rule {RuleId} has an invalid regex and is ignored", rule.Id);
            return null;
        }
    }

    private sealed record CompiledRule(ClassifierRule Rule, Regex? Regex)
    {
        public bool IsMatch(string text) => Regex?.IsMatch(text) ?? text.Contains(Rule.Pattern, StringComparison.Ordinal);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex CategoryCode();
}
