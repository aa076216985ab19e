using System.Data;
using System.Globalization;
using Clv.Probabilistic.Data;
using Npgsql;

namespace Clv.Probabilistic.PostgreSql;

/// <summary>
/// Checks a transaction relation before it is summarised: the columns exist and have usable types, and one scan counts
/// the rows with a missing id or date, a missing or non-finite amount, a negative amount, or a date after the end.
/// The first kind of problem found is reported with its count and an example customer (further queries run only to
/// describe an error).
/// </summary>
internal sealed class PostgreSqlLogValidator
{
    private static readonly string[] DateTypes = ["date", "timestamp without time zone", "timestamp with time zone"];
    private static readonly string[] AmountTypes = ["smallint", "integer", "bigint", "numeric", "real", "double precision"];

    private readonly NpgsqlConnection _connection;
    private readonly string _relation;
    private readonly PostgreSqlTransactionColumns _columns;
    private readonly string _source;

    public PostgreSqlLogValidator(NpgsqlConnection connection, string relation, PostgreSqlTransactionColumns columns, string source)
    {
        _connection = connection;
        _relation = relation;
        _columns = columns;
        _source = source;
        string customer = PostgreSqlSql.QuoteIdentifier(columns.CustomerColumn);
        string date = PostgreSqlSql.QuoteIdentifier(columns.DateColumn);
        string amount = columns.AmountColumn is null ? "CAST(0 AS double precision)"
            : $"CAST({PostgreSqlSql.QuoteIdentifier(columns.AmountColumn)} AS double precision)";
        Transactions = $"(SELECT CAST({customer} AS text) AS customer_id, CAST({date} AS date) AS day, {amount} AS amount FROM {relation})";
    }

    /// <summary>The derived table <c>(customer_id text, day date, amount double precision)</c> over the relation.</summary>
    public string Transactions { get; }

    public void Validate(DateOnly observationEnd, bool dropAfterEnd)
    {
        CheckColumns();
        long n = 0, missingId = 0, missingDate = 0, badAmount = 0, negative = 0, afterEnd = 0;
        Read($"""
            SELECT CAST(count(*) AS bigint),
                CAST(sum(CASE WHEN customer_id IS NULL OR customer_id = '' THEN 1 ELSE 0 END) AS bigint),
                CAST(sum(CASE WHEN day IS NULL THEN 1 ELSE 0 END) AS bigint),
                CAST(sum(CASE WHEN amount IS NULL OR {NonFinite} THEN 1 ELSE 0 END) AS bigint),
                CAST(sum(CASE WHEN amount < 0 THEN 1 ELSE 0 END) AS bigint),
                CAST(sum(CASE WHEN day > @end THEN 1 ELSE 0 END) AS bigint)
            FROM {Transactions} tx
            """, observationEnd, r =>
        {
            n = r.GetInt64(0);
            if (n == 0) return;
            missingId = r.GetInt64(1);
            missingDate = r.GetInt64(2);
            badAmount = r.GetInt64(3);
            negative = r.GetInt64(4);
            afterEnd = r.GetInt64(5);
        });
        if (n == 0) throw new ClvDataException("The transaction log contains no transactions.", _source);
        if (missingId > 0)
            throw new ClvDataException(Count(missingId, $"rows have no customer id (NULL or empty), for example {Describe("customer_id IS NULL OR customer_id = ''", observationEnd)}."),
                _source, column: _columns.CustomerColumn, count: missingId);
        if (missingDate > 0)
            throw new ClvDataException(Count(missingDate, "rows have no date (NULL)."), _source, column: _columns.DateColumn,
                customerId: Example("day IS NULL", observationEnd), count: missingDate);
        if (badAmount > 0)
            throw new ClvDataException(Count(badAmount, "rows have a missing (NULL) or non-finite (NaN, Infinity) amount."),
                _source, column: _columns.AmountColumn, customerId: Example($"amount IS NULL OR {NonFinite}", observationEnd), count: badAmount);
        if (negative > 0 && !_columns.AllowNegativeAmounts)
            throw new ClvDataException(Count(negative, "rows have a negative amount; negative amounts (returns) are accepted only when allowed explicitly (AllowNegativeAmounts)."),
                _source, column: _columns.AmountColumn, customerId: Example("amount < 0", observationEnd), count: negative);
        if (afterEnd > 0 && !dropAfterEnd) ThrowAfterEnd(observationEnd, n, afterEnd);
    }

    private const string NonFinite =
        "amount = CAST('NaN' AS double precision) OR amount = CAST('Infinity' AS double precision) OR amount = CAST('-Infinity' AS double precision)";

