using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.DuckDb;

/// <summary>A transaction log that DuckDB reads (a file, table or query), summarised inside DuckDB.</summary>
/// <remarks>The DuckDB implementation of <see cref="IEngineTransactionLog"/>; see <see cref="DuckDbRfmSummarizer"/> for the SQL and guarantees.</remarks>
/// <param name="summarizer">The DuckDB connection's summariser (not disposed by this object).</param>
/// <param name="source">Where the transactions are.</param>
public sealed class DuckDbTransactionLog(DuckDbRfmSummarizer summarizer, DuckDbTransactionSource source) : IEngineTransactionLog
{
    private readonly DuckDbRfmSummarizer _summarizer = summarizer ?? throw new ArgumentNullException(nameof(summarizer));

    /// <summary>The source read.</summary>
    public DuckDbTransactionSource Source { get; } = source ?? throw new ArgumentNullException(nameof(source));

    /// <inheritdoc />
    public string Engine => "duckdb";

    /// <inheritdoc />
    public string Name => Source.Name;

    /// <inheritdoc />
    public RfmSummary Summarize(SummaryOptions options) => _summarizer.Summarize(Source, options);

    /// <inheritdoc />
    public CalibrationHoldoutSummary SummarizeCalibrationHoldout(DateOnly calibrationEnd, SummaryOptions options) =>
        _summarizer.SummarizeCalibrationHoldout(Source, calibrationEnd, options);

    /// <inheritdoc />
    public RfmSummary PurchaseRows(SummaryOptions options) => _summarizer.PurchaseRows(Source, options);

    /// <inheritdoc />
    public GammaGammaData SpendRows(SummaryOptions options) => _summarizer.SpendRows(Source, options);

    /// <summary>Writes the summary into a new table of the same database (see <see cref="DuckDbRfmSummarizer.WriteSummaryTable"/>).</summary>
    /// <exception cref="ClvDataException">As <see cref="Summarize"/>, or the target exists.</exception>
    public long WriteSummaryTable(IReadOnlyList<string> target, SummaryOptions options) => _summarizer.WriteSummaryTable(Source, target, options);
}
