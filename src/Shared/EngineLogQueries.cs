using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Engines;

/// <summary>A row of an engine's answer, read by column position.</summary>
internal interface IEngineRow
{
    string GetString(int i);

    long GetInt64(int i);

    double GetDouble(int i);
}

/// <summary>
/// The <see cref="IEngineTransactionLog"/> answers every SQL engine gives the same way: the queries over the engine's
/// per-customer rows (one row per customer with whole-day counts and amount sums: <c>customer_id, repeat_days,
/// recency_days, age_days, first_amount, repeat_amount, holdout_days, holdout_amount</c>) and how their rows become
/// summaries (<see cref="EngineSummaryBuilder"/>, <see cref="EngineSpendRows"/>). Compiled into each engine package
/// (linked source); the engine supplies its dialect's per-customer SQL and runs the queries.
/// </summary>
/// <param name="sourceName">The engine and source, named in errors (for example <c>clickhouse table tx</c>).</param>
/// <param name="perCustomer">The engine's per-customer query (placeholders for the transactions and dates are the engine's).</param>
/// <param name="monetary">The SQL of a per-customer row's monetary value for the options, with the arithmetic of <see cref="RfmSummarizer"/>.</param>
/// <param name="count">The dialect's row count as a 64-bit integer.</param>
/// <param name="stream">
/// Validates the log and streams the rows of a query (with the engine's placeholders bound for the options and the
/// calibration end) through the callback; the number is the fields per row.
/// </param>
internal sealed class EngineLogQueries(string sourceName, string perCustomer, Func<SummaryOptions, string> monetary, string count,
    Action<SummaryOptions, DateOnly, string, int, Action<IEngineRow>> stream)
{
    /// <summary>As <see cref="IEngineTransactionLog.Summarize"/>.</summary>
    public RfmSummary Summarize(SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Customers(options, options.ObservationEnd).ToSummary(sourceName);
    }

    /// <summary>As <see cref="IEngineTransactionLog.SummarizeCalibrationHoldout"/>.</summary>
    public CalibrationHoldoutSummary SummarizeCalibrationHoldout(DateOnly calibrationEnd, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.CheckCalibrationEnd(calibrationEnd);
        return Customers(options, calibrationEnd).ToCalibrationHoldout(calibrationEnd, sourceName);
    }

    /// <summary>As <see cref="IEngineTransactionLog.PurchaseRows"/>: the per-customer rows grouped by (x, t_x, T) inside the engine.</summary>
    public RfmSummary PurchaseRows(SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new EngineSummaryBuilder(options);
        stream(options, options.ObservationEnd, $"""
            SELECT repeat_days, recency_days, age_days, {count}, sum({monetary(options)}) FROM ({perCustomer}) c
            GROUP BY repeat_days, recency_days, age_days ORDER BY repeat_days, recency_days, age_days
            """, 5, r => builder.AddRow(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetDouble(4)));
        return builder.ToSummary(sourceName);
    }

    /// <summary>As <see cref="IEngineTransactionLog.SpendRows"/>: the per-customer rows grouped by (x, z̄) inside the engine.</summary>
    public GammaGammaData SpendRows(SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rows = new EngineSpendRows();
        stream(options, options.ObservationEnd, $"""
            SELECT repeat_days, monetary, {count}
            FROM (SELECT repeat_days, {monetary(options)} AS monetary FROM ({perCustomer}) c) m
            GROUP BY repeat_days, monetary ORDER BY repeat_days, monetary
            """, 3, r => rows.Add(r.GetInt64(0), r.GetDouble(1), r.GetInt64(2)));
        return rows.ToData(sourceName);
    }

    /// <summary>One summary row per customer, in customer-id order.</summary>
    private EngineSummaryBuilder Customers(SummaryOptions options, DateOnly calibrationEnd)
    {
        var builder = new EngineSummaryBuilder(options);
        stream(options, calibrationEnd, $"""
            SELECT customer_id, repeat_days, recency_days, age_days, first_amount, repeat_amount, holdout_days, holdout_amount
            FROM ({perCustomer}) c ORDER BY customer_id
            """, 8, r => builder.Add(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetDouble(4),
            r.GetDouble(5), r.GetInt64(6), r.GetDouble(7)));
        return builder;
    }
}
