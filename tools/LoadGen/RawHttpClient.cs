using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace GridLine.Tools.LoadGen;

/// <summary>The outcome of one request: its status code, or 0 and the error ("timeout" or the transport error).</summary>
public readonly record struct SendResult(int Status, string? Error)
{
    public static readonly SendResult TimedOut = new(0, "timeout");

    /// <summary>A transport error, described as the HttpClient path describes it: exception type and message.</summary>
    public static SendResult Failed(Exception ex) => new(0, ex.GetType().Name + ": " + ex.Message);
}

/// <summary>
/// A lean HTTP/1.1 client for the load generator, because HttpClient costs ~0.4 ms of CPU per request and on the shared
/// benchmark box that CPU is taken from the system under test. Plain http to one host:port only; a pool of persistent
/// keep-alive connections (at most <c>maxConnections</c>) with one request in flight each (no pipelining). Requests are
/// byte arrays serialized before the clock starts (<see cref="BuildRequest"/>); responses are parsed just enough to find
/// their end (status line; Content-Length, chunked or close-delimited body; <c>Connection: close</c>) and their bodies
/// are discarded. Each connection reuses one receive buffer.
/// </summary>
/// <remarks>
/// <para>Retry: a request is retried once, on a fresh connection, only if it failed on a <em>reused</em> connection before
/// any byte of the response arrived, while writing the request or at the first read — the server closed the idle
/// keep-alive connection (SocketsHttpHandler retries the same case). A request that received part of a response, failed
/// on a fresh connection, or timed out is never retried.</para>
/// <para>Timeout: counted from the call to <see cref="SendAsync"/>, waiting for a connection included (as HttpClient.Timeout
/// does). A watchdog timer closes the socket of a request past its deadline; the request then reports status 0,
/// error "timeout".</para>
/// </remarks>
public sealed class RawHttpClient : IDisposable
{
    private const int InitialBufferSize = 8 * 1024;
    /// <summary>The buffer grows (doubling) only to hold a status line, header section or chunk-size line; beyond this, a protocol error.</summary>
    private const int MaxBufferSize = 1024 * 1024;

    private readonly Uri _baseAddress;
    private readonly EndPoint _endPoint;
    private readonly long _timeoutTicks;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<Connection> _idle = new();
    private readonly List<Connection> _open = [];
    private readonly Timer _watchdog;
    private int _opened;
    private bool _disposed;

