using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Clv.Probabilistic.ClickHouse.Tests;

/// <summary>
/// An HTTP endpoint on 127.0.0.1 that answers one GET with a body only when told: a ClickHouse query reading it with
/// <c>url()</c> (an <c>INSERT ... SELECT FROM url(...)</c>) runs, holding its tables, until <see cref="Release"/>.
/// </summary>
internal sealed class HeldBody : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task<TcpClient> _accepted;

    public HeldBody()
    {
        _listener.Start();
        _accepted = _listener.AcceptTcpClientAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    /// <summary>Waits until the request has arrived (its headers read); fails after a minute.</summary>
    public void WaitForRequest()
    {
        Assert.True(_accepted.Wait(TimeSpan.FromMinutes(1)), "no request within a minute");
        var stream = _accepted.Result.GetStream();
        var headers = new StringBuilder();
        while (!headers.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            int b = stream.ReadByte();
            Assert.True(b >= 0, "the request ended before its headers did");
            headers.Append((char)b);
        }
    }

    /// <summary>Answers the request with <paramref name="body"/> and closes the connection.</summary>
    public void Release(byte[] body)
    {
        using var client = _accepted.Result;
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
        stream.Write(body);
        stream.Flush();
    }

    public void Dispose()
    {
        _listener.Stop();
        if (_accepted.IsCompletedSuccessfully) _accepted.Result.Dispose();
    }
}
