using System.Globalization;
using System.Text;

namespace Clv.Probabilistic.Data;

/// <summary>A small CSV file read line by line: a header and the current line split into fields, with errors that name
/// the file, line, column and customer. For the small side tables (cohorts, durations, covariates); summaries and logs
/// have their own fast UTF-8 readers.</summary>
internal sealed class CsvTable
{
    private readonly TextReader _reader;
    private readonly string? _source;
    private readonly string[] _names;
    private string[] _fields = [];
    private long _line = 1;

    public CsvTable(TextReader reader, string? source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _source = source;
        string header = reader.ReadLine() ?? throw new ClvDataException("The file is empty.", source);
        _names = Split(header.TrimStart('\uFEFF')) ?? throw Error(null, "A quoted field is not closed properly.");
    }

    public string? Customer { get; set; }

    public IReadOnlyList<string> Names => _names;

    public long Line => _line;

    public string? Source => _source;

    public int Optional(string name)
    {
        int exact = Array.IndexOf(_names, name);
        return exact >= 0 ? exact : Array.FindIndex(_names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
    }

    public int Required(string name)
    {
        int index = Optional(name);
        return index >= 0 ? index : throw new ClvDataException(
            $"Column '{name}' is missing; the columns are: {string.Join(", ", _names)}.", _source, 1);
    }

    public bool Next()
    {
        while (_reader.ReadLine() is { } text)
        {
            _line++;
            Customer = null;
            if (string.IsNullOrWhiteSpace(text)) continue;
            _fields = Split(text) ?? throw Error(null, "A quoted field is not closed properly.");
            if (_fields.Length != _names.Length)
                throw Error(null, string.Create(CultureInfo.InvariantCulture, $"The line has {_fields.Length} fields; the header has {_names.Length}."));
            return true;
        }
        return false;
    }

    public string Text(int column) => _fields[column];

    public double Number(int column) =>
        double.TryParse(_fields[column], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : throw Error(column, $"'{_fields[column]}' is not a number.");

    public int WholeNumber(int column) =>
        int.TryParse(_fields[column], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 0
            ? v
            : throw Error(column, $"'{_fields[column]}' is not a whole number ≥ 0.");

    public bool Flag(int column) => _fields[column].ToLowerInvariant() switch
    {
        "1" or "true" or "yes" => true,
        "0" or "false" or "no" => false,
        _ => throw Error(column, $"'{_fields[column]}' is not 1/0, true/false or yes/no."),
    };

    public ClvDataException Error(int? column, string problem) =>
        new(problem, _source, _line, column is int c && c >= 0 ? _names[c] : null, Customer);

    private static string[]? Split(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        int commas = bytes.AsSpan().Count((byte)',');
        var ranges = new Range[commas + 1];
        int count = DelimitedFields.Split(bytes, (byte)',', ranges);
        if (count < 0) return null;
        var fields = new string[count];
        for (int i = 0; i < count; i++) fields[i] = DelimitedFields.Decode(bytes.AsSpan()[ranges[i]]);
        return fields;
    }
}