    /// <param name="baseAddress">An http:// URL (its host and port; paths are resolved against it as HttpClient.BaseAddress does).</param>
    /// <param name="maxConnections">Connections at most; a request that finds none idle and the pool full waits for one.</param>
    /// <param name="timeout">Per request, waiting for a connection included.</param>
    public RawHttpClient(string baseAddress, int maxConnections, TimeSpan timeout)
    {
        _baseAddress = new Uri(baseAddress, UriKind.Absolute);
        if (_baseAddress.Scheme != Uri.UriSchemeHttp) throw new ArgumentException($"only plain http is supported: {baseAddress}", nameof(baseAddress));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _endPoint = IPAddress.TryParse(_baseAddress.DnsSafeHost, out var ip)
            ? new IPEndPoint(ip, _baseAddress.Port)
            : new DnsEndPoint(_baseAddress.DnsSafeHost, _baseAddress.Port);
        _timeoutTicks = (long)Math.Min(timeout.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 4.0);
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
        // A deadline is enforced within 1/20 of the timeout (at most 100 ms late); the scan is cheap (one read per connection).
        var period = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 20, 5, 100));
        _watchdog = new Timer(static state => ((RawHttpClient)state!).ExpireOverdue(), this, period, period);
    }

    /// <summary>Sockets opened so far (connection attempts, retries included).</summary>
    public int ConnectionsOpened => Volatile.Read(ref _opened);

    /// <summary>
    /// Serializes a request once for any number of sends: request line, Host, Content-Type and Content-Length (when there
    /// is content), then the body.
    /// </summary>
    /// <param name="pathAndQuery">Relative to the base address; resolved and escaped as HttpClient would send it.</param>
    /// <param name="contentType">The full Content-Type value (e.g. <c>application/json; charset=utf-8</c>); null = no content headers unless there is a body.</param>
    public byte[] BuildRequest(string method, string pathAndQuery, string? contentType = null, ReadOnlySpan<byte> body = default)
    {
        var head = new StringBuilder(256)
            .Append(method).Append(' ').Append(new Uri(_baseAddress, pathAndQuery).PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(_baseAddress.Authority).Append("\r\n");
        if (contentType is not null) head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        if (contentType is not null || !body.IsEmpty) head.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        head.Append("\r\n");
        var text = head.ToString();
        if (!Ascii.IsValid(text)) throw new ArgumentException($"request head is not ASCII: {text}");
        var bytes = new byte[text.Length + body.Length];
        Encoding.ASCII.GetBytes(text, bytes);
        body.CopyTo(bytes.AsSpan(text.Length));
        return bytes;
    }

    /// <summary>Sends a request built by <see cref="BuildRequest"/> and reads its whole response. Never throws: errors are results.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SendResult> SendAsync(ReadOnlyMemory<byte> request)
    {
        var deadline = Stopwatch.GetTimestamp() + _timeoutTicks;
        try
        {
            if (!_slots.Wait(0))
            {
                var waitMs = (long)((deadline - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency);
                if (waitMs <= 0 || !await _slots.WaitAsync((int)Math.Min(waitMs, int.MaxValue))) return SendResult.TimedOut;
            }
        }
        catch (Exception ex)
        {
            return SendResult.Failed(ex);
        }
        try
        {
            var connection = _idle.TryPop(out var idle) ? idle : Open();
            for (var retried = false; ; retried = true)
            {
                var reused = connection.Requests > 0;
                try
                {
                    connection.Begin(deadline);
                    var status = await connection.ExchangeAsync(request, _endPoint);
                    // End fails if the watchdog closed the socket just as the response completed: the answer stands, the connection does not.
                    if (connection.End(deadline) && connection.KeepAlive) _idle.Push(connection);
                    else Close(connection);
                    return new SendResult(status, null);
                }
                catch (Exception ex)
                {
                    var timedOut = connection.Aborted;
                    Close(connection);
                    if (timedOut) return SendResult.TimedOut;
                    // See the remarks: only a reused connection that failed before any response byte, at write or first read.
                    if (!retried && reused && connection.ResponseBytes == 0 && connection.Stage is Stage.Writing or Stage.FirstRead)
                    {
                        connection = Open();
                        continue;
                    }
                    return SendResult.Failed(ex);
                }
            }
        }
        catch (Exception ex)
        {
            return SendResult.Failed(ex); // opening a socket failed (e.g. out of file descriptors) or the client was disposed
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Opens up to <paramref name="connections"/> connections with as many concurrent GET requests; their outcome is ignored.</summary>
    public Task WarmUpAsync(int connections, string pathAndQuery = "/healthz")
    {
        var request = BuildRequest("GET", pathAndQuery);
        return Task.WhenAll(Enumerable.Range(0, connections).Select(_ => SendAsync(request).AsTask()));
    }

    private Connection Open()
    {
        var socket = _endPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        var connection = new Connection(socket);
        lock (_open)
        {
            if (_disposed)
            {
                socket.Dispose();
                throw new ObjectDisposedException(nameof(RawHttpClient));
            }
            _open.Add(connection);
        }
        Interlocked.Increment(ref _opened);
        return connection;
    }

    private void Close(Connection connection)
    {
        lock (_open) _open.Remove(connection);
        connection.Socket.Dispose();
    }

    private void ExpireOverdue()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_open)
            foreach (var connection in _open) connection.ExpireIfOverdue(now);
    }

    /// <summary>Closes every connection; requests still running fail.</summary>
    public void Dispose()
    {
        Connection[] open;
        lock (_open)
        {
            if (_disposed) return;
            _disposed = true;
            open = _open.ToArray();
            _open.Clear();
        }
        _watchdog.Dispose();
        foreach (var connection in open) connection.Socket.Dispose();
        _idle.Clear();
    }

    /// <summary>How far the current request got, for the retry rule.</summary>
    private enum Stage { Connecting, Writing, FirstRead, Reading }

    /// <summary>How the body of the current response ends.</summary>
    private enum Framing { None, ContentLength, Chunked, UntilClose }

    /// <summary>One socket, one request at a time, and its receive buffer.</summary>
    private sealed class Connection(Socket socket)
    {
        public readonly Socket Socket = socket;
        private byte[] _buffer = new byte[InitialBufferSize];
        private int _start, _end; // received, not yet consumed: _buffer[_start.._end)
        private long _deadline;   // 0 idle; > 0 busy until this Stopwatch timestamp; -1 closed by the watchdog
        private bool _connected;
        private Framing _framing;
        private long _contentLength;

        /// <summary>Responses completed on this connection.</summary>
        public int Requests;
        /// <summary>Bytes received for the current request.</summary>
        public long ResponseBytes;
        public Stage Stage;
        /// <summary>After a response: whether the connection may carry another request.</summary>
        public bool KeepAlive;

        public bool Aborted => Volatile.Read(ref _deadline) == -1;

        public void Begin(long deadline)
        {
            ResponseBytes = 0;
            Stage = Stage.Connecting;
            Volatile.Write(ref _deadline, deadline);
        }

        /// <summary>Back to idle; false if the watchdog closed the socket meanwhile.</summary>
        public bool End(long deadline) => Interlocked.CompareExchange(ref _deadline, 0, deadline) == deadline;

        public void ExpireIfOverdue(long now)
        {
            var deadline = Volatile.Read(ref _deadline);
            // The deadline is also the busy marker, so an overdue value cannot belong to a later request (a later request
            // with the same deadline would be overdue too).
            if (deadline > 0 && deadline < now && Interlocked.CompareExchange(ref _deadline, -1, deadline) == deadline) Socket.Dispose();
        }

        /// <summary>Connects if needed, writes the request, reads the response and discards its body; returns the status code.</summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<int> ExchangeAsync(ReadOnlyMemory<byte> request, EndPoint endPoint)
        {
            if (!_connected)
            {
                await Socket.ConnectAsync(endPoint, CancellationToken.None);
                _connected = true;
            }
            Stage = Stage.Writing;
            for (var sent = 0; sent < request.Length;) sent += await Socket.SendAsync(request[sent..], SocketFlags.None);
            Stage = Stage.FirstRead;
            _start = _end = 0;

            // Status line and header section; interim 1xx responses are skipped.
            int status;
            do
            {
                int headLength;
                while ((headLength = Find("\r\n\r\n"u8)) < 0) Received(await ReceiveAsync());
                status = ParseHead(headLength);
            } while (status < 200);

            switch (_framing)
            {
                case Framing.ContentLength:
                    for (var left = Skip(_contentLength); left > 0; left = Skip(left)) Received(await ReceiveAsync());
                    break;
                case Framing.Chunked:
                    while (true)
                    {
                        int lineLength;
                        while ((lineLength = Find("\r\n"u8)) < 0) Received(await ReceiveAsync());
                        var size = ParseChunkSize(lineLength);
                        if (size == 0) break;
                        for (var left = Skip(size); left > 0; left = Skip(left)) Received(await ReceiveAsync());
                        while ((lineLength = Find("\r\n"u8)) < 0) Received(await ReceiveAsync());
                        if (lineLength != 0) throw new InvalidDataException("chunk data not followed by CRLF");
                        Skip(2);
                    }
                    while (true) // trailer fields up to the blank line
                    {
                        int lineLength;
                        while ((lineLength = Find("\r\n"u8)) < 0) Received(await ReceiveAsync());
                        Skip(lineLength + 2);
                        if (lineLength == 0) break;
                    }
                    break;
                case Framing.UntilClose:
                    KeepAlive = false;
                    _start = _end = 0;
                    for (int n; (n = await ReceiveAsync()) > 0;)
                    {
                        ResponseBytes += n;
                        _start = _end = 0;
                    }
                    break;
            }
            // Bytes beyond the response cannot be ours (one request in flight): do not reuse the connection.
            if (_end > _start) KeepAlive = false;
            Requests++;
            return status;
        }

        private ValueTask<int> ReceiveAsync() => Socket.ReceiveAsync(FreeSpace(), SocketFlags.None);

        /// <summary>Room after the unconsumed bytes: reset when all is consumed, compacted, or grown (up to <see cref="MaxBufferSize"/>).</summary>
        private Memory<byte> FreeSpace()
        {
            if (_start == _end) _start = _end = 0;
            else if (_end == _buffer.Length)
            {
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }
                else if (_buffer.Length < MaxBufferSize) Array.Resize(ref _buffer, _buffer.Length * 2);
                else throw new InvalidDataException("response status line, header section or chunk line too long");
            }
            return _buffer.AsMemory(_end);
        }

        private void Received(int n)
        {
            if (n == 0)
                throw new IOException(ResponseBytes == 0 ? "The server closed the connection before responding." : "The server closed the connection in the middle of a response.");
            _end += n;
            ResponseBytes += n;
            Stage = Stage.Reading;
        }

        /// <summary>Offset of <paramref name="value"/> in the unconsumed bytes, or -1.</summary>
        private int Find(ReadOnlySpan<byte> value) => _buffer.AsSpan(_start, _end - _start).IndexOf(value);

        /// <summary>Consumes up to <paramref name="count"/> buffered bytes; returns how many are still to come.</summary>
        private long Skip(long count)
        {
            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            return count - take;
        }

        /// <summary>Parses and consumes the status line and headers (<paramref name="headLength"/> bytes, then CRLF CRLF); sets the framing and keep-alive.</summary>
        private int ParseHead(int headLength)
        {
            var head = _buffer.AsSpan(_start, headLength);
            var lineEnd = head.IndexOf("\r\n"u8);
            var statusLine = lineEnd < 0 ? head : head[..lineEnd];
            // HTTP/1.x SP 3DIGIT [SP reason-phrase]
            if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
                || !char.IsAsciiDigit((char)statusLine[9]) || !char.IsAsciiDigit((char)statusLine[10]) || !char.IsAsciiDigit((char)statusLine[11])
                || (statusLine.Length > 12 && statusLine[12] != (byte)' '))
                throw new InvalidDataException("malformed status line: " + Encoding.Latin1.GetString(statusLine[..Math.Min(statusLine.Length, 80)]));
            var status = (statusLine[9] - '0') * 100 + (statusLine[10] - '0') * 10 + (statusLine[11] - '0');
            var http10 = statusLine[7] == (byte)'0';

            long contentLength = -1;
            bool chunked = false, otherCoding = false, close = false, keepAliveToken = false;
            var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf("\r\n"u8);
                var line = end < 0 ? rest : rest[..end];
                rest = end < 0 ? [] : rest[(end + 2)..];
                var colon = line.IndexOf((byte)':');
                if (colon <= 0) throw new InvalidDataException("malformed header line: " + Encoding.Latin1.GetString(line[..Math.Min(line.Length, 80)]));
                var name = line[..colon];
                var value = line[(colon + 1)..].Trim(" \t"u8);
                if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
                {
                    if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0 || (contentLength >= 0 && contentLength != length))
                        throw new InvalidDataException("invalid Content-Length");
                    contentLength = length;
                }
                else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
                {
                    // The last coding decides: chunked, or anything else = the body ends when the server closes.
                    chunked = Ascii.EqualsIgnoreCase(value[(value.LastIndexOf((byte)',') + 1)..].Trim(" \t"u8), "chunked"u8);
                    otherCoding = !chunked;
                }
                else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
                {
                    for (var tokens = value; !tokens.IsEmpty;)
                    {
                        var comma = tokens.IndexOf((byte)',');
                        var token = (comma < 0 ? tokens : tokens[..comma]).Trim(" \t"u8);
                        tokens = comma < 0 ? [] : tokens[(comma + 1)..];
                        if (Ascii.EqualsIgnoreCase(token, "close"u8)) close = true;
                        else if (Ascii.EqualsIgnoreCase(token, "keep-alive"u8)) keepAliveToken = true;
                    }
                }
            }
            _start += headLength + 4;

            KeepAlive = !close && (!http10 || keepAliveToken);
            _contentLength = contentLength;
            _framing = status is < 200 or 204 or 304 ? Framing.None
                : chunked ? Framing.Chunked
                : otherCoding ? Framing.UntilClose
                : contentLength >= 0 ? Framing.ContentLength
                : Framing.UntilClose;
            return status;
        }

        /// <summary>Parses and consumes a chunk-size line (hex size, optional extensions).</summary>
        private long ParseChunkSize(int lineLength)
        {
            var line = _buffer.AsSpan(_start, lineLength);
            var semicolon = line.IndexOf((byte)';');
            var digits = (semicolon < 0 ? line : line[..semicolon]).Trim(" \t"u8);
            if (digits.IsEmpty || digits.Length > 15) throw new InvalidDataException("invalid chunk size");
            long size = 0;
            foreach (var b in digits)
            {
                var digit = b switch
                {
                    >= (byte)'0' and <= (byte)'9' => b - '0',
                    >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                    >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                    _ => throw new InvalidDataException("invalid chunk size"),
                };
                size = size * 16 + digit;
            }
            _start += lineLength + 2;
            return size;
        }
    }
}
