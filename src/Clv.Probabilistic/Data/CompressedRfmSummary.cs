using System.Globalization;

namespace Clv.Probabilistic.Data;

/// <summary>
/// A summary whose identical rows are merged into weighted rows, with the map from each original customer to its row.
/// Likelihoods and predictions computed once per row are exact for every customer of the row.
/// </summary>
/// <remarks>
/// Made by <see cref="RfmSummary.Compress"/>. Each merged row's weight is the sum of its customers' weights, and its id is
/// <c>group-k</c> (k = 1, 2, ... in order of first appearance). When the rows were not grouped by monetary value, a
/// merged row's monetary value is the weighted mean of its customers' values, which is fine for purchase models (they
/// ignore it) but not for spend models: compress with <c>byMonetaryValue: true</c> before fitting those.
/// </remarks>
public sealed class CompressedRfmSummary
{
    private readonly int[] _rowOfCustomer;

    private CompressedRfmSummary(RfmSummary rows, int[] rowOfCustomer)
    {
        Rows = rows;
        _rowOfCustomer = rowOfCustomer;
    }

    /// <summary>The distinct rows, weighted by how many customers each stands for.</summary>
    public RfmSummary Rows { get; }

    /// <summary>Number of customers in the original summary.</summary>
    public int CustomerCount => _rowOfCustomer.Length;

    /// <summary>For each original customer (in the original order), the index of its row in <see cref="Rows"/>.</summary>
    public ReadOnlySpan<int> RowOfCustomer => _rowOfCustomer;

    /// <summary>Copies per-row values to every customer of the row, in the original customer order.</summary>
    /// <exception cref="ArgumentException">The spans' lengths do not match the rows and customers.</exception>
    public void Expand(ReadOnlySpan<double> perRow, Span<double> perCustomer)
    {
        if (perRow.Length != Rows.Count || perCustomer.Length != _rowOfCustomer.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Expected {Rows.Count} row values and room for {_rowOfCustomer.Length} customer values; got {perRow.Length} and {perCustomer.Length}."));
        for (int i = 0; i < _rowOfCustomer.Length; i++) perCustomer[i] = perRow[_rowOfCustomer[i]];
    }

    /// <summary>Per-row values expanded to a new array with one value per original customer.</summary>
    public double[] Expand(ReadOnlySpan<double> perRow)
    {
        var perCustomer = new double[_rowOfCustomer.Length];
        Expand(perRow, perCustomer);
        return perCustomer;
    }

    internal static CompressedRfmSummary Create(RfmSummary summary, bool byMonetaryValue)
    {
        int n = summary.Count;
        var rowOf = new Dictionary<(double X, double Tx, double T, double M), int>();
        var rowOfCustomer = new int[n];
        var x = new List<double>();
        var tx = new List<double>();
        var t = new List<double>();
        var weightedMonetary = new List<double>();
        var weight = new List<double>();
        var frequency = summary.Frequency;
        var recency = summary.Recency;
        var age = summary.T;
        var monetary = summary.MonetaryValue;
        var weights = summary.Weights;
        for (int i = 0; i < n; i++)
        {
            var key = (frequency[i], recency[i], age[i], byMonetaryValue ? monetary[i] : 0.0);
            if (!rowOf.TryGetValue(key, out int row))
            {
                row = x.Count;
                rowOf.Add(key, row);
                x.Add(frequency[i]);
                tx.Add(recency[i]);
                t.Add(age[i]);
                weightedMonetary.Add(0);
                weight.Add(0);
            }
            rowOfCustomer[i] = row;
            weightedMonetary[row] += weights[i] * monetary[i];
            weight[row] += weights[i];
        }
        var ids = new string[x.Count];
        var meanMonetary = new double[x.Count];
        for (int row = 0; row < ids.Length; row++)
        {
            ids[row] = string.Create(CultureInfo.InvariantCulture, $"group-{row + 1}");
            meanMonetary[row] = weightedMonetary[row] / weight[row];
        }
        if (byMonetaryValue)
            for (int i = 0; i < n; i++) meanMonetary[rowOfCustomer[i]] = monetary[i]; // exact, not a mean that may round
        var rows = new RfmSummary(ids, x.ToArray(), tx.ToArray(), t.ToArray(), meanMonetary, weight.ToArray(), summary.TimeUnit, validate: false);
        return new CompressedRfmSummary(rows, rowOfCustomer);
    }
}