    private void ThrowAfterEnd(DateOnly end, long n, long afterEnd)
    {
        string endText = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string late = $"customer_id IN (SELECT customer_id FROM {Transactions} t2 GROUP BY customer_id HAVING min(day) > @end)";
        long lateCustomers = 0;
        Read($"SELECT CAST(count(DISTINCT customer_id) AS bigint) FROM {Transactions} tx WHERE {late}", end, r => lateCustomers = r.GetInt64(0));
        if (lateCustomers > 0)
            throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                $"The observation end {endText} is before the first purchase of {lateCustomers} customers. Choose a later observation end, or drop transactions after the end explicitly (DropTransactionsAfterEnd; clv summarize --drop-after-end)."),
                _source, customerId: Example(late, end), count: lateCustomers);
        throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
            $"{afterEnd} of {n} transactions are dated after the observation end {endText}. Choose a later observation end, or drop them explicitly (DropTransactionsAfterEnd; clv summarize --drop-after-end)."),
            _source, column: _columns.DateColumn, customerId: Example("day > @end", end), count: afterEnd);
    }

    /// <summary>The columns exist (names listed when one does not) and the date and amount columns have usable types.</summary>
    private void CheckColumns()
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        PostgreSqlErrors.Run(_source, () =>
        {
            using var command = new NpgsqlCommand($"SELECT * FROM {_relation} LIMIT 0", _connection);
            using var reader = command.ExecuteReader(CommandBehavior.SchemaOnly);
            for (int i = 0; i < reader.FieldCount; i++) types[reader.GetName(i)] = reader.GetDataTypeName(i);
        });
        foreach (var wanted in new[] { _columns.CustomerColumn, _columns.DateColumn, _columns.AmountColumn })
        {
            if (wanted is null || types.ContainsKey(wanted)) continue;
            throw new ClvDataException(
                $"There is no column '{wanted}'. Columns: {string.Join(", ", types.Keys.Select(x => $"'{x}'"))}.", _source, column: wanted);
        }
        string dateType = types[_columns.DateColumn];
        if (!DateTypes.Contains(dateType))
            throw new ClvDataException(
                $"The date column has type {dateType}; it must be a date, timestamp or timestamptz (cast text dates in a query: clv ... --query \"SELECT ..., to_date(col, 'YYYY-MM-DD') AS date ...\").",
                _source, column: _columns.DateColumn);
        if (_columns.AmountColumn is { } amountColumn)
        {
            string amountType = types[amountColumn];
            if (!IsNumeric(amountType))
                throw new ClvDataException(
                    $"The amount column has type {amountType}; it must be numeric (smallint, integer, bigint, numeric, real or double precision).",
                    _source, column: amountColumn);
        }
    }

    /// <summary>Whether a column of this type (as Npgsql names it) holds numbers.</summary>
    public static bool IsNumeric(string type) => AmountTypes.Any(t => type == t || type.StartsWith(t + "(", StringComparison.Ordinal));

    /// <summary>The smallest customer id among rows matching a fixed condition.</summary>
    private string? Example(string condition, DateOnly end)
    {
        string? id = null;
        Read($"SELECT min(customer_id) FROM {Transactions} tx WHERE {condition}", end, r => id = r.IsDBNull(0) ? null : r.GetString(0));
        return id;
    }

    /// <summary>One row matching a fixed condition, described by its date and amount (for rows without a customer id).</summary>
    private string Describe(string condition, DateOnly end)
    {
        string text = "?";
        Read($"SELECT CAST(day AS text), amount FROM {Transactions} tx WHERE {condition} ORDER BY day, amount LIMIT 1", end,
            r => text = string.Create(CultureInfo.InvariantCulture,
                $"the row dated {(r.IsDBNull(0) ? "NULL" : r.GetString(0))} with amount {(r.IsDBNull(1) ? "NULL" : r.GetDouble(1).ToString("R", CultureInfo.InvariantCulture))}"));
        return text;
    }

    private void Read(string sql, DateOnly end, Action<NpgsqlDataReader> row) => PostgreSqlErrors.Run(_source, () =>
    {
        using var command = new NpgsqlCommand(sql, _connection);
        command.CommandTimeout = 0;
        command.Parameters.AddWithValue("end", end);
        using var reader = command.ExecuteReader();
        while (reader.Read()) row(reader);
    });

    private static string Count(long count, string text) => string.Create(CultureInfo.InvariantCulture, $"{count} {text}");
}
