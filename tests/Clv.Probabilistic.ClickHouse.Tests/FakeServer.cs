using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Clv.Probabilistic.ClickHouse.Tests;

/// <summary>
/// A stand-in for a ClickHouse server on 127.0.0.1 that answers the schema and validation queries of a transaction log
/// correctly and then fails while streaming the summary: it either closes the connection in the middle of the chunked
/// body (the server died) or writes ClickHouse's exception text after some rows (the query failed mid-stream).
/// </summary>
internal sealed class FakeServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Thread _thread;
    private readonly bool _inBand;

    public FakeServer(bool inBand)
    {
        _inBand = inBand;
        _listener.Start();
        _thread = new Thread(Serve) { IsBackground = true };
        _thread.Start();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    private void Serve()
    {
        try
        {
            while (true)
            {
                using var client = _listener.AcceptTcpClient();
                using var stream = client.GetStream();
                while (ReadRequest(stream) is { } body)
                {
                    if (body.Contains("LIMIT 0", StringComparison.Ordinal))
                        Respond(stream, "customer_id\tdate\tamount\nString\tDate\tFloat64\n", true);
                    else if (body.Contains("countIf", StringComparison.Ordinal))
                        Respond(stream, "3\t0\t0\t0\t0\t0\n", true);
                    else
                    {
                        string rows = "a\t0\t0\t10\t1\t0\t0\t0\nb\t1\t7\t10\t1\t2\t0\t0\n";
                        Respond(stream, _inBand ? rows + "Code: 241, e.displayText() = DB::Exception: Memory limit (for query) exceeded, e.what() = DB::Exception\n" : rows, _inBand);
                        if (!_inBand) return;
                    }
                }
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The listener was stopped.
        }
    }

    /// <summary>Reads one HTTP request with a Content-Length or chunked body; null at the end of the connection.</summary>
    private static string? ReadRequest(NetworkStream stream)
    {
        var header = new StringBuilder();
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            int b = stream.ReadByte();
            if (b < 0) return null;
            header.Append((char)b);
        }
        string text = header.ToString();
        var body = new MemoryStream();
        var length = text.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (length is not null)
        {
            int n = int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var buffer = new byte[n];
            stream.ReadExactly(buffer);
            body.Write(buffer);
        }
        else if (text.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                string size = ReadLine(stream);
                int n = Convert.ToInt32(size.Split(';')[0], 16);
                var buffer = new byte[n];
                stream.ReadExactly(buffer);
                body.Write(buffer);
                ReadLine(stream);
                if (n == 0) break;
            }
        }
        return Encoding.UTF8.GetString(body.ToArray());
    }

    private static string ReadLine(NetworkStream stream)
    {
        var line = new StringBuilder();
        int b;
        while ((b = stream.ReadByte()) >= 0 && b != '\n') if (b != '\r') line.Append((char)b);
        return line.ToString();
    }

    /// <summary>A 200 with a chunked body; without <paramref name="complete"/> the final chunk never comes.</summary>
    private static void Respond(NetworkStream stream, string body, bool complete)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        var response = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/tab-separated-values; charset=UTF-8\r\nTransfer-Encoding: chunked\r\nConnection: Keep-Alive\r\n\r\n");
        response.Append(bytes.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
        stream.Write(Encoding.ASCII.GetBytes(response.ToString()));
        stream.Write(bytes);
        stream.Write("\r\n"u8);
        if (complete) stream.Write("0\r\n\r\n"u8);
        stream.Flush();
    }

    public void Dispose()
    {
        _listener.Stop();
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
