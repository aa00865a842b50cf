using GridLine.Tools.LoadGen;

namespace GridLine.BotGateway.Tests.Load;

/// <summary>The load generator (tools/LoadGen) run briefly against a real gateway: its schedule and its database checks.</summary>
public sealed class LoadGenTests
{
    private static readonly Dictionary<string, string?> Settings = new(Workflow.SandboxWorld.SandboxCredentials())
    {
        ["Inbox:Enabled"] = "false",
        ["Outbox:Enabled"] = "false",
        ["Jobs:ServerEnabled"] = "false",
        ["Bench:Enabled"] = "true",
    };

    [Fact]
    public void Build_ExactShares_RepeatsPointAtEarlierUniqueMessages()
    {
        var options = LoadGenOptions.Parse(["--rate", "500", "--duration", "2", "--repeat-share", "0.2", "--hostile-share", "0.1"]);
        var plan = Plan.Build(options, ["路灯坏了", "垃圾没人清"], null);

        Assert.Equal(1000, plan.Requests.Count);
        Assert.Equal(100, plan.Requests.Count(r => r.Kind == RequestKind.Hostile));
        Assert.Equal(180, plan.Requests.Count(r => r.Kind == RequestKind.Repeat));
        Assert.Equal(720, plan.Messages.Count);
        var seen = new HashSet<int>();
        foreach (var r in plan.Requests.Where(r => r.Kind != RequestKind.Hostile))
        {
            if (r.Kind == RequestKind.Repeat) Assert.Contains(r.MessageIndex, seen);
            else Assert.True(seen.Add(r.MessageIndex));
        }
    }

    [Fact]
    public async Task Run_300CallbacksWith20PercentRepeatsAndHostileMix_ExactlyUniqueRowsNo5xxHostileAll4xx()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings);
        // 360 requests: 60 hostile (one sixth), 300 valid of which 20 % (60) are exact repeats → 240 unique messages.
        var options = LoadGenOptions.Parse(["--url", gateway.BaseUrl, "--connection", gateway.ConnectionString, "--rate", "360", "--duration", "1",
            "--repeat-share", "0.2", "--hostile-share", "0.16666667", "--app-share", "0.2", "--compare-bare", "--max-connections", "32"]);
        var output = new StringWriter();

        var report = await LoadRunner.RunAsync(options, output);

        Assert.True(report.Passed, output.ToString());
        Assert.Equal(60, report.Callback.Hostile);
        Assert.Equal(300, report.Callback.Valid);
        Assert.Equal(240, report.UniqueMessages);
        Assert.Equal(240, report.AcceptedUnique);
        Assert.Equal(240, report.InboxRows);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.Callback.Server5xx);
        Assert.Equal(0, report.Callback.HostileNot4xx);
        Assert.Equal(0, report.Callback.ValidNot200);
        Assert.Equal(0, report.Bare!.Server5xx);
        Assert.Contains("side by side", output.ToString());
    }
}
