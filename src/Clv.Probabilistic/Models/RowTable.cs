using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models;

/// <summary>
/// Open-addressing hash table of distinct (x, t_x, T) rows with summed weights, in order of first appearance (weights of
/// a row summed in the order its customers come): how BG/NBD and MBG/NBD merge identical rows.
/// </summary>
internal sealed class RowTable
{
    private readonly int[] _slots;
    private readonly int _mask;

    private readonly bool _merge;

    public RowTable(int capacity, bool merge)
    {
        _merge = merge;
        int size = 16;
        while (merge && size < 2 * capacity) size <<= 1;
        _slots = new int[merge ? size : 0];
        Array.Fill(_slots, -1);
        _mask = size - 1;
        X = new double[capacity];
        Recency = new double[capacity];
        T = new double[capacity];
        Weight = new double[capacity];
    }

    public double[] X { get; }
    public double[] Recency { get; }
    public double[] T { get; }
    public double[] Weight { get; }
    public int Count { get; private set; }

    /// <summary>Rows added, merged or not.</summary>
    public int Rows { get; private set; }

    public void Add(double x, double recency, double t, double weight)
    {
        Rows++;
        if (!_merge)
        {
            Append(x, recency, t, weight);
            return;
        }
        // + 0.0 maps −0 to +0 so that equal values have equal bits.
        x += 0.0;
        recency += 0.0;
        t += 0.0;
        ulong h = (ulong)BitConverter.DoubleToInt64Bits(x) * 0x9E3779B97F4A7C15UL;
        h = (h ^ (ulong)BitConverter.DoubleToInt64Bits(recency)) * 0xC2B2AE3D27D4EB4FUL;
        h = (h ^ (ulong)BitConverter.DoubleToInt64Bits(t)) * 0x165667B19E3779F9UL;
        int slot = (int)(h >> 40) & _mask;
        while (true)
        {
            int row = _slots[slot];
            if (row < 0)
            {
                _slots[slot] = Count;
                Append(x, recency, t, weight);
                return;
            }
            if (X[row] == x && Recency[row] == recency && T[row] == t)
            {
                Weight[row] += weight;
                return;
            }
            slot = (slot + 1) & _mask;
        }
    }

    private void Append(double x, double recency, double t, double weight)
    {
        X[Count] = x;
        Recency[Count] = recency;
        T[Count] = t;
        Weight[Count] = weight;
        Count++;
    }

    /// <summary>
    /// Whether merging the rows with x ≠ 0 pays: a large summary whose first 8,192 such rows are more than 80%
    /// distinct is left unmerged, since probing a table the size of the data costs more than the rows it would save.
    /// </summary>
    public static bool WorthMerging(ReadOnlySpan<double> fx, ReadOnlySpan<double> ftx, ReadOnlySpan<double> ft, int rows)
    {
        const int Sample = 8192;
        if (rows <= 8 * Sample) return true;
        var probe = new RowTable(Sample, merge: true);
        for (int i = 0; i < fx.Length && probe.Rows < Sample; i++)
            if (fx[i] != 0) probe.Add(fx[i], ftx[i], ft[i], 1);
        return probe.Count <= 0.8 * Sample;
    }

    /// <summary>
    /// The customers of <paramref name="summary"/> without repeat purchases (merged by T) and with them (merged where
    /// <see cref="WorthMerging"/>), and the total weight.
    /// </summary>
    /// <exception cref="ArgumentException">A frequency exceeds 2^31 − 1, or a repeat purchase has t_x = 0 (the likelihood of <paramref name="model"/> is unbounded there).</exception>
    public static (RowTable Zeros, RowTable Repeats, double TotalWeight) Split(RfmSummary summary, string model)
    {
        ReadOnlySpan<double> fx = summary.Frequency, ftx = summary.Recency, ft = summary.T, fw = summary.Weights;
        int repeatRows = 0;
        double total = 0;
        for (int i = 0; i < fx.Length; i++)
        {
            total += fw[i];
            if (fx[i] == 0) continue;
            repeatRows++;
            if (fx[i] > int.MaxValue)
                throw new ArgumentException($"Customer '{summary.CustomerIds[i]}' (row {i}): frequency {fx[i]} is too large.", nameof(summary));
            if (RfmSummary.RepeatWithoutRecency(fx[i], ftx[i]) is { } repeat)
                throw new ArgumentException($"{summary.Where(i)}: {repeat} The {model} likelihood is unbounded there (α → 0).", nameof(summary));
        }
        var zeros = new RowTable(fx.Length - repeatRows, merge: true);
        var repeats = new RowTable(repeatRows, merge: WorthMerging(fx, ftx, ft, repeatRows));
        for (int i = 0; i < fx.Length; i++)
        {
            if (fx[i] == 0) zeros.Add(0, 0, ft[i], fw[i]);
            else repeats.Add(fx[i], ftx[i], ft[i], fw[i]);
        }
        return (zeros, repeats, total);
    }
}
