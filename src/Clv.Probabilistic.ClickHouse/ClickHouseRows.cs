using System.Globalization;
using System.Net.Http;
using System.Text;
using Clv.Probabilistic.Engines;

namespace Clv.Probabilistic.ClickHouse;

/// <summary>
/// The rows of a streamed TabSeparated response, one line at a time: fields are found in place and parsed on demand.
/// A broken connection, or the exception text ClickHouse appends when a query fails after it began sending rows, is an
/// <see cref="IOException"/> naming the server, the source and how many rows had arrived.
/// </summary>
internal sealed class ClickHouseRows : IEngineRow, IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly ClickHouseConnection _connection;
    private readonly string _source;
    private readonly int _fields;
    private readonly List<int> _starts = [];
    private readonly List<int> _ends = [];
    private string _line = "";

    public ClickHouseRows(HttpResponseMessage response, ClickHouseConnection connection, string source, int fields)
    {
        _response = response;
        _connection = connection;
        _source = source;
        _fields = fields;
        _reader = new StreamReader(response.Content.ReadAsStream(), new UTF8Encoding(false), false, 1 << 16);
    }

    /// <summary>Rows read so far.</summary>
    public long Rows { get; private set; }

    public int FieldCount => _starts.Count;

    public bool Read()
    {
        string? line;
        try
        {
            line = _reader.ReadLine();
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException)
        {
            throw _connection.MidStream(_source, Rows, e);
        }
        if (line is null) return false;
        _line = line;
        _starts.Clear();
        _ends.Clear();
        int start = 0;
        while (true)
        {
            int tab = line.IndexOf('\t', start);
            _starts.Add(start);
            _ends.Add(tab < 0 ? line.Length : tab);
            if (tab < 0) break;
            start = tab + 1;
        }
        if (_fields >= 0 && _starts.Count != _fields) throw InBandError();
        Rows++;
        return true;
    }

    /// <summary>A line that is not a row: the exception ClickHouse writes into the body when a query fails mid-stream.</summary>
    private IOException InBandError()
    {
        var text = new StringBuilder(_line);
        try
        {
            char[] rest = new char[4096];
            int n = _reader.ReadBlock(rest, 0, rest.Length);
            text.Append('\n').Append(rest, 0, n);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // The exception text is what matters; the rest of the body is only context.
        }
        string body = text.ToString();
        int code = body.IndexOf("Code: ", StringComparison.Ordinal);
        return _connection.MidStream(_source, Rows, null, code >= 0 ? body[code..] : "an unexpected line: " + _line);
    }

    private ReadOnlySpan<char> Field(int i) => _line.AsSpan(_starts[i], _ends[i] - _starts[i]);

    public bool IsNull(int i) => Field(i) is @"\N";

    public long GetInt64(int i) => long.Parse(Field(i), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public double GetDouble(int i)
    {
        var field = Field(i);
        return field switch
        {
            "nan" or "-nan" => double.NaN,
            "inf" or "+inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            _ => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The field with TabSeparated escapes undone (<c>\t \n \r \\ \' \b \f \0</c>).</summary>
    public string GetString(int i)
    {
        var field = Field(i);
        if (field.IndexOf('\\') < 0) return field.ToString();
        var builder = new StringBuilder(field.Length);
        for (int k = 0; k < field.Length; k++)
        {
            char c = field[k];
            if (c != '\\' || k + 1 == field.Length)
            {
                builder.Append(c);
                continue;
            }
            char e = field[++k];
            builder.Append(e switch { 't' => '\t', 'n' => '\n', 'r' => '\r', 'b' => '\b', 'f' => '\f', '0' => '\0', 'a' => '\a', 'v' => '\v', _ => e });
        }
        return builder.ToString();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
