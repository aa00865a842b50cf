using System.Globalization;

namespace GridLine.Tools.LoadGen;

/// <summary>What to send, how fast, and what to check afterwards. Defaults are the WeCom sandbox's credentials.</summary>
public sealed class LoadGenOptions
{
    public string Url { get; set; } = "http://127.0.0.1:5080";
    /// <summary>Gateway base URLs; requests are spread round robin over them (--url a,b). Defaults to <see cref="Url"/>.</summary>
    public string[] Urls { get; set; } = [];
    /// <summary>Fault tests: 503 answers and connection errors (gateway or database down) are counted as not acknowledged
    /// (WeCom would retry them) instead of failing the run; they are still printed.</summary>
    public bool TolerateUnavailable { get; set; }
    public string BotName { get; set; } = "grid";
    public string BotToken { get; set; } = "sandboxBotToken";
    public string BotKey { get; set; } = "9FyHGf8LWx4r0sqznPw6v6h0ah5pwS1BCTIuds9XQBS";
    public string BotId { get; set; } = "aibsandboxgrid0001";
    public string AppName { get; set; } = "main";
    public string AppToken { get; set; } = "sandboxAppToken";
    public string AppKey { get; set; } = "bI6PPWmi2JmvvcsKSo68FEBhZA7iwLssoaNxB7q8RC8";
    public string CorpId { get; set; } = "wwsandbox0000000001";
    public string AgentId { get; set; } = "1000002";

