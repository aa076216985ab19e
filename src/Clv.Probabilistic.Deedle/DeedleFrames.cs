using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Interop;
using Deedle;

namespace Clv.Probabilistic.Deedle;

/// <summary>
/// Conversions between Deedle frames and Clv.Probabilistic summaries, transaction logs and prediction columns.
/// </summary>
/// <remarks>
/// Summary frames are indexed by customer id (row key) and have the columns <see cref="RfmSummaryCsv"/> writes:
/// <c>frequency</c>, <c>recency</c>, <c>T</c>, <c>monetary_value</c>, <c>weight</c>, plus <c>frequency_holdout</c>,
/// <c>monetary_value_holdout</c>, <c>duration_holdout</c> for a calibration/holdout summary. A frame carries no time unit,
/// so the caller names it when converting back. Deedle treats NaN as missing; a missing cell is an error naming the
/// column, row and customer, never a silent NaN.
/// </remarks>
public static class DeedleFrames
{
    private const string Source = "Deedle frame";

    /// <summary>The summary as a frame indexed by customer id (weight column included).</summary>
    public static Frame<string, string> ToFrame(this RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Build(summary.CustomerIds, SummaryColumns.Of(summary));
    }

    /// <summary>The calibration summary's columns then the holdout columns, indexed by customer id.</summary>
    public static Frame<string, string> ToFrame(this CalibrationHoldoutSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Build(summary.Calibration.CustomerIds, SummaryColumns.Of(summary.Calibration).Concat(SummaryColumns.HoldoutOf(summary)));
    }

    /// <summary>
    /// Prediction columns (for example expected purchases, probability alive, CLV), one value per customer, as a frame
    /// indexed by customer id with the columns in the given order.
    /// </summary>
    /// <exception cref="ArgumentException">A column's length differs from the number of customers.</exception>
    public static Frame<string, string> PredictionsToFrame(IReadOnlyList<string> customerIds, IEnumerable<KeyValuePair<string, double[]>> columns)
    {
        var list = columns?.ToList() ?? throw new ArgumentNullException(nameof(columns));
        SummaryColumns.CheckPredictionColumns(customerIds, list);
        return Build(customerIds, list.Select(c => (c.Key, c.Value)));
    }

    /// <summary>
    /// Reads a summary from a frame. Customer ids are the row keys (formatted in the invariant culture), or the values of
    /// <paramref name="customerIdColumn"/> when given. <c>frequency</c>, <c>recency</c> and <c>T</c> are required;
    /// <c>monetary_value</c> (0) and <c>weight</c> (1) are optional.
    /// </summary>
    /// <exception cref="ClvDataException">A column is missing, or a cell is missing or not a number.</exception>
    /// <exception cref="ArgumentException">A row breaks a summary invariant or a customer repeats (named in the message).</exception>
    public static RfmSummary ToRfmSummary<TRowKey>(this Frame<TRowKey, string> frame, TimeUnit timeUnit, string? customerIdColumn = null)
        where TRowKey : notnull
    {
        ArgumentNullException.ThrowIfNull(frame);
        var ids = CustomerIds(frame, customerIdColumn);
        return SummaryColumns.ToSummary(ids, name => DoubleColumn(frame, name, ids), timeUnit, Source);
    }

    /// <summary>Reads a calibration/holdout summary: as <see cref="ToRfmSummary{TRowKey}"/> plus the three holdout columns.</summary>
    /// <exception cref="ClvDataException">A column is missing, or a cell is missing or not a number.</exception>
    /// <exception cref="ArgumentException">A row is invalid (named in the message).</exception>
    public static CalibrationHoldoutSummary ToCalibrationHoldoutSummary<TRowKey>(this Frame<TRowKey, string> frame, TimeUnit timeUnit,
        string? customerIdColumn = null) where TRowKey : notnull
    {
        ArgumentNullException.ThrowIfNull(frame);
        var ids = CustomerIds(frame, customerIdColumn);
        return SummaryColumns.ToCalibrationHoldout(ids, name => DoubleColumn(frame, name, ids), timeUnit, Source);
    }

