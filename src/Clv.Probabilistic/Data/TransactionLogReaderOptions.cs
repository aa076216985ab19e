namespace Clv.Probabilistic.Data;

/// <summary>How to read a transaction log file: column names, delimiter, date format and amount rules.</summary>
/// <remarks>
/// Numbers are always read in the invariant culture (a dot as decimal separator, no thousands separators).
/// </remarks>
public sealed record TransactionLogReaderOptions
{
    /// <summary>The defaults: a comma-separated file with a header and columns <c>customer_id</c>, <c>date</c>, <c>amount</c>.</summary>
    public static TransactionLogReaderOptions Default { get; } = new();

    /// <summary>Name of the customer identifier column (default <c>customer_id</c>). Ids are kept as text.</summary>
    public string CustomerColumn { get; init; } = "customer_id";

    /// <summary>Name of the transaction date column (default <c>date</c>).</summary>
    public string DateColumn { get; init; } = "date";

    /// <summary>Name of the amount column (default <c>amount</c>); null when the log has no amounts (they are read as 0).</summary>
    public string? AmountColumn { get; init; } = "amount";

    /// <summary>Field delimiter (default <c>,</c>); null separates fields by runs of spaces and tabs, as in the CDNOW files.</summary>
    public char? Delimiter { get; init; } = ',';

    /// <summary>
    /// Date format: null (default) or <c>iso</c> for ISO 8601 dates <c>yyyy-MM-dd</c> and date-times
    /// <c>yyyy-MM-ddTHH:mm:ss[.fff][zone]</c> (the date is taken as written, the time ignored); <c>yyyyMMdd</c>;
    /// or any .NET exact date format, parsed in the invariant culture.
    /// </summary>
    public string? DateFormat { get; init; }

    /// <summary>Whether the first non-blank line is a header naming the columns (default true).</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>Column names, in file order, for a file without a header (required when <see cref="HasHeader"/> is false).</summary>
    public IReadOnlyList<string>? ColumnNames { get; init; }

    /// <summary>Accept negative amounts (returns, refunds). Off by default: a negative amount is an error.</summary>
    public bool AllowNegativeAmounts { get; init; }
}
