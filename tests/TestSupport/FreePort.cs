using System.Net;
using System.Net.Sockets;

namespace GridLine.TestSupport;

/// <summary>Free TCP ports on the loopback interface.</summary>
public static class FreePort
{
    /// <summary>
    /// A port that is free now, picked below the kernel's ephemeral range: a port handed out by the kernel (bind to 0)
    /// lies inside that range, where any outgoing connection of a parallel test can take it before the caller binds it.
    /// Falls back to the kernel's choice if no port below the range is free.
    /// </summary>
    public static int Next()
    {
        var low = EphemeralLow();
        for (var attempt = 0; attempt < 50 && low > 21_000; attempt++)
        {
            var port = Random.Shared.Next(20_000, low);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken; try another
            }
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }
}
