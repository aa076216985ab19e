using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Valuation;

/// <summary>Sub-summaries of chosen rows (copies of the columns; the rows were validated with the original).</summary>
internal static class SummaryRows
{
    /// <summary>Rows start … start + length − 1.</summary>
    public static RfmSummary Range(RfmSummary summary, int start, int length) => summary.Range(start, length);

    /// <summary>The rows listed in <paramref name="rows"/>, in that order.</summary>
    public static RfmSummary Select(RfmSummary summary, ReadOnlySpan<int> rows)
    {
        int m = rows.Length;
        var ids = new string[m];
        double[] x = new double[m], tx = new double[m], t = new double[m], z = new double[m], w = new double[m];
        ReadOnlySpan<double> sx = summary.Frequency, stx = summary.Recency, st = summary.T, sz = summary.MonetaryValue, sw = summary.Weights;
        for (int k = 0; k < m; k++)
        {
            int i = rows[k];
            ids[k] = summary.CustomerIds[i];
            x[k] = sx[i];
            tx[k] = stx[i];
            t[k] = st[i];
            z[k] = sz[i];
            w[k] = sw[i];
        }
        return new RfmSummary(ids, x, tx, t, z, w, summary.TimeUnit, validate: false);
    }
}
