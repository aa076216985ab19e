using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Data;

/// <summary>
/// A transaction log that lives in a database engine (DuckDB, PostgreSQL, ...): the per-customer work runs inside the
/// engine, and only summaries, or the distinct rows a fit needs, come back.
/// </summary>
/// <remarks>
/// Every implementation gives what <see cref="RfmSummarizer"/> gives on the same transactions (Fader, Hardie &amp; Lee
/// (2005), "Counting Your Customers the Easy Way", section 2): same-day purchases merged, frequency, recency and T from
/// whole day differences divided by the time unit in .NET (so they are bit-for-bit the in-process values), monetary value
/// as the in-process mean up to the order of floating-point additions (≤ 1e-12 relative). Row order is the engine's.
/// </remarks>
public interface IEngineTransactionLog
{
    /// <summary>The engine's name as the command line spells it (for example <c>duckdb</c>, <c>postgres</c>).</summary>
    string Engine { get; }

    /// <summary>The table, file or "query" the log is read from, used in error messages.</summary>
    string Name { get; }

    /// <summary>One row per customer, up to the observation end (as <see cref="RfmSummarizer.Summarize"/>).</summary>
    /// <exception cref="ClvDataException">A column is missing or has the wrong type, a value is missing or invalid, transactions lie after the end, or no customer remains (the message names the engine, source, column and a customer).</exception>
    RfmSummary Summarize(SummaryOptions options);

    /// <summary>The calibration/holdout split (as <see cref="RfmSummarizer.SummarizeCalibrationHoldout"/>).</summary>
    /// <exception cref="ArgumentException">The calibration end is not before the observation end.</exception>
    /// <exception cref="ClvDataException">As <see cref="Summarize"/>.</exception>
    CalibrationHoldoutSummary SummarizeCalibrationHoldout(DateOnly calibrationEnd, SummaryOptions options);

    /// <summary>
    /// The distinct (x, t_x, T) rows of <see cref="Summarize"/>, grouped inside the engine, each weighted by its number of
    /// customers; a row's monetary value is the mean of its customers' values and its id is <c>row-k</c>.
    /// What a purchase model's fit needs, in memory proportional to the distinct rows, not to the customers.
    /// </summary>
    /// <exception cref="ClvDataException">As <see cref="Summarize"/>.</exception>
    RfmSummary PurchaseRows(SummaryOptions options);

    /// <summary>
    /// The distinct (x, monetary value) pairs of the customers with x ≥ 1, grouped inside the engine, each weighted by its
    /// number of customers (customers with x = 0 counted as excluded): what the Gamma-Gamma fit needs.
    /// </summary>
    /// <exception cref="ClvDataException">As <see cref="Summarize"/>.</exception>
    GammaGammaData SpendRows(SummaryOptions options);
}
