using System.Globalization;
using System.Text;

namespace Clv.Probabilistic.Data.Covariates;

/// <summary>
/// Static covariates as the user gave them: one row per customer, joined to a summary by customer id, each value kept as
/// its text until <see cref="CovariateEncoding"/> decides whether a column is numeric or categorical. Each row remembers
/// its line so that later errors (an unknown level, a non-number in a numeric column) can say where.
/// </summary>
public sealed class CovariateTable
{
    private readonly string[] _customerIds;
    private readonly string[] _columns;
    private readonly string[][] _values;
    private readonly long[] _lines;
    private readonly Dictionary<string, int> _rowOf;

    private CovariateTable(string? sourceName, string[] customerIds, string[] columns, string[][] values, long[] lines)
    {
        SourceName = sourceName;
        _customerIds = customerIds;
        _columns = columns;
        _values = values;
        _lines = lines;
        _rowOf = new Dictionary<string, int>(customerIds.Length, StringComparer.Ordinal);
        for (int i = 0; i < customerIds.Length; i++)
        {
            if (!_rowOf.TryAdd(customerIds[i], i))
                throw new ClvDataException($"The customer appears more than once (first on line {_lines[_rowOf[customerIds[i]]]}).",
                    sourceName, lines[i], null, customerIds[i]);
        }
    }

    /// <summary>The file the table came from, or null for a table built in code.</summary>
    public string? SourceName { get; }

    /// <summary>Number of customers.</summary>
    public int Count => _customerIds.Length;

    /// <summary>Customer ids in the order of the rows.</summary>
    public IReadOnlyList<string> CustomerIds => _customerIds;

    /// <summary>The covariate columns (the id column excluded), in the file's order or the order asked for.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>The text of column <paramref name="column"/> in row <paramref name="row"/>.</summary>
    public string Value(int row, int column) => _values[column][row];

    /// <summary>The line of row <paramref name="row"/> in the file (the data row number + 1 for a table built in code).</summary>
    public long LineOf(int row) => _lines[row];

    /// <summary>The row of customer <paramref name="customerId"/>, or −1 when the table has none.</summary>
    public int RowOf(string customerId) => _rowOf.TryGetValue(customerId, out int row) ? row : -1;

    /// <summary>Reads a covariate CSV (header, comma-separated, UTF-8, optional quotes).</summary>
    /// <param name="path">The file.</param>
    /// <param name="idColumn">Column of customer ids; null takes <c>customer_id</c> when present, otherwise the first column.</param>
    /// <param name="columns">Covariate columns to keep; null keeps every column but the id.</param>
    /// <exception cref="ClvDataException">A line is malformed, a value missing, a customer repeated or a column absent (the message names file, line, column and customer).</exception>
    public static CovariateTable Read(string path, string? idColumn = null, IReadOnlyList<string>? columns = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, idColumn, columns);
    }

    /// <summary>Reads a covariate CSV from <paramref name="reader"/>; see <see cref="Read(string, string?, IReadOnlyList{string}?)"/>.</summary>
    public static CovariateTable Read(TextReader reader, string? sourceName, string? idColumn = null, IReadOnlyList<string>? columns = null)
    {
        var table = new CsvTable(reader, sourceName);
        int id = idColumn is null
            ? (table.Optional("customer_id") is int named and >= 0 ? named : 0)
            : table.Required(idColumn);
        var names = columns ?? table.Names.Where((_, j) => j != id).ToArray();
        if (names.Count == 0) throw new ClvDataException("The file has no covariate column besides the customer id.", sourceName, 1);
        var indices = new int[names.Count];
        for (int k = 0; k < names.Count; k++)
        {
            indices[k] = table.Required(names[k]);
            if (indices[k] == id) throw new ClvDataException($"Column '{names[k]}' is the customer id column, not a covariate.", sourceName, 1, names[k]);
            if (Array.IndexOf(indices, indices[k], 0, k) >= 0) throw new ClvDataException($"Column '{names[k]}' is named twice.", sourceName, 1, names[k]);
        }
        var ids = new List<string>();
        var lines = new List<long>();
        var values = names.Select(_ => new List<string>()).ToArray();
        while (table.Next())
        {
            string customer = table.Text(id).Trim();
            table.Customer = customer.Length > 0 ? customer : null;
            if (customer.Length == 0) throw table.Error(id, "The customer id is empty.");
            for (int k = 0; k < indices.Length; k++)
            {
                string text = table.Text(indices[k]).Trim();
                if (text.Length == 0 || text.Equals("NA", StringComparison.OrdinalIgnoreCase))
                    throw table.Error(indices[k], "The value is missing: every customer needs every covariate.");
                values[k].Add(text);
            }
            ids.Add(customer);
            lines.Add(table.Line);
        }
        if (ids.Count == 0) throw new ClvDataException("The file has a header but no customers.", sourceName, 1);
        return new CovariateTable(sourceName, ids.ToArray(), names.ToArray(), values.Select(v => v.ToArray()).ToArray(), lines.ToArray());
    }

    /// <summary>A table built in code from numeric columns.</summary>
    /// <param name="customerIds">One id per customer, each once.</param>
    /// <param name="columns">Named columns of numbers, each as long as <paramref name="customerIds"/>.</param>
    /// <exception cref="ArgumentException">Lengths differ, a value is not finite, or an id repeats.</exception>
    public static CovariateTable FromNumbers(IReadOnlyList<string> customerIds, IReadOnlyList<(string Name, double[] Values)> columns)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(columns);
        return FromText(customerIds, columns.Select(c =>
        {
            if (c.Values.Length != customerIds.Count)
                throw new ArgumentException($"Covariate '{c.Name}' has {c.Values.Length} values for {customerIds.Count} customers.", nameof(columns));
            int bad = Array.FindIndex(c.Values, v => !double.IsFinite(v));
            if (bad >= 0) throw new ArgumentException($"Covariate '{c.Name}' of customer '{customerIds[bad]}' is {c.Values[bad]}.", nameof(columns));
            return (c.Name, (IReadOnlyList<string>)c.Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray());
        }).ToArray());
    }

    /// <summary>A table built in code from columns of text (categorical levels or numbers in invariant culture).</summary>
    /// <exception cref="ArgumentException">Lengths differ, a value is empty, or an id repeats.</exception>
    public static CovariateTable FromText(IReadOnlyList<string> customerIds, IReadOnlyList<(string Name, IReadOnlyList<string> Values)> columns)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("At least one covariate is needed.", nameof(columns));
        var values = new string[columns.Count][];
        for (int k = 0; k < columns.Count; k++)
        {
            var (name, column) = columns[k];
            if (column.Count != customerIds.Count)
                throw new ArgumentException($"Covariate '{name}' has {column.Count} values for {customerIds.Count} customers.", nameof(columns));
            values[k] = column.ToArray();
            int empty = Array.FindIndex(values[k], string.IsNullOrWhiteSpace);
            if (empty >= 0) throw new ArgumentException($"Covariate '{name}' of customer '{customerIds[empty]}' is missing.", nameof(columns));
        }
        var names = columns.Select(c => c.Name).ToArray();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length) throw new ArgumentException("Two covariates have the same name.", nameof(columns));
        var lines = new long[customerIds.Count];
        for (int i = 0; i < lines.Length; i++) lines[i] = i + 2;
        try
        {
            return new CovariateTable(null, customerIds.ToArray(), names, values, lines);
        }
        catch (ClvDataException e)
        {
            throw new ArgumentException(e.Message, nameof(customerIds), e);
        }
    }
}