    /// <summary>
    /// Reads a transaction log from a frame with one row per transaction. The customer column may hold any values
    /// (formatted in the invariant culture); the date column <see cref="DateOnly"/>, <see cref="DateTime"/>,
    /// <see cref="DateTimeOffset"/> (the date part is kept) or ISO <c>yyyy-MM-dd</c> text; the amount column numbers.
    /// </summary>
    /// <param name="frame">The transactions.</param>
    /// <param name="customerColumn">Customer id column.</param>
    /// <param name="dateColumn">Date column.</param>
    /// <param name="amountColumn">Amount column, or null for none (amounts 0).</param>
    /// <param name="allowNegativeAmounts">Accept negative amounts (returns).</param>
    /// <exception cref="ClvDataException">A column is missing, or a cell is missing or of the wrong kind (column, row and customer named).</exception>
    public static TransactionLog ToTransactionLog<TRowKey>(this Frame<TRowKey, string> frame, string customerColumn = "customer_id",
        string dateColumn = "date", string? amountColumn = "amount", bool allowNegativeAmounts = false) where TRowKey : notnull
    {
        ArgumentNullException.ThrowIfNull(frame);
        var ids = TextColumn(frame, customerColumn);
        var dateCells = ObjectColumn(frame, dateColumn);
        var dates = new DateOnly[ids.Length];
        for (int i = 0; i < dates.Length; i++)
        {
            var cell = dateCells.TryGetAt(i);
            if (!cell.HasValue) throw SummaryColumns.Missing(Source, dateColumn, i, ids[i]);
            dates[i] = SummaryColumns.ToDate(cell.Value, Source, dateColumn, i, ids[i]);
        }
        var amounts = amountColumn is null ? new double[ids.Length] : DoubleColumn(frame, amountColumn, ids)
            ?? throw new ClvDataException($"The frame has no column '{amountColumn}'.", Source, column: amountColumn);
        return TransactionLog.FromArrays(ids, dates, amounts, allowNegativeAmounts);
    }

    private static Frame<string, string> Build(IReadOnlyList<string> customerIds, IEnumerable<(string Name, double[] Values)> columns)
    {
        var keys = new List<string>();
        var series = new List<ISeries<string>>();
        foreach (var (name, values) in columns)
        {
            keys.Add(name);
            series.Add(new Series<string, double>(customerIds, values));
        }
        return new Frame<string, string>(keys, series);
    }

    private static string[] CustomerIds<TRowKey>(Frame<TRowKey, string> frame, string? customerIdColumn) where TRowKey : notnull =>
        customerIdColumn is null
            ? frame.RowKeys.Select(k => Convert.ToString(k, CultureInfo.InvariantCulture) ?? "").ToArray()
            : TextColumn(frame, customerIdColumn);

    private static Series<TRowKey, object> ObjectColumn<TRowKey>(Frame<TRowKey, string> frame, string name) where TRowKey : notnull
    {
        var column = frame.TryGetColumn<object>(name, Lookup.Exact);
        return column.HasValue ? column.Value
            : throw new ClvDataException($"The frame has no column '{name}'; it has {string.Join(", ", frame.ColumnKeys.Select(k => $"'{k}'"))}.", Source, column: name);
    }

    private static string[] TextColumn<TRowKey>(Frame<TRowKey, string> frame, string name) where TRowKey : notnull
    {
        var column = ObjectColumn(frame, name);
        var values = new string[frame.RowCount];
        for (int i = 0; i < values.Length; i++)
        {
            var cell = column.TryGetAt(i);
            if (!cell.HasValue) throw SummaryColumns.Missing(Source, name, i, null);
            values[i] = Convert.ToString(cell.Value, CultureInfo.InvariantCulture) ?? "";
        }
        return values;
    }

    /// <summary>The column as doubles, or null when the frame has no such column.</summary>
    private static double[]? DoubleColumn<TRowKey>(Frame<TRowKey, string> frame, string name, string[] ids) where TRowKey : notnull
    {
        var present = frame.TryGetColumn<object>(name, Lookup.Exact);
        if (!present.HasValue) return null;
        var column = present.Value;
        var values = new double[frame.RowCount];
        for (int i = 0; i < values.Length; i++)
        {
            var cell = column.TryGetAt(i);
            if (!cell.HasValue) throw SummaryColumns.Missing(Source, name, i, ids[i]);
            values[i] = SummaryColumns.ToDouble(cell.Value, Source, name, i, ids[i]);
        }
        return values;
    }
}
