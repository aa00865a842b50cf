using System.Text;
using GridLine.WeComSandbox.State;
using Microsoft.AspNetCore.Http;

namespace GridLine.WeComSandbox.CgiBin;

/// <summary>Wraps every /cgi-bin/ request: applies the injected fault, then records the request and its answer.</summary>
internal sealed class CgiBinRecorder(RequestDelegate next, RequestLog log, FaultInjector faults, TimeProvider timeProvider)
{
    public async Task InvokeAsync(HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true))
            body = await reader.ReadToEndAsync(context.RequestAborted);
        var call = new CgiBinCall(body);
        context.Items[typeof(CgiBinCall)] = call;
        var api = context.Request.Path.Value!["/cgi-bin/".Length..].Trim('/');
        var time = timeProvider.GetUtcNow();
        try
        {
            var fault = faults.TryTake(api);
            switch (fault?.Mode)
            {
                case "errcode":
                    await call.Answer(fault.Errcode!.Value, "sandbox fault").ExecuteAsync(context);
                    return;
                case "http500":
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    await context.Response.WriteAsync("sandbox fault", context.RequestAborted);
                    return;
                case "timeout":
                    await Task.Delay(TimeSpan.FromSeconds(fault.Seconds!.Value), timeProvider, context.RequestAborted);
                    break;
            }
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (e.g. its timeout during an injected delay); 499 as nginx logs it.
            context.Response.StatusCode = 499;
        }
        finally
        {
            log.Add(id => new SandboxRequest(id, time, "api", context.Request.Method, context.Request.Path.Value!,
                context.Request.QueryString.Value ?? "", body, context.Response.StatusCode, call.Errcode, call.ChatId, call.UserIds.ToList(), call.Text, call.Duplicate));
        }
    }
}
