using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// Sums over the repeat-purchase rows (x ≥ 1) of the BG/NBD log-likelihood at one parameter point: the part
/// A₁ + ln(1 + e^{A₂−A₁}) of Hardie's note 027 and the row parts of its gradient (see <see cref="BgNbdLogLikelihood"/>).
/// </summary>
/// <remarks>
/// Rows come ordered by x (<see cref="RowRuns.GroupStart"/>), so s = r + x, ln a − ln(b+x−1) and 1/(b+x−1) are
/// constants along a run. With d = A₂ − A₁ and e = e^{−|d|} ∈ (0, 1], ln(e^{A₁} + e^{A₂}) = A₁ + max(d, 0) + ln(1 + e);
/// for rows of weight 1 the ln(1 + e) are summed as the logarithm of a product of at most 32 factors in [1, 2], which
/// needs no guard against overflow and loses no more precision than adding 32 logarithms.
/// </remarks>
internal readonly struct RowKernel
{
    private const int ProductLength = 32;

    private readonly RowRuns _data;
    private readonly double _lnA;
    private readonly double[] _lnB1;
    private readonly double[] _invB1;
    private readonly double[]? _tPairs;
    private readonly double[]? _recencyPairs;

    public RowKernel(RowRuns data, double r, double alpha, double lnA, double[] lnB1, double[] invB1,
        double[]? tPairs, double[]? recencyPairs)
    {
        _data = data;
        R = r;
        Alpha = alpha;
        _lnA = lnA;
        _lnB1 = lnB1;
        _invB1 = invB1;
        _tPairs = tPairs;
        _recencyPairs = recencyPairs;
    }

    public double R { get; }

    public double Alpha { get; }

    /// <summary>
    /// Writes, for repeat rows [start, end): Σ w ln(e^{A₁} + e^{A₂}), and the row sums of ∂/∂r, ∂/∂α, a·∂/∂a and
    /// −∂/∂b (before the x-only terms are added).
    /// </summary>
    public void Sum(int start, int end, Span<double> result)
    {
        var d = _data;
        if (d.PackedIndex is { } packed)
        {
            Sum(start, end, new Packed(packed, 0, _tPairs!), new Packed(packed, 16, _recencyPairs!), result);
        }
        else if (d.TTable is { } tt)
        {
            var t = new Tabulated(tt.Index, _tPairs!);
            if (d.RecencyTable is { } rt) Sum(start, end, t, new Tabulated(rt.Index, _recencyPairs!), result);
            else Sum(start, end, t, new Computed(Alpha, d.Recency), result);
        }
        else
        {
            var t = new Computed(Alpha, d.T);
            if (d.RecencyTable is { } rt) Sum(start, end, t, new Tabulated(rt.Index, _recencyPairs!), result);
            else Sum(start, end, t, new Computed(Alpha, d.Recency), result);
        }
    }

    private void Sum<TT, TR>(int start, int end, TT t, TR recency, Span<double> result)
        where TT : struct, IDurationSource
        where TR : struct, IDurationSource
    {
        var d = _data;
        int[] groupStart = d.GroupStart, unitEnd = d.UnitEnd;
        int group = Array.BinarySearch(groupStart, start);
        if (group < 0) group = ~group - 1;
        while (groupStart[group + 1] <= start) group++;

        var acc = new Accumulator();
        for (int i = start; i < end; group++)
        {
            int groupEnd = Math.Min(end, groupStart[group + 1]);
            int split = Math.Clamp(unitEnd[group], i, groupEnd);
            var run = new Run(R + d.DistinctX[group], _lnA - _lnB1[group], _invB1[group]);
            Rows(ref acc, run, i, split, unit: true, t, recency);
            Rows(ref acc, run, split, groupEnd, unit: false, t, recency);
            i = groupEnd;
        }
        acc.Write(result);
    }

    /// <summary>Constants of a run of rows with the same x.</summary>
    private readonly record struct Run(double S, double C, double InverseB);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Rows<TT, TR>(ref Accumulator acc, Run run, int start, int end, bool unit, TT t, TR recency)
        where TT : struct, IDurationSource
        where TR : struct, IDurationSource
    {
        double[] weights = _data.Weight;
        int i = start;
        if (Vector256.IsHardwareAccelerated && end - start >= 4)
        {
            var s = Vector256.Create(run.S);
            var c = Vector256.Create(run.C);
            var invB = Vector256.Create(run.InverseB);
            var one = Vector256.Create(1.0);
            var zero = Vector256<double>.Zero;
            ref double w0 = ref MemoryMarshal.GetArrayDataReference(weights);
            Vector256<double> value = zero, sr = zero, sal = zero, sa = zero, sb = zero, product = one;
            int factors = 0;
            for (; i <= end - 4; i += 4)
            {
                t.Load(i, out var lT, out var iT);
                recency.Load(i, out var lTx, out var iTx);
                var gap = lT - lTx;
                var dd = c + s * gap;
                var e = Vector256.Exp(-Vector256.Abs(dd));
                var onePlusE = one + e;
                var inv = one / onePlusE;
                var p2 = Vector256.ConditionalSelect(Vector256.GreaterThan(dd, zero), inv, e * inv);
                var alphaTerm = iT + p2 * (iTx - iT);
                if (unit)
                {
                    product *= onePlusE;
                    if (++factors == ProductLength)
                    {
                        value += Vector256.Log(product);
                        product = one;
                        factors = 0;
                    }
                    value += Vector256.Max(dd, zero) - s * lT;
                    sr += p2 * gap - lT;
                    sal += alphaTerm;
                    sa += p2;
                }
                else
                {
                    var w = Vector256.LoadUnsafe(ref w0, (nuint)i);
                    var wp2 = w * p2;
                    value += w * (Vector256.Max(dd, zero) + Vector256.Log(onePlusE) - s * lT);
                    sr += wp2 * gap - w * lT;
                    sal += w * alphaTerm;
                    sa += wp2;
                }
            }
            if (factors > 0) value += Vector256.Log(product);
            acc.Value += value;
            acc.R += sr;
            acc.Alpha += s * sal;
            acc.A += sa;
            acc.B += invB * sa;
        }
        for (; i < end; i++)
        {
            double s = run.S, w = unit ? 1.0 : weights[i];
            t.LoadOne(i, out double lT, out double iT);
            recency.LoadOne(i, out double lTx, out double iTx);
            double gap = lT - lTx;
            double dd = run.C + s * gap;
            double e = Math.Exp(-Math.Abs(dd));
            double p2 = dd > 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
            acc.ScalarValue += w * (Math.Max(dd, 0) + Math.Log(1.0 + e) - s * lT);
            acc.ScalarR += w * (p2 * gap - lT);
            acc.ScalarAlpha += w * s * (iT + p2 * (iTx - iT));
            acc.ScalarA += w * p2;
            acc.ScalarB += w * p2 * run.InverseB;
        }
    }

    /// <summary>Running sums of one block, in vector lanes and scalars.</summary>
    private struct Accumulator()
    {
        public Vector256<double> Value, R, Alpha, A, B;
        public double ScalarValue, ScalarR, ScalarAlpha, ScalarA, ScalarB;

        public readonly void Write(Span<double> result)
        {
            result[0] = Vector256.Sum(Value) + ScalarValue;
            result[1] = Vector256.Sum(R) + ScalarR;
            result[2] = -(Vector256.Sum(Alpha) + ScalarAlpha);
            result[3] = Vector256.Sum(A) + ScalarA;
            result[4] = Vector256.Sum(B) + ScalarB;
        }
    }

    /// <summary>Source of ln(α + d) and 1/(α + d) for the duration d of row i (or rows i..i+3).</summary>
    private interface IDurationSource
    {
        void Load(int i, out Vector256<double> log, out Vector256<double> inverse);

        void LoadOne(int i, out double log, out double inverse);
    }

    /// <summary>Computes the logarithm row by row.</summary>
    private readonly struct Computed(double alpha, double[] durations) : IDurationSource
    {
        public void Load(int i, out Vector256<double> log, out Vector256<double> inverse)
        {
            var shifted = Vector256.Create(alpha) + Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(durations), (nuint)i);
            log = Vector256.Log(shifted);
            inverse = Vector256.Create(1.0) / shifted;
        }

        public void LoadOne(int i, out double log, out double inverse)
        {
            double shifted = alpha + durations[i];
            log = Math.Log(shifted);
            inverse = 1.0 / shifted;
        }
    }

    /// <summary>
    /// Looks ln(α + d) and 1/(α + d) up per distinct duration (<see cref="DurationTable"/>) in a table of interleaved
    /// pairs, so that one 16-byte load fetches both.
    /// </summary>
    private readonly struct Tabulated(int[] index, double[] pairs) : IDurationSource
    {
        public void Load(int i, out Vector256<double> log, out Vector256<double> inverse)
        {
            ref int k = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(index), i);
            LoadPairs(pairs, (uint)k, (uint)Unsafe.Add(ref k, 1), (uint)Unsafe.Add(ref k, 2), (uint)Unsafe.Add(ref k, 3), out log, out inverse);
        }

        public void LoadOne(int i, out double log, out double inverse)
        {
            int k = index[i];
            log = pairs[2 * k];
            inverse = pairs[2 * k + 1];
        }
    }

    /// <summary>As <see cref="Tabulated"/>, with the index in 16 bits of a packed per-row word (<see cref="RowRuns.PackedIndex"/>).</summary>
    private readonly struct Packed(uint[] packed, int shift, double[] pairs) : IDurationSource
    {
        public void Load(int i, out Vector256<double> log, out Vector256<double> inverse)
        {
            ref uint k = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packed), i);
            LoadPairs(pairs, Field(k), Field(Unsafe.Add(ref k, 1)), Field(Unsafe.Add(ref k, 2)), Field(Unsafe.Add(ref k, 3)),
                out log, out inverse);
        }

        public void LoadOne(int i, out double log, out double inverse)
        {
            uint k = Field(packed[i]);
            log = pairs[2 * k];
            inverse = pairs[2 * k + 1];
        }

        private uint Field(uint word) => (word >> shift) & 0xFFFF;
    }

    /// <summary>The pairs of rows k0..k3 of an interleaved table, split into the logarithms and the inverses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadPairs(double[] pairs, uint k0, uint k1, uint k2, uint k3, out Vector256<double> log, out Vector256<double> inverse)
    {
        ref double p = ref MemoryMarshal.GetArrayDataReference(pairs);
        var p0 = Vector128.LoadUnsafe(ref p, 2 * (nuint)k0);
        var p1 = Vector128.LoadUnsafe(ref p, 2 * (nuint)k1);
        var p2 = Vector128.LoadUnsafe(ref p, 2 * (nuint)k2);
        var p3 = Vector128.LoadUnsafe(ref p, 2 * (nuint)k3);
        if (Avx.IsSupported)
        {
            var even = Vector256.Create(p0, p2);
            var odd = Vector256.Create(p1, p3);
            log = Avx.UnpackLow(even, odd);
            inverse = Avx.UnpackHigh(even, odd);
        }
        else
        {
            log = Vector256.Create(p0[0], p1[0], p2[0], p3[0]);
            inverse = Vector256.Create(p0[1], p1[1], p2[1], p3[1]);
        }
    }
}
