namespace Clv.Probabilistic.PostgreSql;

/// <summary>Which columns of a PostgreSQL table or query hold the customer, the date and the amount of each transaction.</summary>
/// <remarks>
/// Names are matched exactly and written into SQL only as quoted identifiers. The customer column may have any type (it
/// is cast to <c>text</c>); the date column must be a <c>date</c>, <c>timestamp</c> or <c>timestamptz</c> (the time of
/// day is dropped; a <c>timestamptz</c> is cut in the session's time zone); the amount column must be numeric
/// (<c>smallint</c>, <c>integer</c>, <c>bigint</c>, <c>numeric</c>, <c>real</c> or <c>double precision</c>; summed as
/// <c>double precision</c>). Text dates or amounts: cast them in a query (<see cref="PostgreSqlTransactionLog.Query"/>).
/// </remarks>
public sealed record PostgreSqlTransactionColumns
{
    /// <summary>The default layout: <c>customer_id</c>, <c>date</c>, <c>amount</c>.</summary>
    public static PostgreSqlTransactionColumns Default { get; } = new();

    /// <summary>Name of the customer id column.</summary>
    public string CustomerColumn { get; init; } = "customer_id";

    /// <summary>Name of the transaction date column.</summary>
    public string DateColumn { get; init; } = "date";

    /// <summary>Name of the amount column, or null when there is none (every amount is then 0).</summary>
    public string? AmountColumn { get; init; } = "amount";

    /// <summary>Accept negative amounts (returns, refunds), as <see cref="Data.TransactionLogReaderOptions.AllowNegativeAmounts"/>.</summary>
    public bool AllowNegativeAmounts { get; init; }
}
