using GridLine.Tools.LoadGen;

// GridLine load generator: see LoadGenOptions.Usage or docs/benchmarks.md.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(LoadGenOptions.Usage);
    return 0;
}
LoadGenOptions options;
try { options = LoadGenOptions.Parse(args); }
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadGenOptions.Usage);
    return 2;
}
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var report = await LoadRunner.RunAsync(options, Console.Out, cancel.Token);
return report.Passed ? 0 : 1;
