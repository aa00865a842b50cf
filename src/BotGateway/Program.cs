using GridLine.BotGateway;
using GridLine.BotGateway.Hosting;

// Command-line tools (migrate, classify, eval, ...) share this entry point; they exit before the web host is built.
if (args.Length > 0 && CommandLine.IsCommand(args[0]))
    return await CommandLine.RunAsync(args);

var app = GatewayApp.Build(args);
await app.RunAsync();
return 0;
