using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Interop;
using Microsoft.Data.Analysis;

namespace Clv.Probabilistic.DataFrames;

/// <summary>
/// Conversions between <c>Microsoft.Data.Analysis</c> data frames and Clv.Probabilistic summaries, transaction logs
/// and prediction columns.
/// </summary>
/// <remarks>
/// Summary frames have a <c>customer_id</c> text column then the columns <see cref="RfmSummaryCsv"/> writes:
/// <c>frequency</c>, <c>recency</c>, <c>T</c>, <c>monetary_value</c>, <c>weight</c>, plus <c>frequency_holdout</c>,
/// <c>monetary_value_holdout</c>, <c>duration_holdout</c> for a calibration/holdout summary. A frame carries no time
/// unit, so the caller names it when converting back. A null cell is an error naming the column, row and customer.
/// </remarks>
public static class DataFrameConversions
{
    private const string Source = "DataFrame";

    /// <summary>The summary as a data frame (customer id column first, weight column included).</summary>
    public static DataFrame ToDataFrame(this RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Build(summary.CustomerIds, SummaryColumns.Of(summary));
    }

    /// <summary>The calibration summary's columns then the holdout columns.</summary>
    public static DataFrame ToDataFrame(this CalibrationHoldoutSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Build(summary.Calibration.CustomerIds, SummaryColumns.Of(summary.Calibration).Concat(SummaryColumns.HoldoutOf(summary)));
    }

    /// <summary>Prediction columns, one value per customer, after a <c>customer_id</c> column, in the given order.</summary>
    /// <exception cref="ArgumentException">A column's length differs from the number of customers.</exception>
    public static DataFrame PredictionsToDataFrame(IReadOnlyList<string> customerIds, IEnumerable<KeyValuePair<string, double[]>> columns)
    {
        var list = columns?.ToList() ?? throw new ArgumentNullException(nameof(columns));
        SummaryColumns.CheckPredictionColumns(customerIds, list);
        return Build(customerIds, list.Select(c => (c.Key, c.Value)));
    }

    /// <summary>
    /// Reads a summary: ids from <paramref name="customerIdColumn"/>; <c>frequency</c>, <c>recency</c>, <c>T</c>
    /// required; <c>monetary_value</c> (0) and <c>weight</c> (1) optional. Numeric columns of any primitive type are accepted.
    /// </summary>
    /// <exception cref="ClvDataException">A column is missing, or a cell is null or not a number.</exception>
    /// <exception cref="ArgumentException">A row breaks a summary invariant or a customer repeats (named in the message).</exception>
    public static RfmSummary ToRfmSummary(this DataFrame frame, TimeUnit timeUnit, string customerIdColumn = SummaryColumns.CustomerId)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var ids = TextColumn(frame, customerIdColumn);
        return SummaryColumns.ToSummary(ids, name => DoubleColumn(frame, name, ids), timeUnit, Source);
    }

    /// <summary>Reads a calibration/holdout summary: as <see cref="ToRfmSummary"/> plus the three holdout columns.</summary>
    /// <exception cref="ClvDataException">A column is missing, or a cell is null or not a number.</exception>
    /// <exception cref="ArgumentException">A row is invalid (named in the message).</exception>
    public static CalibrationHoldoutSummary ToCalibrationHoldoutSummary(this DataFrame frame, TimeUnit timeUnit,
        string customerIdColumn = SummaryColumns.CustomerId)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var ids = TextColumn(frame, customerIdColumn);
        return SummaryColumns.ToCalibrationHoldout(ids, name => DoubleColumn(frame, name, ids), timeUnit, Source);
    }

    /// <summary>
    /// Reads a transaction log from a frame with one row per transaction: customer ids of any type (formatted in the
    /// invariant culture), dates as <see cref="DateTime"/>, <see cref="DateOnly"/> or ISO <c>yyyy-MM-dd</c> text, amounts as numbers.
    /// </summary>
    /// <exception cref="ClvDataException">A column is missing, or a cell is null or of the wrong kind (column, row and customer named).</exception>
    public static TransactionLog ToTransactionLog(this DataFrame frame, string customerColumn = "customer_id", string dateColumn = "date",
        string? amountColumn = "amount", bool allowNegativeAmounts = false)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var ids = TextColumn(frame, customerColumn);
        var dateCells = Column(frame, dateColumn);
        var dates = new DateOnly[ids.Length];
        for (int i = 0; i < dates.Length; i++)
        {
            dates[i] = SummaryColumns.ToDate(dateCells[i] ?? throw SummaryColumns.Missing(Source, dateColumn, i, ids[i]), Source, dateColumn, i, ids[i]);
        }
        var amounts = amountColumn is null ? new double[ids.Length] : DoubleColumn(frame, amountColumn, ids)
            ?? throw new ClvDataException($"The frame has no column '{amountColumn}'.", Source, column: amountColumn);
        return TransactionLog.FromArrays(ids, dates, amounts, allowNegativeAmounts);
    }

    private static DataFrame Build(IReadOnlyList<string> customerIds, IEnumerable<(string Name, double[] Values)> columns)
    {
        var list = new List<DataFrameColumn> { new StringDataFrameColumn(SummaryColumns.CustomerId, customerIds) };
        foreach (var (name, values) in columns) list.Add(new DoubleDataFrameColumn(name, values));
        return new DataFrame(list);
    }

    private static DataFrameColumn Column(DataFrame frame, string name)
    {
        int index = frame.Columns.IndexOf(name);
        return index >= 0 ? frame.Columns[index]
            : throw new ClvDataException($"The frame has no column '{name}'; it has {string.Join(", ", frame.Columns.Select(c => $"'{c.Name}'"))}.",
                Source, column: name);
    }

    private static string[] TextColumn(DataFrame frame, string name)
    {
        var column = Column(frame, name);
        var values = new string[checked((int)column.Length)];
        for (int i = 0; i < values.Length; i++)
            values[i] = Convert.ToString(column[i] ?? throw SummaryColumns.Missing(Source, name, i, null), CultureInfo.InvariantCulture) ?? "";
        return values;
    }

    /// <summary>The column as doubles, or null when the frame has no such column.</summary>
    private static double[]? DoubleColumn(DataFrame frame, string name, string[] ids)
    {
        if (frame.Columns.IndexOf(name) < 0) return null;
        var column = frame.Columns[name];
        var values = new double[checked((int)column.Length)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = SummaryColumns.ToDouble(column[i] ?? throw SummaryColumns.Missing(Source, name, i, ids[i]), Source, name, i, ids[i]);
        }
        return values;
    }
}
