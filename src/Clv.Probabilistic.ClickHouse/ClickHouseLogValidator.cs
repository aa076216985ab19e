using System.Globalization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.ClickHouse;

/// <summary>
/// Checks a transaction table or query before it is summarised: the columns exist and have usable types, and one scan
/// counts the rows with a missing id or date, a missing or non-finite amount, a negative amount, or a date after the
/// end. The first kind of problem found is reported with its count and an example customer (further queries run only to
/// describe an error).
/// </summary>
internal sealed class ClickHouseLogValidator
{
    private readonly ClickHouseConnection _connection;
    private readonly string _relation;
    private readonly ClickHouseTransactionColumns _columns;
    private readonly string _source;
    private string _raw = "";

    public ClickHouseLogValidator(ClickHouseConnection connection, string relation, ClickHouseTransactionColumns columns, string source)
    {
        _connection = connection;
        _relation = relation;
        _columns = columns;
        _source = source;
    }

    /// <summary>
    /// After <see cref="Validate"/>: the derived table <c>(customer_id String, day Int64, amount Float64)</c> over the
    /// relation, <c>day</c> the server's day number, with <c>Nullable</c> removed (validation found no NULL).
    /// </summary>
    public string Transactions { get; private set; } = "";

    public void Validate(DateOnly observationEnd, bool dropAfterEnd)
    {
        var nullable = CheckColumns();
        string customer = ClickHouseSql.QuoteIdentifier(_columns.CustomerColumn);
        string date = ClickHouseSql.QuoteIdentifier(_columns.DateColumn);
        string amount = _columns.AmountColumn is null ? "toFloat64(0)" : $"toFloat64({ClickHouseSql.QuoteIdentifier(_columns.AmountColumn)})";
        _raw = $"(SELECT toString({customer}) AS customer_id, toInt64(toRelativeDayNum(toDate({date}))) AS day, {amount} AS amount FROM {_relation})";
        string NotNull(string column) => nullable.Contains(column) ? $"assumeNotNull({column})" : column;
        Transactions = $"(SELECT {NotNull("customer_id")} AS customer_id, {NotNull("day")} AS day, {NotNull("amount")} AS amount FROM {_raw})";

        string end = ClickHouseSql.DayNumber(observationEnd);
        long n = 0, missingId = 0, missingDate = 0, badAmount = 0, negative = 0, afterEnd = 0;
        Read($"""
            SELECT toInt64(count()), toInt64(countIf(ifNull(customer_id, '') = '')), toInt64(countIf(isNull(day))),
                toInt64(countIf(isNull(amount) OR isNaN(ifNull(amount, 0)) OR isInfinite(ifNull(amount, 0)))), toInt64(countIf(ifNull(amount < 0, 0))),
                toInt64(countIf(ifNull(day > {end}, 0)))
            FROM {_raw}
            """, 6, r =>
        {
            n = r.GetInt64(0);
            missingId = r.GetInt64(1);
            missingDate = r.GetInt64(2);
            badAmount = r.GetInt64(3);
            negative = r.GetInt64(4);
            afterEnd = r.GetInt64(5);
        });
        if (n == 0) throw new ClvDataException("The transaction log contains no transactions.", _source);
        if (missingId > 0)
            throw new ClvDataException(Count(missingId, $"rows have no customer id (NULL or empty), for example {Describe()}."),
                _source, column: _columns.CustomerColumn, count: missingId);
        if (missingDate > 0)
            throw new ClvDataException(Count(missingDate, "rows have no date (NULL)."), _source, column: _columns.DateColumn,
                customerId: Example("isNull(day)"), count: missingDate);
        if (badAmount > 0)
            throw new ClvDataException(Count(badAmount, "rows have a missing (NULL) or non-finite (nan, inf) amount."),
                _source, column: _columns.AmountColumn, customerId: Example("isNull(amount) OR isNaN(ifNull(amount, 0)) OR isInfinite(ifNull(amount, 0))"), count: badAmount);
        if (negative > 0 && !_columns.AllowNegativeAmounts)
            throw new ClvDataException(Count(negative, "rows have a negative amount; negative amounts (returns) are accepted only when allowed explicitly (AllowNegativeAmounts)."),
                _source, column: _columns.AmountColumn, customerId: Example("ifNull(amount < 0, 0)"), count: negative);
        if (afterEnd > 0 && !dropAfterEnd) ThrowAfterEnd(observationEnd, n, afterEnd);
    }