    /// <summary>Intended sends per second (open loop: the schedule does not wait for answers).</summary>
    public double Rate { get; set; } = 1000;
    public double DurationSeconds { get; set; } = 10;
    /// <summary>Share of valid requests that repeat an earlier one byte for byte (WeCom retries).</summary>
    public double RepeatShare { get; set; } = 0.1;
    /// <summary>Share of valid unique messages sent as app (XML) callbacks instead of AI-bot (JSON) ones.</summary>
    public double AppShare { get; set; } = 0.1;
    /// <summary>Share of all requests that are malformed or hostile (must answer 4xx).</summary>
    public double HostileShare { get; set; }
    /// <summary>Npgsql connection string for the checks; none = no checks.</summary>
    public string? Connection { get; set; }
    /// <summary>ack: acknowledgement only; e2e: also wait for work orders and the replies delivered to the sandbox.</summary>
    public string Mode { get; set; } = "ack";
    /// <summary>Also run the same schedule against POST /bench/bare-insert and print both.</summary>
    public bool CompareBare { get; set; }
    /// <summary>Wait for every inbox row to be done or quarantined (needs the dispatcher running).</summary>
    public bool WaitProcessed { get; set; }
    public double CheckTimeoutSeconds { get; set; } = 120;
    /// <summary>raw: <see cref="RawHttpClient"/> (requests serialized up front, little CPU per request); http: HttpClient, for comparison.</summary>
    public string Client { get; set; } = "raw";
    public int MaxConnections { get; set; } = 512;
    public double RequestTimeoutSeconds { get; set; } = 30;
    /// <summary>Sandbox base URL (e2e: response codes and the delivered replies).</summary>
    public string SandboxUrl { get; set; } = "http://127.0.0.1:5090";
    /// <summary>Group chats the residents write in (the demo seed maps these to grids).</summary>
    public string[] Chats { get; set; } = ["wrGridEast001", "wrGridEast002", "wrGridWest001"];
    public string CorpusPath { get; set; } = "";
    public int Seed { get; set; } = 20260;
    /// <summary>Unique per run: every message id carries it, so checks see only this run's rows.</summary>
    public string RunId { get; set; } = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture) + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);

    public bool UseHttpClient => Client == "http";
    public bool EndToEnd => string.Equals(Mode, "e2e", StringComparison.OrdinalIgnoreCase);
    public int Total => Math.Max(1, (int)Math.Round(Rate * DurationSeconds));

    public const string Usage = """
        GridLine load generator: open-loop signed WeCom callbacks, latency from the intended send time, then database checks.
          --url URL[,URL...]        gateway base URL(s), requests spread round robin (http://127.0.0.1:5080)
          --tolerate-unavailable    fault tests: 503s and connection errors are "not acknowledged" (WeCom retries), not failures
          --rate N                  intended requests per second (1000)
          --duration S              seconds (10)
          --repeat-share F          share of exact repeats among valid requests (0.1)
          --app-share F             share of unique messages sent as app XML callbacks (0.1; 0 in e2e mode)
          --hostile-share F         share of malformed/hostile requests (0)
          --connection CS           Npgsql connection string for the checks (none: no checks)
          --mode ack|e2e            e2e: wait for work orders and replies delivered to the sandbox (ack)
          --compare-bare            also run the schedule against POST /bench/bare-insert (needs Bench:Enabled=true)
          --wait-processed          wait until every inbox row is done or quarantined (dispatcher running)
          --check-timeout S         how long to wait for processing (120)
          --sandbox URL             WeCom sandbox base URL for e2e (http://127.0.0.1:5090)
          --client raw|http         raw: lean socket HTTP/1.1 client, requests serialized before the clock starts (little
                                    CPU per request); http: HttpClient + SocketsHttpHandler, for comparison (raw)
          --max-connections N       keep-alive connections per gateway URL at most; more requests wait for one (512)
          --request-timeout S       per request, waiting for a connection included; answered "timeout", status 0 (30)
          --bot NAME TOKEN KEY      AI bot route name, callback token, EncodingAESKey (the sandbox bot's)
          --app NAME TOKEN KEY CORPID AGENTID   app callback settings (the sandbox app's)
          --chats a,b,c             group chat ids (the demo seed's three groups)
          --corpus PATH             JSON-lines corpus with a "text" field (data/corpus/train.jsonl, found upwards)
          --seed N                  random seed (20260)
        """;

    /// <summary>Parses command-line arguments; throws <see cref="ArgumentException"/> with the offending option.</summary>
    public static LoadGenOptions Parse(IReadOnlyList<string> args)
    {
        var o = new LoadGenOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--url":
                    o.Urls = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    o.Url = o.Urls.Length > 0 ? o.Urls[0] : throw new ArgumentException("--url needs a URL");
                    break;
                case "--tolerate-unavailable": o.TolerateUnavailable = true; break;
                case "--rate": o.Rate = Number(); break;
                case "--duration": o.DurationSeconds = Number(); break;
                case "--repeat-share": o.RepeatShare = Number(); break;
                case "--app-share": o.AppShare = Number(); break;
                case "--hostile-share": o.HostileShare = Number(); break;
                case "--connection": o.Connection = Next(); break;
                case "--mode": o.Mode = Next(); break;
                case "--compare-bare": o.CompareBare = true; break;
                case "--wait-processed": o.WaitProcessed = true; break;
                case "--check-timeout": o.CheckTimeoutSeconds = Number(); break;
                case "--sandbox": o.SandboxUrl = Next(); break;
                case "--client": o.Client = Next(); break;
                case "--max-connections": o.MaxConnections = (int)Number(); break;
                case "--request-timeout": o.RequestTimeoutSeconds = Number(); break;
                case "--bot": o.BotName = Next(); o.BotToken = Next(); o.BotKey = Next(); break;
                case "--app": o.AppName = Next(); o.AppToken = Next(); o.AppKey = Next(); o.CorpId = Next(); o.AgentId = Next(); break;
                case "--chats": o.Chats = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--corpus": o.CorpusPath = Next(); break;
                case "--seed": o.Seed = (int)Number(); break;
                case "--run-id": o.RunId = Next(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (o.Rate <= 0 || o.DurationSeconds <= 0) throw new ArgumentException("--rate and --duration must be positive");
        if (o.RepeatShare is < 0 or >= 1 || o.HostileShare is < 0 or >= 1 || o.AppShare is < 0 or > 1) throw new ArgumentException("shares must be in [0, 1)");
        if (o.Mode is not ("ack" or "e2e")) throw new ArgumentException("--mode must be ack or e2e");
        if (o.Client is not ("raw" or "http")) throw new ArgumentException("--client must be raw or http");
        if (o.MaxConnections < 1 || o.RequestTimeoutSeconds <= 0) throw new ArgumentException("--max-connections and --request-timeout must be positive");
        if (o.EndToEnd && !args.Contains("--app-share")) o.AppShare = 0;
        if (o.Urls.Length == 0) o.Urls = [o.Url];
        if (o.Chats.Length == 0) throw new ArgumentException("--chats needs at least one chat id");
        return o;
    }
}
