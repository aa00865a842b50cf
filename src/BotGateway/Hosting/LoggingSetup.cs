namespace GridLine.BotGateway.Hosting;

/// <summary>Structured logging: JSON lines when <c>Logging:Format</c> is <c>json</c>, otherwise single-line console output; phone and ID numbers masked.</summary>
internal static class LoggingSetup
{
    public static void ConfigureGridLineLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.TimestampFormat = "O"; });
        else
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });

        // Personal data masked in every log line: the console provider is wrapped by MaskingLoggerProvider.
        var console = builder.Services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider)).ToList();
        foreach (var descriptor in console)
        {
            builder.Services.Remove(descriptor);
            builder.Services.AddSingleton<ILoggerProvider>(sp => new MaskingLoggerProvider(
                ActivatorUtilities.CreateInstance<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(sp)));
        }
    }
}
