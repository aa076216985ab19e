using System.Globalization;

namespace Clv.Probabilistic.Interactive;

/// <summary>
/// Named per-customer columns (predictions such as expected purchases, probability alive, expected spend, CLV) for
/// display: wrap any model's outputs in one to get an HTML table in a notebook.
/// </summary>
public sealed class PredictionTable
{
    private readonly double[][] _columns;

    /// <summary>Creates the table, copying the columns.</summary>
    /// <exception cref="ArgumentException">A column's length differs from the number of customers, or two columns share a name.</exception>
    public PredictionTable(IReadOnlyList<string> customerIds, IEnumerable<KeyValuePair<string, double[]>> columns)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(columns);
        CustomerIds = customerIds.ToArray();
        var names = new List<string>();
        var values = new List<double[]>();
        foreach (var (name, column) in columns)
        {
            ArgumentNullException.ThrowIfNull(column, name);
            if (column.Length != CustomerIds.Count)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Column '{name}' has {column.Length} values for {CustomerIds.Count} customers."), nameof(columns));
            if (names.Contains(name)) throw new ArgumentException($"Column '{name}' appears twice.", nameof(columns));
            names.Add(name);
            values.Add(column.ToArray());
        }
        ColumnNames = names;
        _columns = values.ToArray();
    }

    /// <summary>Customer ids, one per row.</summary>
    public IReadOnlyList<string> CustomerIds { get; }

    /// <summary>Column names, in display order.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The values of column <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> Column(int index) => _columns[index];
}
