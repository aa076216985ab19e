using System.Net.Sockets;
using System.Text;

namespace Clv.Probabilistic.ClickHouse.Tests;

/// <summary>
/// An INSERT ... FORMAT RowBinary sent by hand over HTTP, as a scorer that dies would leave it: the request line and
/// headers (with the whole body's length) go out at once, the body in pieces; disposing closes the connection, whatever
/// was sent. Stands for a killed process's request that the server is still executing.
/// </summary>
internal sealed class RawInsert : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    public RawInsert(string server, string table, long contentLength)
    {
        var url = new Uri(server);
        string insert = Uri.EscapeDataString(
            $"INSERT INTO {ClickHouseSql.QuoteIdentifier(table)} (customer_id, expected_purchases, p_alive, expected_spend, expected_revenue) FORMAT RowBinary");
        _client = new TcpClient(url.Host, url.Port);
        _stream = _client.GetStream();
        _stream.Write(Encoding.ASCII.GetBytes(
            $"POST /?query={insert} HTTP/1.1\r\nHost: {url.Host}\r\nContent-Length: {contentLength}\r\nConnection: close\r\n\r\n"));
        _stream.Flush();
    }

    public void Send(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        _stream.Flush();
    }

    /// <summary>Ends the body short of its length (the sending half of the connection closed, as when the process dies).</summary>
    public void Cut() => _client.Client.Shutdown(SocketShutdown.Send);

    /// <summary>The server's whole answer (status line, headers, body), once the body was sent in full or cut: the INSERT is over then.</summary>
    public string Answer()
    {
        using var reader = new StreamReader(_stream, Encoding.UTF8, false, 4096, leaveOpen: true);
        return reader.ReadToEnd();
    }

    public void Dispose() => _client.Dispose();
}
