using System.Globalization;

namespace Clv.Probabilistic.Data;

/// <summary>
/// A transaction log held as columns: for each transaction, the customer (as a dense index into
/// <see cref="CustomerIds"/>), the date (as a <see cref="DateOnly.DayNumber"/>) and the amount.
/// </summary>
/// <remarks>
/// Customer ids are kept as text and interned: <see cref="CustomerIds"/> lists each distinct id once, in order of first
/// appearance, and every row refers to it by index, so a log of n rows takes about 16 bytes per row.
/// Rows keep the order of the input. The log is immutable and never aliases caller arrays.
/// Build one with <see cref="FromArrays"/>, <see cref="FromIndexedArrays"/> or <see cref="TransactionLogReader"/>.
/// </remarks>
public sealed class TransactionLog
{
    private readonly string[] _customerIds;
    private readonly int[] _customerIndex;
    private readonly int[] _dayNumber;
    private readonly double[] _amount;
    private readonly int _count;

    /// <summary>Takes ownership of the arrays; only the first <paramref name="count"/> rows are used.</summary>
    internal TransactionLog(string[] customerIds, int[] customerIndex, int[] dayNumber, double[] amount, int count)
    {
        _customerIds = customerIds;
        _customerIndex = customerIndex;
        _dayNumber = dayNumber;
        _amount = amount;
        _count = count;
    }

    private SpareMemory? _spare;

    /// <summary>Memory the reader finished with, for the first summary of the log to reuse as scratch space; null once taken.</summary>
    internal SpareMemory? TakeSpare() => Interlocked.Exchange(ref _spare, null);

    /// <summary>Offers <paramref name="spare"/> to the first summary of this log (see <see cref="TakeSpare"/>).</summary>
    internal TransactionLog WithSpare(SpareMemory? spare)
    {
        _spare = spare;
        return this;
    }

    /// <summary>Number of transactions (rows).</summary>
    public int Count => _count;

    /// <summary>The file the log was read from (for error messages), or null.</summary>
    internal string? SourceName { get; init; }

    /// <summary>Number of distinct customers.</summary>
    public int CustomerCount => _customerIds.Length;

    /// <summary>Distinct customer ids, in order of first appearance; <see cref="CustomerIndices"/> index into it.</summary>
    public IReadOnlyList<string> CustomerIds => _customerIds;

    /// <summary>For each row, the index of its customer in <see cref="CustomerIds"/>.</summary>
    public ReadOnlySpan<int> CustomerIndices => _customerIndex.AsSpan(0, _count);

    /// <summary>For each row, the transaction date as <see cref="DateOnly.DayNumber"/> (days since 0001-01-01).</summary>
    public ReadOnlySpan<int> DayNumbers => _dayNumber.AsSpan(0, _count);

    /// <summary>For each row, the amount.</summary>
    public ReadOnlySpan<double> Amounts => _amount.AsSpan(0, _count);

    /// <summary>The customer id of a row.</summary>
    public string GetCustomerId(int row) => _customerIds[CustomerIndices[row]];

    /// <summary>The date of a row.</summary>
    public DateOnly GetDate(int row) => DateOnly.FromDayNumber(DayNumbers[row]);

    /// <summary>
    /// Builds a log from parallel in-memory columns, copying them (the caller's arrays are not modified or kept).
    /// </summary>
    /// <param name="customerIds">Customer id of each transaction (non-null, non-empty).</param>
    /// <param name="dates">Date of each transaction.</param>
    /// <param name="amounts">Amount of each transaction: finite, and non-negative unless <paramref name="allowNegativeAmounts"/>.</param>
    /// <param name="allowNegativeAmounts">Accept negative amounts (returns, refunds).</param>
    /// <exception cref="ArgumentException">The columns differ in length.</exception>
    /// <exception cref="ClvDataException">The log is empty, or a row has a missing id or an invalid amount (the message names the row and customer).</exception>
    public static TransactionLog FromArrays(IReadOnlyList<string> customerIds, ReadOnlySpan<DateOnly> dates,
        ReadOnlySpan<double> amounts, bool allowNegativeAmounts = false)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        int n = customerIds.Count;
        CheckColumns(n, "customer ids", dates.Length, amounts.Length);

