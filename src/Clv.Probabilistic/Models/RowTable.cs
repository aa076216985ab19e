using System.Runtime.CompilerServices;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models;

/// <summary>
/// Open-addressing hash table of distinct (x, t_x, T) rows with summed weights, in order of first appearance (weights of
/// a row summed in the order its customers come): how BG/NBD and MBG/NBD merge identical rows.
/// </summary>
internal sealed class RowTable
{
    private readonly int _capacity;
    private readonly bool _merge;
    private int[] _slots;
    private int _mask;

    /// <summary>A table of at most <paramref name="capacity"/> rows, made for <paramref name="expected"/> at first and grown as rows come.</summary>
    public RowTable(int capacity, bool merge, int? expected = null)
    {
        _capacity = capacity;
        _merge = merge;
        int size = Math.Max(0, Math.Min(capacity, expected ?? capacity));
        _slots = merge ? new int[SlotsFor(size)] : [];
        _mask = _slots.Length - 1;
        X = new double[size];
        Recency = new double[size];
        T = new double[size];
        Weight = new double[size];
    }

    /// <summary>Slots for <paramref name="rows"/> rows: a power of two at least twice as many (at least 16).</summary>
    private static int SlotsFor(int rows)
    {
        int size = 16;
        while (size < 2 * rows) size <<= 1;
        return size;
    }

    public double[] X { get; private set; }
    public double[] Recency { get; private set; }
    public double[] T { get; private set; }
    public double[] Weight { get; private set; }
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
        int slot = Slot(x, recency, t);
        while (true)
        {
            int row = _slots[slot] - 1;
            if (row < 0)
            {
                _slots[slot] = Count + 1;
                Append(x, recency, t, weight);
                if (2 * Count > _slots.Length) Rehash();
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

    private int Slot(double x, double recency, double t)
    {
        ulong h = (ulong)BitConverter.DoubleToInt64Bits(x) * 0x9E3779B97F4A7C15UL;
        h = (h ^ (ulong)BitConverter.DoubleToInt64Bits(recency)) * 0xC2B2AE3D27D4EB4FUL;
        h = (h ^ (ulong)BitConverter.DoubleToInt64Bits(t)) * 0x165667B19E3779F9UL;
        return (int)(h >> 40) & _mask;
    }

    private void Append(double x, double recency, double t, double weight)
    {
        if (Count == X.Length) Grow();
        X[Count] = x;
        Recency[Count] = recency;
        T[Count] = t;
        Weight[Count] = weight;
        Count++;
    }

    private void Grow()
    {
        int size = (int)Math.Min(_capacity, Math.Max(16L, 2L * X.Length));
        if (size <= X.Length) throw new InvalidOperationException("More rows than the table's capacity.");
        X = Resized(X, size);
        Recency = Resized(Recency, size);
        T = Resized(T, size);
        Weight = Resized(Weight, size);
    }

    private static double[] Resized(double[] array, int size)
    {
        var resized = new double[size];
        array.CopyTo(resized, 0);
        return resized;
    }

    /// <summary>Doubles the slots and puts the rows back in them (each row is distinct, so no comparisons).</summary>
    private void Rehash()
    {
        _slots = new int[2 * _slots.Length];
        _mask = _slots.Length - 1;
        for (int row = 0; row < Count; row++)
        {
            int slot = Slot(X[row], Recency[row], T[row]);
            while (_slots[slot] != 0) slot = (slot + 1) & _mask;
            _slots[slot] = row + 1;
        }
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
        var (repeatRows, total) = Check(summary, model);
        var (zeros, repeats) = Split(summary, repeatRows,
            WorthMerging(summary.Frequency, summary.Recency, summary.T, repeatRows));
        return (zeros, repeats, total);
    }

    /// <summary>The number of customers with repeat purchases and the total weight, checking every row.</summary>
    /// <exception cref="ArgumentException">A frequency exceeds 2^31 − 1, or a repeat purchase has t_x = 0 (the likelihood of <paramref name="model"/> is unbounded there).</exception>
    public static (int RepeatRows, double TotalWeight) Check(RfmSummary summary, string model)
    {
        bool unit = summary.HasUnitWeights;
        ReadOnlySpan<double> fx = summary.Frequency, ftx = summary.Recency, fw = summary.StoredWeights;
        int repeatRows = 0;
        double total = unit ? fx.Length : 0;
        for (int i = 0; i < fx.Length; i++)
        {
            if (!unit) total += fw[i];
            if (fx[i] == 0) continue;
            repeatRows++;
            CheckRepeat(summary, i, fx[i], ftx[i], model);
        }
        return (repeatRows, total);
    }

    /// <summary>Checks row <paramref name="i"/> of <paramref name="summary"/>, a customer with repeat purchases: <paramref name="x"/> and <paramref name="recency"/> are its values.</summary>
    /// <exception cref="ArgumentException">Its frequency exceeds 2^31 − 1, or its t_x = 0 (the likelihood of <paramref name="model"/> is unbounded there).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckRepeat(RfmSummary summary, int i, double x, double recency, string model)
    {
        if (x > int.MaxValue || RfmSummary.RepeatWithoutRecency(x, recency) is not null) ThrowBadRepeat(summary, i, model);
    }

    private static void ThrowBadRepeat(RfmSummary summary, int i, string model)
    {
        double x = summary.Frequency[i];
        if (x > int.MaxValue)
            throw new ArgumentException($"Customer '{summary.CustomerIds[i]}' (row {i}): frequency {x} is too large.", nameof(summary));
        throw new ArgumentException($"{summary.Where(i)}: {RfmSummary.RepeatWithoutRecency(x, summary.Recency[i])} The {model} likelihood is unbounded there (α → 0).", nameof(summary));
    }

    /// <summary>The rows of a checked summary (<see cref="Check"/>) without and with repeat purchases, the latter merged if <paramref name="merge"/>.</summary>
    public static (RowTable Zeros, RowTable Repeats) Split(RfmSummary summary, int repeatRows, bool merge)
    {
        bool unit = summary.HasUnitWeights;
        ReadOnlySpan<double> fx = summary.Frequency, ftx = summary.Recency, ft = summary.T, fw = summary.StoredWeights;
        // Customers without repeat purchases merge by T alone: few distinct rows, so the table starts small and grows.
        var zeros = new RowTable(fx.Length - repeatRows, merge: true, expected: 1 << 12);
        var repeats = new RowTable(repeatRows, merge);
        for (int i = 0; i < fx.Length; i++)
        {
            double w = unit ? 1.0 : fw[i];
            if (fx[i] == 0) zeros.Add(0, 0, ft[i], w);
            else repeats.Add(fx[i], ftx[i], ft[i], w);
        }
        return (zeros, repeats);
    }
}
