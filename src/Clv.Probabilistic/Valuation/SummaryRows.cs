using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Valuation;

/// <summary>Sub-summaries of chosen rows (copies of the columns; the rows were validated with the original).</summary>
internal static class SummaryRows
{
    /// <summary>Rows start … start + length − 1.</summary>
    public static RfmSummary Range(RfmSummary summary, int start, int length) => summary.Range(start, length);

    /// <summary>The rows listed in <paramref name="rows"/>, in that order.</summary>
    public static RfmSummary Select(RfmSummary summary, ReadOnlySpan<int> rows) => summary.Select(rows);
}
