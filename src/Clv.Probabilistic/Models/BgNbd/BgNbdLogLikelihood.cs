using Clv.Probabilistic.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using MathNet.Numerics;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// The BG/NBD log-likelihood of a customer summary as a function of θ = [ln r, ln α, ln a, ln b], with its analytic
/// gradient. Identical (x, t_x, T) rows are merged on construction; the result does not depend on the number of threads.
/// </summary>
/// <remarks>
/// Per customer (Fader, Hardie &amp; Lee 2005, eq. 6, rearranged as in Hardie's note 027,
/// "Overcoming the BG/NBD Model's #NUM! Error Problem"):
/// ln L = lnΓ(r+x) − lnΓ(r) + r ln α + ln B(a, b+x) − ln B(a, b) + ln(e^{A₁} + δ_{x&gt;0} e^{A₂}),
/// A₁ = −(r+x) ln(α+T), A₂ = ln a − ln(b+x−1) − (r+x) ln(α+t_x).
/// The last term is evaluated as A₁ + softplus(A₂ − A₁), i.e. the larger exponent is factored out.
/// Rows are weighted by <see cref="RfmSummary.Weights"/>.
/// </remarks>
public sealed class BgNbdLogLikelihood : ILogDensity
{
    private const int BlockSize = 8192;
    private const int ParallelThreshold = 4 * BlockSize;

    private readonly BgNbdData _data;
    private readonly int _zeroBlocks;
    private readonly int _repeatBlocks;

    /// <summary>Prepares the log-likelihood of <paramref name="summary"/> (merging identical rows).</summary>
    /// <exception cref="ArgumentException">The summary is empty.</exception>
    public BgNbdLogLikelihood(RfmSummary summary)
        : this(BgNbdData.From(summary))
    {
    }

    internal BgNbdLogLikelihood(BgNbdData data)
    {
        _data = data;
        _zeroBlocks = (data.ZeroT.Length + BlockSize - 1) / BlockSize;
        _repeatBlocks = (data.X.Length + BlockSize - 1) / BlockSize;
    }

    /// <inheritdoc />
    public int Dimension => 4;

    /// <summary>Rows left after merging identical (x, t_x, T) rows.</summary>
    public int CompressedRows => _data.CompressedRows;

    /// <summary>Total weight (number of customers) of the summary.</summary>
    public double TotalWeight => _data.TotalWeight;

    internal BgNbdData Data => _data;

    /// <summary>Thread limit of the row sums (−1: no limit); the result is the same for every value.</summary>
    internal int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>The log-likelihood at <paramref name="parameters"/> (no gradient).</summary>
    public double Evaluate(BgNbdParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Span<double> theta = stackalloc double[4];
        Span<double> gradient = stackalloc double[4];
        parameters.WriteLogVector(theta);
        return Evaluate(theta, gradient);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Gradient with respect to the natural parameters, then multiplied by each parameter (chain rule for θ = ln):
    /// ∂/∂r = ψ(r+x) − ψ(r) + ln α − p₁ ln(α+T) − p₂ ln(α+t_x);
    /// ∂/∂α = r/α − (r+x)[p₁/(α+T) + p₂/(α+t_x)];
    /// ∂/∂a = ψ(a+b) − ψ(a+b+x) + p₂/a;
    /// ∂/∂b = ψ(b+x) − ψ(b) − ψ(a+b+x) + ψ(a+b) − p₂/(b+x−1),
    /// where p₂ = e^{A₂}/(e^{A₁} + e^{A₂}) (0 when x = 0) and p₁ = 1 − p₂.
    /// Returns −∞ (gradient 0) where a parameter overflows or underflows.
    /// </remarks>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        if (theta.Length != 4) throw new ArgumentException($"Expected 4 log-parameters, got {theta.Length}.", nameof(theta));
        if (gradient.Length != 4) throw new ArgumentException($"Expected a gradient of length 4, got {gradient.Length}.", nameof(gradient));
        double r = Math.Exp(theta[0]), alpha = Math.Exp(theta[1]), a = Math.Exp(theta[2]), b = Math.Exp(theta[3]);
        if (!(IsPositiveFinite(r) && IsPositiveFinite(alpha) && IsPositiveFinite(a) && IsPositiveFinite(b)))
        {
            gradient.Clear();
            return double.NegativeInfinity;
        }

        var d = _data;
        int groups = d.DistinctX.Length;
        {
            var lgr = new double[groups];
            var dgr = new double[groups];
            var lbr = new double[groups];
            var dba = new double[groups];
            var dbb = new double[groups];
            var lnB1 = new double[groups];
            var invB1 = new double[groups];
            BgNbdCountTerms.Fill(d.DistinctX, r, a, b, lgr, dgr, lbr, dba, dbb);
            double value = 0, gr = 0, galpha = 0, ga = 0, gb = 0;
            for (int j = 0; j < groups; j++)
            {
                double w = d.GroupWeight[j];
                value += w * (lgr[j] + lbr[j]);
                gr += w * dgr[j];
                ga += w * dba[j];
                gb += w * dbb[j];
                double bx1 = b + d.DistinctX[j] - 1;
                lnB1[j] = Math.Log(bx1);
                invB1[j] = 1.0 / bx1;
            }

            double lnAlpha = Math.Log(alpha);
            value += d.TotalWeight * r * lnAlpha;
            gr += d.TotalWeight * lnAlpha;
            galpha += d.TotalWeight * r / alpha;

            var sums = SumRows(r, alpha, Math.Log(a), lnB1, invB1, DurationLogs(alpha));
            value += sums.Value;
            gr += sums.R;
            galpha += sums.Alpha;
            ga += sums.A / a;
            gb -= sums.B;

            if (!double.IsFinite(value))
            {
                gradient.Clear();
                return double.NegativeInfinity;
            }
            gradient[0] = gr * r;
            gradient[1] = galpha * alpha;
            gradient[2] = ga * a;
            gradient[3] = gb * b;
            return value;
        }
    }

