namespace Clv.Probabilistic.ClickHouse;

/// <summary>Which columns of a ClickHouse table or query hold the customer, the date and the amount of each transaction.</summary>
/// <remarks>
/// Names are matched exactly and written into SQL only as quoted identifiers. The customer column may have any type (it
/// is read with <c>toString</c>); the date column must be a <c>Date</c>, <c>Date32</c>, <c>DateTime</c> or
/// <c>DateTime64</c> (the time of day is dropped with <c>toDate</c>, in the column's or the server's time zone); the amount
/// column must be numeric (<c>Int*</c>, <c>UInt*</c>, <c>Float*</c>, <c>Decimal*</c>; summed as <c>Float64</c>). Any of
/// them may be <c>Nullable</c> or <c>LowCardinality</c>. Text dates or amounts: convert them in a query
/// (<see cref="ClickHouseTransactionLog.Query"/>).
/// </remarks>
public sealed record ClickHouseTransactionColumns
{
    /// <summary>The default layout: <c>customer_id</c>, <c>date</c>, <c>amount</c>.</summary>
    public static ClickHouseTransactionColumns Default { get; } = new();

    /// <summary>Name of the customer id column.</summary>
    public string CustomerColumn { get; init; } = "customer_id";

    /// <summary>Name of the transaction date column.</summary>
    public string DateColumn { get; init; } = "date";

    /// <summary>Name of the amount column, or null when there is none (every amount is then 0).</summary>
    public string? AmountColumn { get; init; } = "amount";

    /// <summary>Accept negative amounts (returns, refunds), as <see cref="Data.TransactionLogReaderOptions.AllowNegativeAmounts"/>.</summary>
    public bool AllowNegativeAmounts { get; init; }
}
