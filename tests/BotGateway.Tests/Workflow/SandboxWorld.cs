using System.Net.Http.Json;
using System.Text.Json;
using GridLine.TestSupport;
using GridLine.WeComSandbox;
using GridLine.WeComSandbox.State;
using Npgsql;

namespace GridLine.BotGateway.Tests.Workflow;

/// <summary>
/// The whole system as ./run.sh starts it, in-process: the gateway (demo grids seeded) on one loopback port, the WeCom
/// sandbox on another, each calling the other over real HTTP with the sandbox's credentials.
/// </summary>
public sealed class SandboxWorld : IAsyncDisposable
{
    public const string EastGroup = "wrGridEast001", WestGroup = "wrGridWest001", UnmappedGroup = "wrUnmapped001";
    public const string ResidentLi = "wmResidentLi001", ResidentWang = "wmResidentWang002", ResidentQian = "wmResidentQian006";
    public const string EastWorker = "wangwei", WestWorker = "zhaogang";

    private SandboxWorld(GatewayHost gateway, SandboxHost sandbox)
    {
        Gateway = gateway;
        Sandbox = sandbox;
    }

    public GatewayHost Gateway { get; }
    public SandboxHost Sandbox { get; }

    public static async Task<SandboxWorld> StartAsync(IDictionary<string, string?>? extraSettings = null)
    {
        var sandboxUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var settings = SandboxCredentials();
        settings["WeCom:BaseUrl"] = sandboxUrl + "/cgi-bin/";
        settings["Seed:Demo"] = "true";
        settings["Inbox:IdlePollMilliseconds"] = "50";
        settings["Outbox:IdlePollMilliseconds"] = "50";
        foreach (var (k, v) in extraSettings ?? new Dictionary<string, string?>()) settings[k] = v;
        var gateway = await GatewayHost.StartAsync(settings);
        var sandbox = await SandboxApp.StartAsync(sandboxUrl, o => o.GatewayUrl = gateway.BaseUrl);
        return new SandboxWorld(gateway, sandbox);
    }

    /// <summary>The gateway settings that match the WeCom sandbox's default corp, app and bot (src/WeComSandbox/appsettings.json).</summary>
    public static Dictionary<string, string?> SandboxCredentials() => new()
    {
        ["WeCom:CorpId"] = "wwsandbox0000000001",
        ["WeCom:Apps:0:Name"] = "main",
        ["WeCom:Apps:0:AgentId"] = "1000002",
        ["WeCom:Apps:0:Secret"] = "sandbox-main-app-secret-not-for-production",
        ["WeCom:Apps:0:Token"] = "sandboxAppToken",
        ["WeCom:Apps:0:EncodingAesKey"] = "bI6PPWmi2JmvvcsKSo68FEBhZA7iwLssoaNxB7q8RC8",
        ["WeCom:Bots:0:Name"] = "grid",
        ["WeCom:Bots:0:BotId"] = "aibsandboxgrid0001",
        ["WeCom:Bots:0:Token"] = "sandboxBotToken",
        ["WeCom:Bots:0:EncodingAesKey"] = "9FyHGf8LWx4r0sqznPw6v6h0ah5pwS1BCTIuds9XQBS",
    };

    /// <summary>A resident (or staff member) @-mentions the bot in a group; returns the gateway's status.</summary>
    public async Task<int?> SayInGroupAsync(string chatId, string userId, string text)
    {
        var response = await Sandbox.Client.PostAsJsonAsync("sandbox/simulate/group-message", new { chatId, userId, text = "@网格助手 " + text });
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        return result.GetProperty("gatewayStatus").ValueKind == JsonValueKind.Number ? result.GetProperty("gatewayStatus").GetInt32() : null;
    }

    /// <summary>A staff member writes to the app 1:1.</summary>
    public async Task<int?> SayToAppAsync(string userId, string text)
    {
        var response = await Sandbox.Client.PostAsJsonAsync("sandbox/simulate/app-message", new { userId, text });
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        return result.GetProperty("gatewayStatus").ValueKind == JsonValueKind.Number ? result.GetProperty("gatewayStatus").GetInt32() : null;
    }

    /// <summary>Waits for a message the gateway sent (api request, errcode 0) matching <paramref name="match"/>, newer than <paramref name="since"/>.</summary>
    public async Task<SandboxRequest> WaitForSentAsync(Func<SandboxRequest, bool> match, long since = 0, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var found = (await Sandbox.GetRequestsAsync(since)).FirstOrDefault(r => r.Kind == "api" && r.Errcode == 0 && r.Text is not null && match(r));
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline)
            {
                var seen = string.Join("\n", (await Sandbox.GetRequestsAsync(since)).Select(r => $"{r.Kind} {r.Path} {r.Errcode} {r.ChatId} [{string.Join(',', r.UserIds)}] {r.Text}"));
                throw new TimeoutException($"no matching message within {timeoutSeconds} s; the sandbox saw:\n{seen}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The id of the latest logged request, to look only at what comes after.</summary>
    public async Task<long> MarkAsync() => (await Sandbox.GetRequestsAsync()).Select(r => r.Id).DefaultIfEmpty(0).Max();

    /// <summary>Sent messages (errcode 0) after <paramref name="since"/>, once the gateway has been quiet briefly.</summary>
    public async Task<IReadOnlyList<SandboxRequest>> SentSinceAsync(long since, int settleMilliseconds = 1500)
    {
        await Task.Delay(settleMilliseconds);
        return (await Sandbox.GetRequestsAsync(since)).Where(r => r.Kind == "api" && r.Errcode == 0 && r.Text is not null).ToList();
    }

    /// <summary>One value from the gateway's database; <paramref name="args"/> are (name, value) pairs.</summary>
    public async Task<T> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(Gateway.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var property in args?.GetType().GetProperties() ?? [])
            command.Parameters.AddWithValue(property.Name, property.GetValue(args) ?? DBNull.Value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await Gateway.DisposeAsync();
    }
}