    private static bool IsPositiveFinite(double v) => v > 0 && double.IsFinite(v);

    /// <summary>Row sums: value of the e^{A} terms, and the parts of the gradient that vary by row.</summary>
    private readonly record struct RowSums(double Value, double R, double Alpha, double A, double B);

    /// <summary>ln(α + d) and 1/(α + d) for each tabulated duration d, or null when durations are not tabulated.</summary>
    private (double[] Log, double[] Inverse)? DurationLogs(double alpha)
    {
        if (_data.Durations is not { } durations) return null;
        var log = new double[durations.Length];
        var inverse = new double[durations.Length];
        for (int k = 0; k < durations.Length; k++)
        {
            log[k] = Math.Log(alpha + durations[k]);
            inverse[k] = 1.0 / (alpha + durations[k]);
        }
        return (log, inverse);
    }

    private RowSums SumRows(double r, double alpha, double lnA, double[] lnB1, double[] invB1, (double[] Log, double[] Inverse)? durations)
    {
        int blocks = _zeroBlocks + _repeatBlocks;
        var partial = new double[blocks * 5];
        int rows = _data.CompressedRows;
        if (rows >= ParallelThreshold && blocks > 1 && MaxDegreeOfParallelism != 1)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism };
            Parallel.For(0, blocks, options, k => SumBlock(k, r, alpha, lnA, lnB1, invB1, durations, partial.AsSpan(5 * k, 5)));
        }
        else
        {
            for (int k = 0; k < blocks; k++) SumBlock(k, r, alpha, lnA, lnB1, invB1, durations, partial.AsSpan(5 * k, 5));
        }
        double v = 0, gr = 0, gal = 0, ga = 0, gb = 0;
        for (int k = 0; k < blocks; k++)
        {
            v += partial[5 * k];
            gr += partial[5 * k + 1];
            gal += partial[5 * k + 2];
            ga += partial[5 * k + 3];
            gb += partial[5 * k + 4];
        }
        return new RowSums(v, gr, gal, ga, gb);
    }

    private void SumBlock(int k, double r, double alpha, double lnA, double[] lnB1, double[] invB1,
        (double[] Log, double[] Inverse)? durations, Span<double> result)
    {
        if (k < _zeroBlocks)
        {
            int start = k * BlockSize, end = Math.Min(start + BlockSize, _data.ZeroT.Length);
            ZeroRows(_data.ZeroT, _data.ZeroWeight, start, end, r, alpha, result);
        }
        else
        {
            int start = (k - _zeroBlocks) * BlockSize, end = Math.Min(start + BlockSize, _data.X.Length);
            if (durations is { } d)
                RepeatRows(_data, start, end, r, lnA, lnB1, invB1, new TabulatedDurations(_data.TIndex!, _data.RecencyIndex!, d.Log, d.Inverse), result);
            else
                RepeatRows(_data, start, end, r, lnA, lnB1, invB1, new ComputedDurations(alpha, _data.T, _data.Recency), result);
        }
    }

    /// <summary>x = 0 rows: ln L − r ln α = −r ln(α+T).</summary>
    internal static void ZeroRows(double[] t, double[] weight, int start, int end, double r, double alpha, Span<double> result)
    {
        double v = 0, gr = 0, gal = 0;
        int i = start;
        if (Vector256.IsHardwareAccelerated && end - start >= 4)
        {
            var va = Vector256.Create(alpha);
            Vector256<double> sl = Vector256<double>.Zero, sinv = Vector256<double>.Zero;
            ref double t0 = ref MemoryMarshal.GetArrayDataReference(t);
            ref double w0 = ref MemoryMarshal.GetArrayDataReference(weight);
            for (; i <= end - 4; i += 4)
            {
                var at = va + Vector256.LoadUnsafe(ref t0, (nuint)i);
                var w = Vector256.LoadUnsafe(ref w0, (nuint)i);
                sl += w * Vector256.Log(at);
                sinv += w / at;
            }
            gr -= Vector256.Sum(sl);
            gal -= r * Vector256.Sum(sinv);
        }
        for (; i < end; i++)
        {
            double at = alpha + t[i];
            gr -= weight[i] * Math.Log(at);
            gal -= weight[i] * r / at;
        }
        v = r * gr;
        result[0] = v;
        result[1] = gr;
        result[2] = gal;
        result[3] = 0;
        result[4] = 0;
    }

    /// <summary>x ≥ 1 rows: A₁ + softplus(A₂ − A₁) and the row parts of the gradient.</summary>
    /// <typeparam name="TDurations">Where ln(α+T), ln(α+t_x) and their reciprocals come from (computed or looked up).</typeparam>
    internal static void RepeatRows<TDurations>(BgNbdData data, int start, int end, double r, double lnA,
        double[] lnB1, double[] invB1, TDurations durations, Span<double> result)
        where TDurations : struct, IDurationLogs
    {
        double[] xs = data.X, ws = data.Weight;
        int[] g = data.Group;
        double v = 0, gr = 0, gal = 0, ga = 0, gb = 0;
        int i = start;
        if (Vector256.IsHardwareAccelerated && end - start >= 4)
        {
            var vr = Vector256.Create(r);
            var vlnA = Vector256.Create(lnA);
            var one = Vector256.Create(1.0);
            var zero = Vector256<double>.Zero;
            Vector256<double> sv = zero, sr = zero, sal = zero, sa = zero, sb = zero;
            ref double x0 = ref MemoryMarshal.GetArrayDataReference(xs);
            ref double w0 = ref MemoryMarshal.GetArrayDataReference(ws);
            for (; i <= end - 4; i += 4)
            {
                nuint u = (nuint)i;
                var s = vr + Vector256.LoadUnsafe(ref x0, u);
                var w = Vector256.LoadUnsafe(ref w0, u);
                int g0 = g[i], g1 = g[i + 1], g2 = g[i + 2], g3 = g[i + 3];
                var lnb = Vector256.Create(lnB1[g0], lnB1[g1], lnB1[g2], lnB1[g3]);
                var invb = Vector256.Create(invB1[g0], invB1[g1], invB1[g2], invB1[g3]);
                durations.Load(i, out Vector256<double> lT, out Vector256<double> lTx, out Vector256<double> iT, out Vector256<double> iTx);
                var gap = lT - lTx;
                var dd = vlnA - lnb + s * gap;
                var e = Vector256.Exp(-Vector256.Abs(dd));
                var onePlusE = one + e;
                var inv = one / onePlusE;
                var p2 = Vector256.ConditionalSelect(Vector256.GreaterThan(dd, zero), inv, e * inv);
                sv += w * (Vector256.Max(dd, zero) + Vector256.Log(onePlusE) - s * lT);
                sr += w * (p2 * gap - lT);
                sal += w * s * (iT + p2 * (iTx - iT));
                var wp2 = w * p2;
                sa += wp2;
                sb += wp2 * invb;
            }
            v = Vector256.Sum(sv);
            gr = Vector256.Sum(sr);
            gal = -Vector256.Sum(sal);
            ga = Vector256.Sum(sa);
            gb = Vector256.Sum(sb);
        }
        for (; i < end; i++)
        {
            double s = r + xs[i], w = ws[i];
            durations.LoadOne(i, out double lT, out double lTx, out double iT, out double iTx);
            double gap = lT - lTx;
            double dd = lnA - lnB1[g[i]] + s * gap;
            double e = Math.Exp(-Math.Abs(dd));
            double p2 = dd > 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
            v += w * (Math.Max(dd, 0) + Math.Log(1.0 + e) - s * lT);
            gr += w * (p2 * gap - lT);
            gal -= w * s * (iT + p2 * (iTx - iT));
            ga += w * p2;
            gb += w * p2 * invB1[g[i]];
        }
        result[0] = v;
        result[1] = gr;
        result[2] = gal;
        result[3] = ga;
        result[4] = gb;
    }

    /// <summary>Source of ln(α+T), ln(α+t_x), 1/(α+T), 1/(α+t_x) for repeat row i (or rows i..i+3).</summary>
    internal interface IDurationLogs
    {
        void Load(int i, out Vector256<double> logT, out Vector256<double> logRecency, out Vector256<double> inverseT, out Vector256<double> inverseRecency);

        void LoadOne(int i, out double logT, out double logRecency, out double inverseT, out double inverseRecency);
    }

    /// <summary>Computes the logarithms row by row.</summary>
    internal readonly struct ComputedDurations(double alpha, double[] t, double[] recency) : IDurationLogs
    {
        public void Load(int i, out Vector256<double> logT, out Vector256<double> logRecency, out Vector256<double> inverseT, out Vector256<double> inverseRecency)
        {
            var va = Vector256.Create(alpha);
            var aT = va + Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(t), (nuint)i);
            var aTx = va + Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(recency), (nuint)i);
            logT = Vector256.Log(aT);
            logRecency = Vector256.Log(aTx);
            inverseT = Vector256.Create(1.0) / aT;
            inverseRecency = Vector256.Create(1.0) / aTx;
        }

        public void LoadOne(int i, out double logT, out double logRecency, out double inverseT, out double inverseRecency)
        {
            double aT = alpha + t[i], aTx = alpha + recency[i];
            logT = Math.Log(aT);
            logRecency = Math.Log(aTx);
            inverseT = 1.0 / aT;
            inverseRecency = 1.0 / aTx;
        }
    }

    /// <summary>Looks the logarithms up per distinct duration (see <see cref="BgNbdData.Durations"/>).</summary>
    internal readonly struct TabulatedDurations(int[] tIndex, int[] recencyIndex, double[] logs, double[] inverses) : IDurationLogs
    {
        public void Load(int i, out Vector256<double> logT, out Vector256<double> logRecency, out Vector256<double> inverseT, out Vector256<double> inverseRecency)
        {
            int t0 = tIndex[i], t1 = tIndex[i + 1], t2 = tIndex[i + 2], t3 = tIndex[i + 3];
            int r0 = recencyIndex[i], r1 = recencyIndex[i + 1], r2 = recencyIndex[i + 2], r3 = recencyIndex[i + 3];
            logT = Vector256.Create(logs[t0], logs[t1], logs[t2], logs[t3]);
            logRecency = Vector256.Create(logs[r0], logs[r1], logs[r2], logs[r3]);
            inverseT = Vector256.Create(inverses[t0], inverses[t1], inverses[t2], inverses[t3]);
            inverseRecency = Vector256.Create(inverses[r0], inverses[r1], inverses[r2], inverses[r3]);
        }

        public void LoadOne(int i, out double logT, out double logRecency, out double inverseT, out double inverseRecency)
        {
            logT = logs[tIndex[i]];
            logRecency = logs[recencyIndex[i]];
            inverseT = inverses[tIndex[i]];
            inverseRecency = inverses[recencyIndex[i]];
        }
    }

    /// <summary>
    /// The log-likelihood of one customer, computed directly with lnΓ (independent of the merged, vectorised path).
    /// </summary>
    /// <param name="parameters">Model parameters.</param>
    /// <param name="x">Repeat purchases, a whole number ≥ 0.</param>
    /// <param name="recency">t_x, in [0, T]; 0 when x = 0.</param>
    /// <param name="t">T ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The history is impossible (named argument).</exception>
    public static double Customer(BgNbdParameters parameters, double x, double recency, double t)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        BgNbdChecks.History(x, recency, t);
        double r = parameters.R, alpha = parameters.Alpha, a = parameters.A, b = parameters.B;
        double head = SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + r * Math.Log(alpha)
                      + SpecialFunctions.GammaLn(b + x) - SpecialFunctions.GammaLn(b)
                      + SpecialFunctions.GammaLn(a + b) - SpecialFunctions.GammaLn(a + b + x);
        double a1 = -(r + x) * Math.Log(alpha + t);
        if (x == 0) return head + a1;
        double a2 = Math.Log(a) - Math.Log(b + x - 1) - (r + x) * Math.Log(alpha + recency);
        return head + LogMath.LogAddExp(a1, a2);
    }

    /// <summary>Writes the log-likelihood of every row of <paramref name="summary"/> (unweighted) into <paramref name="destination"/>.</summary>
    public static void PerCustomer(BgNbdParameters parameters, RfmSummary summary, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (destination.Length != summary.Count)
            throw new ArgumentException($"Destination has {destination.Length} elements for {summary.Count} customers.", nameof(destination));
        for (int i = 0; i < destination.Length; i++)
            destination[i] = Customer(parameters, summary.Frequency[i], summary.Recency[i], summary.T[i]);
    }
}
