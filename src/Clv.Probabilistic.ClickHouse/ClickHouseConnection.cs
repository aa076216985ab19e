using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.ClickHouse;

/// <summary>
/// A ClickHouse server reached through its HTTP interface (the SQL in the request body, results streamed back in the
/// plain TabSeparated format, inserts sent as RowBinary), which every server version speaks, from 18.16 to current ones.
/// </summary>
/// <remarks>
/// The URL is the server's HTTP endpoint with ClickHouse's own query-string settings, for example
/// <c>http://127.0.0.1:8123/?database=sales&amp;user=clv&amp;password=secret</c>; they are sent with every request.
/// Errors name the host and port, never the password. One instance may be used by several threads.
/// </remarks>
public sealed class ClickHouseConnection : IDisposable
{
    private readonly HttpClient _client;
    private readonly string _baseQuery;
    private readonly Uri _endpoint;

    /// <summary>Connects (lazily, per request) to the server at <paramref name="url"/>.</summary>
    /// <exception cref="ArgumentException">Not an absolute http or https URL.</exception>
    public ClickHouseConnection(string url)
        : this(Parse(url))
    {
    }

    /// <summary>Connects (lazily, per request) to the server at <paramref name="url"/>.</summary>
    /// <exception cref="ArgumentException">Not an absolute http or https URL.</exception>
    public ClickHouseConnection(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"A ClickHouse connection is an http:// or https:// URL of the server's HTTP interface, for example http://127.0.0.1:8123/?database=default; got '{url}'.", nameof(url));
        _endpoint = new UriBuilder(url.Scheme, url.Host, url.Port, url.AbsolutePath).Uri;
        _baseQuery = url.Query.TrimStart('?');
        Server = string.Create(CultureInfo.InvariantCulture, $"{url.Host}:{url.Port}");
        _client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Host and port, as named in error messages.</summary>
    public string Server { get; }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    /// <summary>
    /// The <c>user</c> and <c>password</c> settings of the URL (null when not given), for reading the other servers of a
    /// cluster with <c>remote()</c> as the same user.
    /// </summary>
    internal (string? User, string? Password) Credentials()
    {
        string? user = null, password = null;
        foreach (var pair in _baseQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            string value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            if (name == "user") user = value;
            else if (name == "password") password = value;
        }
        return (user, password);
    }

    private static Uri Parse(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? uri
            : throw new ArgumentException($"'{url}' is not a URL; a ClickHouse connection is the server's HTTP address, for example http://127.0.0.1:8123/?database=default.", nameof(url));
    }

    /// <summary>Runs a query and streams its TabSeparated rows (the caller appends nothing: the format is added here).</summary>
    /// <param name="sql">A SELECT without FORMAT clause.</param>
    /// <param name="source">What is being read, for error messages (for example <c>clickhouse table tx</c>).</param>
    /// <param name="fields">The number of fields each row has (-1: any).</param>
    /// <param name="format">TabSeparated or TabSeparatedWithNamesAndTypes.</param>
    internal ClickHouseRows Query(string sql, string source, int fields, string format = "TabSeparated")
    {
        var response = Send(sql + "\nFORMAT " + format, null, source, []);
        return new ClickHouseRows(response, this, source, fields);
    }

    /// <summary>Runs a statement that returns nothing (CREATE, DROP, INSERT ... SELECT).</summary>
    internal void Execute(string sql, string source) => Send(sql, null, source, []).Dispose();

    /// <summary>Inserts <paramref name="body"/> (RowBinary rows) with <c>INSERT INTO ... FORMAT RowBinary</c>, sent with its length.</summary>
    internal void Insert(string insert, ReadOnlyMemory<byte> body, string source, params (string Name, string Value)[] settings)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Send(null, content, source, [("query", insert + " FORMAT RowBinary"), .. settings]).Dispose();
    }

    private HttpResponseMessage Send(string? sql, HttpContent? content, string source, (string Name, string Value)[] settings)
    {
        var query = new StringBuilder(_baseQuery);
        foreach (var (name, value) in settings)
        {
            if (query.Length > 0) query.Append('&');
            query.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        var uri = new UriBuilder(_endpoint) { Query = query.ToString() }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = content ?? new StringContent(sql!, Encoding.UTF8, "text/plain"),
        };
        HttpResponseMessage response;
        try
        {
            response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException or IOException)
        {
            throw new IOException($"clickhouse: cannot reach the server at {Server} for {Without(source)}: {Innermost(e)}", e);
        }
        if (response.IsSuccessStatusCode) return response;
        string text;
        try
        {
            using var reader = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
            text = reader.ReadToEnd();
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            text = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        finally
        {
            response.Dispose();
        }
        string message = ServerMessage(text);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || IsAuthentication(text))
            throw new IOException($"clickhouse: the server at {Server} refused the request for {Without(source)}: {message}");
        throw new ClvDataException($"The server reported an error: {message}", source);
    }

    /// <summary>An error while the rows were streaming: the connection broke, or the server wrote an exception after rows.</summary>
    internal IOException MidStream(string source, long rows, Exception? inner, string? serverText = null) =>
        new(serverText is null
            ? string.Create(CultureInfo.InvariantCulture, $"clickhouse: the server at {Server} ended the connection while streaming {Without(source)} after {rows} rows: {(inner is null ? "the response ended early" : Innermost(inner))}. Re-run when the server is back.")
            : string.Create(CultureInfo.InvariantCulture, $"clickhouse: the server at {Server} failed while streaming {Without(source)} after {rows} rows: {ServerMessage(serverText)}"),
            inner);

    private static string Without(string source) => source.StartsWith("clickhouse ", StringComparison.Ordinal) ? source["clickhouse ".Length..] : source;

    /// <summary>ClickHouse's exception text without its boilerplate (old servers: <c>Code: 60, e.displayText() = DB::Exception: ..., e.what() = ...</c>).</summary>
    internal static string ServerMessage(string text)
    {
        string message = text.Trim();
        int newline = message.IndexOf('\n', StringComparison.Ordinal);
        if (newline > 0) message = message[..newline].TrimEnd();
        message = message.Replace("e.displayText() = ", "", StringComparison.Ordinal);
        int what = message.IndexOf(", e.what() = ", StringComparison.Ordinal);
        if (what > 0) message = message[..what];
        return message.Length == 0 ? "(no message)" : message;
    }

    /// <summary>Unknown user, wrong password, authentication failed (codes 192, 193, 194, 516).</summary>
    private static bool IsAuthentication(string text) =>
        text.StartsWith("Code: 192", StringComparison.Ordinal) || text.StartsWith("Code: 193", StringComparison.Ordinal)
        || text.StartsWith("Code: 194", StringComparison.Ordinal) || text.StartsWith("Code: 516", StringComparison.Ordinal);

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }
}
