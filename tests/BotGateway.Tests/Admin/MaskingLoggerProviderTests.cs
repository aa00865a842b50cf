using GridLine.BotGateway.Hosting;
using Microsoft.Extensions.Logging;

namespace GridLine.BotGateway.Tests.Admin;

/// <summary>Log lines never carry a phone or ID number.</summary>
public class MaskingLoggerProviderTests
{
    [Fact]
    public void Log_PhoneAndIdInArgumentsAndText_MaskedInMessageAndValues()
    {
        var capture = new CapturingProvider();
        using var provider = new MaskingLoggerProvider(capture);
        var logger = provider.CreateLogger("test");

        logger.LogWarning("Resident {Text} called from 13812345678", "身份证110101199001011234");

        var (message, values) = Assert.Single(capture.Entries);
        Assert.DoesNotContain("13812345678", message);
        Assert.DoesNotContain("110101199001011234", message);
        Assert.Contains("138****5678", message);
        Assert.DoesNotContain(values, v => v.Value is string s && s.Contains("110101199001011234"));
    }

    private sealed class CapturingProvider : ILoggerProvider, ILogger
    {
        public List<(string Message, IReadOnlyList<KeyValuePair<string, object?>> Values)> Entries { get; } = [];
        public ILogger CreateLogger(string categoryName) => this;
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
    }
}
