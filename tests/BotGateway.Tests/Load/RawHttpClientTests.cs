using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GridLine.Tools.LoadGen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GridLine.BotGateway.Tests.Load;

/// <summary>
/// The load generator's socket HTTP/1.1 client against a real Kestrel server on a loopback port (and, for framing and
/// connection-loss cases Kestrel does not produce on demand, a scripted TCP server).
/// </summary>
public sealed class RawHttpClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ContentLengthChunkedAnd204Bodies_ReadToTheEnd_SequentialRequestsReuseOneConnection()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new RawHttpClient(server.Url, 8, Timeout);
        var length = client.BuildRequest("POST", "/length?n=100000", "application/json; charset=utf-8", "{}"u8);
        var chunked = client.BuildRequest("POST", "/chunked?n=50000&chunks=7", "application/json; charset=utf-8", "{}"u8);
        var empty = client.BuildRequest("POST", "/empty", "application/json; charset=utf-8", "{}"u8);

        var results = new List<SendResult>();
        for (var i = 0; i < 10; i++)
        {
            results.Add(await client.SendAsync(length));
            results.Add(await client.SendAsync(chunked));
            results.Add(await client.SendAsync(empty));
        }

        // A body left unread (or read too far) would corrupt the next response on the same connection.
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(Enumerable.Repeat(new[] { 200, 200, 204 }, 10).SelectMany(s => s), results.Select(r => r.Status));
        Assert.Equal(1, client.ConnectionsOpened);
        Assert.Single(server.Seen.Select(s => s.ConnectionId).Distinct());
        Assert.True(server.ChunkedResponses >= 10, $"Kestrel sent {server.ChunkedResponses} chunked responses");
    }

    [Fact]
    public async Task ClientErrorAndServerErrorStatuses_RecordedAsAnswered_ConnectionKept()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new RawHttpClient(server.Url, 8, Timeout);
        int[] codes = [400, 401, 404, 413, 500, 503];

        var results = new List<SendResult>();
        foreach (var code in codes) results.Add(await client.SendAsync(client.BuildRequest("POST", $"/status?code={code}", "application/xml; charset=utf-8", "<xml/>"u8)));

        Assert.Equal(codes, results.Select(r => r.Status));
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(1, client.ConnectionsOpened);
    }

    [Fact]
    public async Task ConnectionClose_EachRequestOnANewConnection_ThenKeepAliveAgain()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new RawHttpClient(server.Url, 8, Timeout);
        var close = client.BuildRequest("POST", "/close", "application/json; charset=utf-8", "{}"u8);
        var ok = client.BuildRequest("POST", "/length?n=10", "application/json; charset=utf-8", "{}"u8);

        for (var i = 0; i < 5; i++) Assert.Equal(new SendResult(200, null), await client.SendAsync(close));
        Assert.Equal(5, client.ConnectionsOpened);
        for (var i = 0; i < 5; i++) Assert.Equal(new SendResult(200, null), await client.SendAsync(ok));

        Assert.Equal(6, client.ConnectionsOpened);
        Assert.Equal(6, server.Seen.Select(s => s.ConnectionId).Distinct().Count());
        Assert.Equal(10, server.Seen.Count); // nothing sent twice
    }

    [Fact]
    public async Task ConcurrentRequests_NeverMoreThanMaxConnections_OthersWaitForOne()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new RawHttpClient(server.Url, 3, Timeout);
        var slow = client.BuildRequest("POST", "/delay?ms=100", "application/json; charset=utf-8", "{}"u8);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.SendAsync(slow).AsTask()));

        Assert.All(results, r => Assert.Equal(new SendResult(200, null), r));
        Assert.Equal(3, client.ConnectionsOpened);
        Assert.Equal(3, server.Seen.Select(s => s.ConnectionId).Distinct().Count());
    }

    [Fact]
    public async Task SlowAnswer_Status0Timeout_ThenANewConnectionWorks()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new RawHttpClient(server.Url, 1, TimeSpan.FromMilliseconds(300));
        var slow = client.BuildRequest("POST", "/slow", "application/json; charset=utf-8", "{}"u8);

        // One connection: the second request waits for it, and that wait counts against its timeout too.
        var results = await Task.WhenAll(client.SendAsync(slow).AsTask(), client.SendAsync(slow).AsTask());
        var after = await client.SendAsync(client.BuildRequest("POST", "/length?n=10", "application/json; charset=utf-8", "{}"u8));

        Assert.All(results, r => Assert.Equal(new SendResult(0, "timeout"), r));
        Assert.Equal(new SendResult(200, null), after);
        Assert.True(client.ConnectionsOpened >= 2, "a timed-out connection is not reused");
    }

    [Fact]
    public async Task KestrelClosesIdleKeepAliveConnection_NextRequestRetriedOnceOnAFreshConnection()
    {
        await using var server = await TestServer.StartAsync(keepAliveTimeout: TimeSpan.FromMilliseconds(500));
        using var client = new RawHttpClient(server.Url, 8, Timeout);
        var ok = client.BuildRequest("POST", "/length?n=10", "application/json; charset=utf-8", "{}"u8);

        Assert.Equal(new SendResult(200, null), await client.SendAsync(ok));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.ClosedConnections.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(server.ClosedConnections.IsEmpty, "Kestrel did not close the idle connection");
        var second = await client.SendAsync(ok);

        Assert.Equal(new SendResult(200, null), second);
        Assert.Equal(2, client.ConnectionsOpened);
        Assert.Equal(2, server.Seen.Count);
    }

    [Fact]
    public async Task ServerDropsConnectionAfterEachAnswer_EveryRequestRetriedOnceAndAnsweredOnce()
    {
        await using var server = ScriptedServer.Start(_ => (Response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), Close: true));
        using var client = new RawHttpClient(server.Url, 8, Timeout);
        var request = client.BuildRequest("POST", "/drop", "application/json; charset=utf-8", "{}"u8);

        var results = new List<SendResult>();
        for (var i = 0; i < 5; i++) results.Add(await client.SendAsync(request));

        Assert.All(results, r => Assert.Equal(new SendResult(200, null), r));
        Assert.Equal(5, server.Targets.Count); // each request reached the application exactly once
        Assert.Equal(5, client.ConnectionsOpened); // the first, then one fresh connection per stale one
    }

    [Fact]
    public async Task ConnectionClosedWithoutAnswerOnFreshRetry_RetriedOnlyOnce_Status0()
    {
        await using var server = ScriptedServer.Start(target => target == "/vanish" ? (null, Close: true) : (Response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), Close: false));
        using var client = new RawHttpClient(server.Url, 8, Timeout);

        Assert.Equal(new SendResult(200, null), await client.SendAsync(client.BuildRequest("GET", "/first")));
        var vanished = await client.SendAsync(client.BuildRequest("POST", "/vanish", "application/json; charset=utf-8", "{}"u8));
        var onFresh = await client.SendAsync(client.BuildRequest("POST", "/vanish", "application/json; charset=utf-8", "{}"u8));

        Assert.Equal(0, vanished.Status);
        Assert.Equal("IOException: The server closed the connection before responding.", vanished.Error);
        Assert.Equal(0, onFresh.Status); // a fresh connection (the retry's was closed) is not retried
        Assert.Equal(new[] { "/first", "/vanish", "/vanish", "/vanish" }, server.Targets); // reused + its one retry, then fresh only
        Assert.Equal(3, client.ConnectionsOpened);
    }

    [Fact]
    public async Task PartialResponseOnReusedConnection_NotRetried_Status0WithTheError()
    {
        await using var server = ScriptedServer.Start(target => target == "/partial"
            ? (Response("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789"), Close: true)
            : (Response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), Close: false));
        using var client = new RawHttpClient(server.Url, 8, Timeout);

        Assert.Equal(new SendResult(200, null), await client.SendAsync(client.BuildRequest("GET", "/first")));
        var partial = await client.SendAsync(client.BuildRequest("POST", "/partial", "application/json; charset=utf-8", "{}"u8));

        Assert.Equal(new SendResult(0, "IOException: The server closed the connection in the middle of a response."), partial);
        Assert.Equal(new[] { "/first", "/partial" }, server.Targets);
        Assert.Equal(1, client.ConnectionsOpened);
    }

    [Fact]
    public async Task CloseDelimitedHttp10AndChunkedWithTrailers_ParsedAndKeepAliveDecidedPerResponse()
    {
        await using var server = ScriptedServer.Start(target => target switch
        {
            "/until-close" => (Response("HTTP/1.1 202 Accepted\r\nContent-Type: text/plain\r\n\r\nbody until the connection closes"), Close: true),
            "/http10" => (Response("HTTP/1.0 201 Created\r\nContent-Length: 3\r\n\r\nabc"), Close: true),
            "/http10-keep-alive" => (Response("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 3\r\n\r\nabc"), Close: false),
            _ => (Response("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ntransfer-encoding: gzip, Chunked\r\n\r\n5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"), Close: false),
        });
        using var client = new RawHttpClient(server.Url, 8, Timeout);
        SendResult Ok(int status) => new(status, null);

        Assert.Equal(Ok(202), await client.SendAsync(client.BuildRequest("GET", "/until-close")));
        Assert.Equal(Ok(201), await client.SendAsync(client.BuildRequest("GET", "/http10")));
        Assert.Equal(Ok(200), await client.SendAsync(client.BuildRequest("GET", "/http10-keep-alive")));
        Assert.Equal(Ok(200), await client.SendAsync(client.BuildRequest("GET", "/chunked")));
        Assert.Equal(Ok(200), await client.SendAsync(client.BuildRequest("GET", "/chunked")));

        // Close-delimited and plain HTTP/1.0 answers end their connection; keep-alive HTTP/1.0 and chunked ones do not.
        Assert.Equal(3, client.ConnectionsOpened);
        Assert.Equal(3, server.Connections);
    }

    [Fact]
    public async Task RequestBytes_SameTargetHostContentTypeAndBodyAsHttpClientSends()
    {
        await using var server = await TestServer.StartAsync();
        var path = "/length?n=5&msg_signature=ab%2Bc&q=路灯";
        var body = Encoding.UTF8.GetBytes("""{"encrypt":"x+y/z="}""");
        using (var http = new HttpClient { BaseAddress = new Uri(server.Url) })
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var response = await http.PostAsync(path, content);
        }
        using var client = new RawHttpClient(server.Url, 8, Timeout);
        Assert.Equal(new SendResult(200, null), await client.SendAsync(client.BuildRequest("POST", path, "application/json; charset=utf-8", body)));

        var seen = server.Seen.ToArray();
        Assert.Equal(2, seen.Length);
        Assert.Equal(seen[0] with { ConnectionId = "" }, seen[1] with { ConnectionId = "" });
        Assert.Equal("/length?n=5&msg_signature=ab%2Bc&q=%E8%B7%AF%E7%81%AF", seen[1].Target);
        Assert.Equal(Convert.ToHexString(body), seen[1].BodyHex);
    }

    [Fact]
    public async Task NothingListening_Status0WithTheSocketError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // the port is now (almost certainly) closed

        using var client = new RawHttpClient($"http://127.0.0.1:{port}", 8, Timeout);
        var result = await client.SendAsync(client.BuildRequest("GET", "/healthz"));

        Assert.Equal(0, result.Status);
        Assert.StartsWith("SocketException: ", result.Error);
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("http")]
    public async Task OpenLoopRunner_EitherClient_WarmsUpOnHealthzAndRecordsEveryStatus(string clientKind)
    {
        await using var server = await TestServer.StartAsync();
        var options = LoadGenOptions.Parse(["--url", server.Url, "--rate", "400", "--duration", "0.1", "--max-connections", "4", "--client", clientKind]);
        string[] paths = ["/length?n=3000", "/chunked?n=3000&chunks=3", "/status?code=400", "/status?code=503", "/empty"];
        int[] expected = [200, 200, 400, 503, 204];
        var requests = Enumerable.Range(0, 40)
            .Select(i => new PlannedRequest(RequestKind.Bot, paths[i % paths.Length], Encoding.UTF8.GetBytes("{\"i\":" + i + "}"), "application/json", i))
            .ToList();

        var result = await new OpenLoopRunner(options).RunAsync("test", new Plan { Requests = requests, Messages = [] }, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 40).Select(i => (short)expected[i % expected.Length]), result.Status);
        Assert.All(result.Errors, e => Assert.Null(e));
        // Latency itself may be slightly negative here: the schedule skips waits under 1 ms, so a request can leave up to
        // ~1 ms before its intended time and a loopback answer can beat that.
        Assert.All(result.CompletedAt, t => Assert.True(t > result.Start));
        Assert.Equal(4, server.Seen.Count(s => s is { Method: "GET", Target: "/healthz" }));
        var posts = server.Seen.Where(s => s.Method == "POST").ToList();
        Assert.Equal(40, posts.Count);
        Assert.All(posts, s => Assert.Equal("application/json; charset=utf-8", s.ContentType));
        Assert.True(posts.Select(s => s.ConnectionId).Distinct().Count() <= 4);
    }

    [Fact]
    public void Options_ClientDefaultsToRaw_HttpSelectable_OthersRejected()
    {
        Assert.False(LoadGenOptions.Parse([]).UseHttpClient);
        Assert.Equal("raw", LoadGenOptions.Parse([]).Client);
        Assert.True(LoadGenOptions.Parse(["--client", "http"]).UseHttpClient);
        Assert.Throws<ArgumentException>(() => LoadGenOptions.Parse(["--client", "curl"]));
        Assert.Throws<ArgumentException>(() => LoadGenOptions.Parse(["--max-connections", "0"]));
    }

    private static byte[] Response(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>One request as Kestrel saw it.</summary>
    private sealed record Seen(string ConnectionId, string Method, string Target, string Host, string? ContentType, long? ContentLength, string BodyHex);

    /// <summary>Kestrel on a free loopback port with a few endpoints that answer in different ways; records every request.</summary>
    private sealed class TestServer : IAsyncDisposable
    {
        private WebApplication _app = null!;
        private int _chunked;

        public string Url { get; private set; } = "";
        public ConcurrentQueue<Seen> Seen { get; } = new();
        public ConcurrentQueue<string> ClosedConnections { get; } = new();
        public int ChunkedResponses => Volatile.Read(ref _chunked);

        public static async Task<TestServer> StartAsync(TimeSpan? keepAliveTimeout = null)
        {
            var server = new TestServer();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                if (keepAliveTimeout is { } t) kestrel.Limits.KeepAliveTimeout = t;
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => async connection =>
                {
                    try { await next(connection); }
                    finally { server.ClosedConnections.Enqueue(connection.ConnectionId); }
                }));
            });
            var app = server._app = builder.Build();
            app.Run(server.HandleAsync);
            await app.StartAsync();
            server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return server;
        }

        private async Task HandleAsync(HttpContext context)
        {
            var request = context.Request;
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            Seen.Enqueue(new Seen(context.Connection.Id, request.Method, context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                request.Headers.Host.ToString(), request.ContentType, request.ContentLength, Convert.ToHexString(body.ToArray())));
            int Number(string key) => int.Parse(request.Query[key].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var response = context.Response;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _app.Lifetime.ApplicationStopping);
            switch (request.Path.Value)
            {
                case "/healthz":
                    await response.WriteAsync("ok");
                    break;
                case "/length":
                    response.ContentLength = Number("n");
                    await response.Body.WriteAsync(Filler(Number("n")));
                    break;
                case "/chunked":
                {
                    // No Content-Length and flushed before the end: Kestrel frames the body with chunked encoding.
                    var filler = Filler(Number("n"));
                    var chunks = Number("chunks");
                    for (var i = 0; i < chunks; i++)
                    {
                        await response.Body.WriteAsync(filler.AsMemory(i * filler.Length / chunks, (i + 1) * filler.Length / chunks - i * filler.Length / chunks));
                        await response.Body.FlushAsync();
                    }
                    if (response.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _chunked);
                    break;
                }
                case "/status":
                    response.StatusCode = Number("code");
                    response.ContentLength = 4;
                    await response.WriteAsync("nope");
                    break;
                case "/empty":
                    response.StatusCode = 204;
                    break;
                case "/close":
                    response.Headers.Connection = "close";
                    response.ContentLength = 3;
                    await response.WriteAsync("bye");
                    break;
                case "/delay":
                    await Task.Delay(Number("ms"), stop.Token);
                    await response.WriteAsync("late");
                    break;
                case "/slow":
                    try { await Task.Delay(TimeSpan.FromSeconds(30), stop.Token); }
                    catch (OperationCanceledException) { }
                    break;
                default:
                    response.StatusCode = 404;
                    break;
            }
        }

        private static byte[] Filler(int n) => Enumerable.Range(0, n).Select(i => (byte)('a' + i % 26)).ToArray();

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>
    /// A TCP server that answers each request (head and Content-Length body read) with bytes the test chooses, optionally
    /// closing the connection after them (null bytes: close without answering). For framings and connection losses
    /// Kestrel does not produce on demand; the closes are graceful and ordered after the answer, so the cases are exact.
    /// </summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Func<string, (byte[]? Response, bool Close)> _answer;
        private readonly Task _accepting;
        private int _connections;

        private ScriptedServer(Func<string, (byte[]? Response, bool Close)> answer)
        {
            _answer = answer;
            _listener.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            _accepting = AcceptAsync();
        }

        public string Url { get; }
        /// <summary>Targets of the requests read, in order.</summary>
        public ConcurrentQueue<string> Targets { get; } = new();
        public int Connections => Volatile.Read(ref _connections);

        public static ScriptedServer Start(Func<string, (byte[]? Response, bool Close)> answer) => new(answer);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    Interlocked.Increment(ref _connections);
                    _ = ServeAsync(socket);
                }
            }
            catch (OperationCanceledException) { }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }

        private async Task ServeAsync(Socket socket)
        {
            using var _ = socket;
            var buffer = new byte[64 * 1024];
            var filled = 0;
            try
            {
                while (true)
                {
                    int headEnd;
                    while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                    {
                        var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                        if (n == 0) return;
                        filled += n;
                    }
                    var head = Encoding.ASCII.GetString(buffer, 0, headEnd).Split("\r\n");
                    var length = head.Skip(1).Select(h => h.Split(':', 2)).Where(h => h[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                        .Select(h => int.Parse(h[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                    var total = headEnd + 4 + length;
                    while (filled < total)
                    {
                        var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                        if (n == 0) return;
                        filled += n;
                    }
                    Buffer.BlockCopy(buffer, total, buffer, 0, filled - total);
                    filled -= total;

                    var target = head[0].Split(' ')[1];
                    Targets.Enqueue(target);
                    var (response, close) = _answer(target);
                    if (response is not null) await socket.SendAsync(response, SocketFlags.None, _stop.Token);
                    if (close)
                    {
                        socket.Shutdown(SocketShutdown.Send);
                        return;
                    }
                }
            }
            catch (OperationCanceledException) { }
            catch (SocketException) { }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
        }
    }
}