        var interner = new CustomerInterner();
        var customerIndex = new int[n];
        for (int i = 0; i < n; i++)
        {
            string id = customerIds[i];
            if (string.IsNullOrEmpty(id)) throw new ClvDataException("The customer id is missing.", row: i, column: "customer_id");
            customerIndex[i] = interner.Intern(id);
        }
        var ids = interner.ToArray();
        var (dayNumber, amount) = CopyDatesAndAmounts(dates, amounts, allowNegativeAmounts, ids, customerIndex);
        return new TransactionLog(ids, customerIndex, dayNumber, amount, n);
    }

    /// <summary>
    /// Builds a log from customers already coded as integers: <paramref name="customerIds"/> lists each distinct customer
    /// once and <paramref name="customerIndices"/> gives, for each transaction, its position in that list. This skips
    /// the interning of ids that <see cref="FromArrays"/> does. Everything is copied; the caller's data is not modified.
    /// </summary>
    /// <param name="customerIds">Distinct, non-empty customer ids. A customer without transactions is allowed and left out of summaries.</param>
    /// <param name="customerIndices">For each transaction, an index into <paramref name="customerIds"/>.</param>
    /// <param name="dates">Date of each transaction.</param>
    /// <param name="amounts">Amount of each transaction: finite, and non-negative unless <paramref name="allowNegativeAmounts"/>.</param>
    /// <param name="allowNegativeAmounts">Accept negative amounts (returns, refunds).</param>
    /// <exception cref="ArgumentException">The transaction columns differ in length.</exception>
    /// <exception cref="ClvDataException">The log is empty, an id is missing or repeated, an index is out of range, or an amount is invalid.</exception>
    public static TransactionLog FromIndexedArrays(IReadOnlyList<string> customerIds, ReadOnlySpan<int> customerIndices,
        ReadOnlySpan<DateOnly> dates, ReadOnlySpan<double> amounts, bool allowNegativeAmounts = false)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        int n = customerIndices.Length;
        CheckColumns(n, "customer indices", dates.Length, amounts.Length);
        var ids = customerIds.ToArray();
        var seen = new HashSet<string>(ids.Length, StringComparer.Ordinal);
        for (int c = 0; c < ids.Length; c++)
        {
            if (string.IsNullOrEmpty(ids[c])) throw new ClvDataException("The customer id is missing.", column: "customer_id", row: c);
            if (!seen.Add(ids[c])) throw new ClvDataException("The customer id appears more than once in the list of customers.", customerId: ids[c], row: c);
        }
        var customerIndex = customerIndices.ToArray();
        for (int i = 0; i < n; i++)
            if ((uint)customerIndex[i] >= (uint)ids.Length)
                throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                    $"The customer index {customerIndex[i]} is outside 0..{ids.Length - 1}."), row: i, column: "customer_index");
        var (dayNumber, amount) = CopyDatesAndAmounts(dates, amounts, allowNegativeAmounts, ids, customerIndex);
        return new TransactionLog(ids, customerIndex, dayNumber, amount, n);
    }

    private static void CheckColumns(int n, string customerColumn, int dates, int amounts)
    {
        if (dates != n || amounts != n)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Transaction columns differ in length: {n} {customerColumn}, {dates} dates, {amounts} amounts."));
        if (n == 0) throw new ClvDataException("The transaction log contains no transactions.");
    }

    private static (int[] DayNumbers, double[] Amounts) CopyDatesAndAmounts(ReadOnlySpan<DateOnly> dates, ReadOnlySpan<double> amounts,
        bool allowNegativeAmounts, string[] ids, int[] customerIndex)
    {
        var dayNumber = new int[dates.Length];
        var amount = amounts.ToArray();
        for (int i = 0; i < dayNumber.Length; i++)
        {
            string? problem = CheckAmount(amount[i], allowNegativeAmounts);
            if (problem is not null) throw new ClvDataException(problem, row: i, column: "amount", customerId: ids[customerIndex[i]]);
            dayNumber[i] = dates[i].DayNumber;
        }
        return (dayNumber, amount);
    }

    /// <summary>A copy of this log with the distinct customer ids renamed (same order, same count).</summary>
    internal TransactionLog WithCustomerIds(string[] customerIds) =>
        new(customerIds, _customerIndex, _dayNumber, _amount, _count) { SourceName = SourceName };

    /// <summary>Null when the amount is acceptable, otherwise what is wrong with it.</summary>
    internal static string? CheckAmount(double amount, bool allowNegative)
    {
        if (double.IsNaN(amount)) return "The amount is NaN.";
        if (double.IsInfinity(amount)) return "The amount is infinite.";
        if (amount < 0 && !allowNegative)
            return string.Create(CultureInfo.InvariantCulture,
                $"The amount {amount} is negative; negative amounts (returns) are accepted only when allowed explicitly.");
        return null;
    }
}
