using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using GridLine.TestSupport;
using GridLine.WeCom.Crypto;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GridLine.WeComSandbox.Tests;

/// <summary>
/// A stand-in gateway for simulator tests: verifies and decrypts callbacks with WeComCallbackCrypto using the
/// sandbox's default keys, and keeps the plaintexts. Answers <see cref="Status"/> (200 unless changed).
/// </summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    public const string BotToken = "sandboxBotToken";
    public const string BotKey = "9FyHGf8LWx4r0sqznPw6v6h0ah5pwS1BCTIuds9XQBS";
    public const string AppToken = "sandboxAppToken";
    public const string AppKey = "bI6PPWmi2JmvvcsKSo68FEBhZA7iwLssoaNxB7q8RC8";
    public const string CorpId = "wwsandbox0000000001";

    private readonly WebApplication _app;

    private CallbackReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }
    public int Status { get; set; } = 200;
    public ConcurrentQueue<(string Path, string Plaintext)> Received { get; } = new();

    public static async Task<CallbackReceiver> StartAsync()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new CallbackReceiver(app, url);
        app.MapPost("/wecom/bot/grid", async (HttpContext context) =>
        {
            var encrypt = (string?)JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!["encrypt"];
            return receiver.Accept(context, new WeComCallbackCrypto(BotToken, BotKey, ""), encrypt);
        });
        app.MapPost("/wecom/app/main", async (HttpContext context) =>
        {
            var encrypt = XElement.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()).Element("Encrypt")?.Value;
            return receiver.Accept(context, new WeComCallbackCrypto(AppToken, AppKey, CorpId), encrypt);
        });
        await app.StartAsync();
        return receiver;
    }

    private IResult Accept(HttpContext context, WeComCallbackCrypto crypto, string? encrypt)
    {
        var q = context.Request.Query;
        var opened = crypto.Open(q["msg_signature"].ToString(), q["timestamp"].ToString(), q["nonce"].ToString(), encrypt ?? "");
        if (!opened.Success) return Results.BadRequest(opened.Error.ToString());
        Received.Enqueue((context.Request.Path.Value!, opened.Plaintext!));
        return Results.StatusCode(Status);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
