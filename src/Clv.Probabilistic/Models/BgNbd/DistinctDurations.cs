using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// Numbers the distinct values of a duration column in order of first occurrence: whole values below 2^16 through a
/// table indexed by the value, others through a dictionary. −0 counts as +0. Looking up values already numbered is
/// safe from several threads at once.
/// </summary>
internal sealed class DistinctDurations
{
    private const int DirectLimit = 1 << 16;
    private readonly int[] _direct = new int[DirectLimit];
    private readonly List<double> _values = [];
    private Dictionary<double, int>? _others;

    /// <summary>Number of distinct values so far.</summary>
    public int Count => _values.Count;

    /// <summary>The distinct values, in order of first occurrence.</summary>
    public double[] Values() => [.. _values];

    /// <summary>The index of <paramref name="value"/>, numbering it if it is new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(double value)
    {
        int whole = (int)value;
        if (whole == value && (uint)whole < DirectLimit)
        {
            int slot = _direct[whole];
            if (slot != 0) return slot - 1;
        }
        return Add(value);
    }

    /// <summary>The index of a value not in the direct table yet, or not a whole number below 2^16.</summary>
    private int Add(double value)
    {
        double v = value + 0.0;
        int whole = (int)v;
        if (whole == v && (uint)whole < DirectLimit)
        {
            _values.Add(v);
            return (_direct[whole] = _values.Count) - 1;
        }
        _others ??= [];
        ref int k = ref CollectionsMarshal.GetValueRefOrAddDefault(_others, v, out bool found);
        if (!found)
        {
            _values.Add(v);
            k = _values.Count - 1;
        }
        return k;
    }
}
