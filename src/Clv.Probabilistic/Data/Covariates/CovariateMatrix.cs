namespace Clv.Probabilistic.Data.Covariates;

/// <summary>Encoded covariates z: one row of numbers per customer, found by customer id.</summary>
public sealed class CovariateMatrix
{
    private readonly string[] _names;
    private readonly CovariateTable _table;
    private readonly double[] _values;

    internal CovariateMatrix(string[] names, CovariateTable table, double[] values)
    {
        _names = names;
        _table = table;
        _values = values;
    }

    /// <summary>Names of the encoded covariates (the columns of z).</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Number of customers.</summary>
    public int Count => _table.Count;

    /// <summary>Customer ids in row order.</summary>
    public IReadOnlyList<string> CustomerIds => _table.CustomerIds;

    /// <summary>The file the covariates came from, or null.</summary>
    public string? SourceName => _table.SourceName;

    /// <summary>The line of row <paramref name="row"/> in the covariate file.</summary>
    public long LineOf(int row) => _table.LineOf(row);

    /// <summary>Row <paramref name="row"/> of z.</summary>
    public ReadOnlySpan<double> Row(int row) => _values.AsSpan(row * _names.Length, _names.Length);

    /// <summary>The row of <paramref name="customerId"/>, or −1.</summary>
    public int RowOf(string customerId) => _table.RowOf(customerId);

    /// <summary>The row of <paramref name="customerId"/>.</summary>
    /// <exception cref="ClvDataException">The covariates have no row for this customer (file and customer named).</exception>
    public int RequireRow(string customerId)
    {
        int row = _table.RowOf(customerId);
        return row >= 0 ? row : throw new ClvDataException("The customer has no covariates: every customer to fit or score needs a row.",
            _table.SourceName, null, null, customerId);
    }
}
