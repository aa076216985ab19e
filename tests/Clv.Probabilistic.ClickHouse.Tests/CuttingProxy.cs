using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Clv.Probabilistic.ClickHouse.Tests;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a real ClickHouse server that kills one stream: on the first connection whose
/// request contains <c>trigger</c>, it closes both sides once <c>cutAfter</c> bytes of the answer have passed (the
/// server, or the network, died mid-stream). Every other connection, and every later one, passes untouched.
/// </summary>
internal sealed class CuttingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly byte[] _trigger;
    private readonly int _cutAfter;
    private readonly Thread _thread;
    private readonly List<Socket> _open = [];
    private int _armed = 1;

    public CuttingProxy(string upstream, string trigger, int cutAfter)
    {
        _upstream = new Uri(upstream);
        _trigger = Encoding.UTF8.GetBytes(trigger);
        _cutAfter = cutAfter;
        _listener.Start();
        _thread = new Thread(Accept) { IsBackground = true };
        _thread.Start();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    /// <summary>True once a stream was cut.</summary>
    public bool Cut { get; private set; }

    private void Accept()
    {
        try
        {
            while (true)
            {
                var client = _listener.AcceptSocket();
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                server.Connect(_upstream.Host, _upstream.Port);
                lock (_open) _open.AddRange([client, server]);
                var connection = new Connection();
                new Thread(() => Pump(client, server, connection, request: true)) { IsBackground = true }.Start();
                new Thread(() => Pump(server, client, connection, request: false)) { IsBackground = true }.Start();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The listener was stopped.
        }
    }

    private sealed class Connection
    {
        public volatile bool Triggered;
        public readonly List<byte> Seen = [];
    }

    private void Pump(Socket from, Socket to, Connection connection, bool request)
    {
        var buffer = new byte[4096];
        long answered = 0;
        try
        {
            using var input = new NetworkStream(from, ownsSocket: false);
            using var output = new NetworkStream(to, ownsSocket: false);
            int n;
            while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (request && !connection.Triggered)
                {
                    lock (connection.Seen)
                    {
                        connection.Seen.AddRange(buffer.AsSpan(0, n).ToArray());
                        if (connection.Seen.ToArray().AsSpan().IndexOf(_trigger) >= 0 && Interlocked.Exchange(ref _armed, 0) == 1)
                            connection.Triggered = true;
                        if (connection.Seen.Count > 1 << 20) connection.Seen.RemoveRange(0, connection.Seen.Count - _trigger.Length);
                    }
                }
                if (!request && connection.Triggered && answered + n > _cutAfter)
                {
                    output.Write(buffer, 0, (int)(_cutAfter - answered));
                    output.Flush();
                    Cut = true;
                    from.LingerState = new LingerOption(true, 0);
                    to.LingerState = new LingerOption(true, 0);
                    from.Close();
                    to.Close();
                    return;
                }
                output.Write(buffer, 0, n);
                answered += n;
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // One side closed.
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_open)
            foreach (var client in _open) client.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
