using GridLine.WeComSandbox;

// The WeCom sandbox: ./run.sh starts it with --urls and --Sandbox:GatewayUrl; defaults live in appsettings.json.
var app = SandboxApp.Build(args);
app.Run();
