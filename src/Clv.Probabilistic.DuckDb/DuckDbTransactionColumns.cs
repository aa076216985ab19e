namespace Clv.Probabilistic.DuckDb;

/// <summary>Which columns of a DuckDB relation hold the customer, the date and the amount of each transaction.</summary>
/// <remarks>
/// Names are matched exactly and always written into SQL as quoted identifiers, never spliced as text.
/// The customer column may have any type (it is cast to <c>VARCHAR</c>); the date column may be a <c>DATE</c>, a
/// <c>TIMESTAMP</c> (the time of day is dropped), or text: ISO <c>yyyy-MM-dd</c>, or any layout described by
/// <see cref="DateFormat"/>; the amount column must cast to <c>DOUBLE</c>.
/// </remarks>
public sealed record DuckDbTransactionColumns
{
    /// <summary>The default layout: <c>customer_id</c>, <c>date</c>, <c>amount</c>.</summary>
    public static DuckDbTransactionColumns Default { get; } = new();

    /// <summary>Name of the customer id column.</summary>
    public string CustomerColumn { get; init; } = "customer_id";

    /// <summary>Name of the transaction date column.</summary>
    public string DateColumn { get; init; } = "date";

    /// <summary>Name of the amount column, or null when there is none (every amount is then 0).</summary>
    public string? AmountColumn { get; init; } = "amount";

    /// <summary>
    /// A DuckDB <c>strptime</c> format for text dates (for example <c>%Y%m%d</c> or <c>%d/%m/%Y</c>); null to cast the
    /// column to <c>DATE</c> directly.
    /// </summary>
    public string? DateFormat { get; init; }

    /// <summary>Accept negative amounts (returns, refunds), as <see cref="Data.TransactionLogReaderOptions.AllowNegativeAmounts"/>.</summary>
    public bool AllowNegativeAmounts { get; init; }
}