    private void ThrowAfterEnd(DateOnly end, long n, long afterEnd)
    {
        string endText = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string endDay = ClickHouseSql.DayNumber(end);
        long lateCustomers = 0;
        string? lateExample = null;
        Read($"SELECT toInt64(count()), min(customer_id) FROM (SELECT customer_id FROM {Transactions} GROUP BY customer_id HAVING min(day) > {endDay})", 2,
            r => (lateCustomers, lateExample) = (r.GetInt64(0), r.IsNull(1) ? null : r.GetString(1)));
        if (lateCustomers > 0)
            throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                $"The observation end {endText} is before the first purchase of {lateCustomers} customers. Choose a later observation end, or drop transactions after the end explicitly (DropTransactionsAfterEnd; clv summarize --drop-after-end)."),
                _source, customerId: lateExample, count: lateCustomers);
        throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
            $"{afterEnd} of {n} transactions are dated after the observation end {endText}. Choose a later observation end, or drop them explicitly (DropTransactionsAfterEnd; clv summarize --drop-after-end)."),
            _source, column: _columns.DateColumn, customerId: Example($"day > {endDay}"), count: afterEnd);
    }

    /// <summary>
    /// The columns exist (names listed when one does not) and the date and amount columns have usable types; returns the
    /// derived columns that may hold NULL.
    /// </summary>
    private HashSet<string> CheckColumns()
    {
        var types = ClickHouseSchema.Columns(_connection, _relation, _source);
        foreach (var wanted in new[] { _columns.CustomerColumn, _columns.DateColumn, _columns.AmountColumn })
        {
            if (wanted is null || types.ContainsKey(wanted)) continue;
            throw new ClvDataException(
                $"There is no column '{wanted}'. Columns: {string.Join(", ", types.Keys.Select(x => $"'{x}'"))}.", _source, column: wanted);
        }
        var nullable = new HashSet<string>(StringComparer.Ordinal);
        if (ClickHouseSchema.IsNullable(types[_columns.CustomerColumn])) nullable.Add("customer_id");
        string dateType = types[_columns.DateColumn];
        if (!ClickHouseSchema.IsDate(dateType))
            throw new ClvDataException(
                $"The date column has type {dateType}; it must be a Date, Date32, DateTime or DateTime64 (convert text dates in a query: clv ... --query \"SELECT ..., toDate(col) AS date ...\").",
                _source, column: _columns.DateColumn);
        if (ClickHouseSchema.IsNullable(dateType)) nullable.Add("day");
        if (_columns.AmountColumn is { } amountColumn)
        {
            string amountType = types[amountColumn];
            if (!ClickHouseSchema.IsNumeric(amountType))
                throw new ClvDataException(
                    $"The amount column has type {amountType}; it must be numeric (Int*, UInt*, Float32, Float64 or Decimal).",
                    _source, column: amountColumn);
            if (ClickHouseSchema.IsNullable(amountType)) nullable.Add("amount");
        }
        return nullable;
    }

    /// <summary>The smallest customer id among rows matching a fixed condition.</summary>
    private string? Example(string condition)
    {
        string? id = null;
        Read($"SELECT min(customer_id) FROM {_raw} WHERE {condition} AND ifNull(customer_id, '') != ''", 1, r => id = r.IsNull(0) ? null : r.GetString(0));
        return id;
    }

    /// <summary>The first row without a customer id, described by its date and amount.</summary>
    private string Describe()
    {
        string text = "?";
        string date = ClickHouseSql.QuoteIdentifier(_columns.DateColumn);
        string amount = _columns.AmountColumn is null ? "toFloat64(0)" : $"toFloat64({ClickHouseSql.QuoteIdentifier(_columns.AmountColumn)})";
        string customer = ClickHouseSql.QuoteIdentifier(_columns.CustomerColumn);
        Read($"SELECT toString(toDate({date})) AS d, {amount} AS a FROM {_relation} WHERE ifNull(toString({customer}), '') = '' ORDER BY d, a LIMIT 1", 2,
            r => text = string.Create(CultureInfo.InvariantCulture,
                $"the row dated {(r.IsNull(0) ? "NULL" : r.GetString(0))} with amount {(r.IsNull(1) ? "NULL" : r.GetDouble(1).ToString("R", CultureInfo.InvariantCulture))}"));
        return text;
    }

    private void Read(string sql, int fields, Action<ClickHouseRows> row)
    {
        using var rows = _connection.Query(sql, _source, fields);
        while (rows.Read()) row(rows);
    }

    private static string Count(long count, string text) => string.Create(CultureInfo.InvariantCulture, $"{count} {text}");
}
