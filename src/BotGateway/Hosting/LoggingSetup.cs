namespace GridLine.BotGateway.Hosting;

/// <summary>Structured logging: JSON lines when <c>Logging:Format</c> is <c>json</c>, otherwise single-line console output.</summary>
internal static class LoggingSetup
{
    public static void ConfigureGridLineLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.TimestampFormat = "O"; });
        else
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
    }
}
