using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Numerics;
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
public sealed class BgNbdLogLikelihood : ILogDensity, IParallelLogDensity
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
        _repeatBlocks = (data.RepeatRows + BlockSize - 1) / BlockSize;
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

    int IParallelLogDensity.MaxDegreeOfParallelism
    {
        get => MaxDegreeOfParallelism;
        set => MaxDegreeOfParallelism = value;
    }

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

            var sums = SumRows(r, alpha, Math.Log(a), lnB1, invB1);
            value += sums.Value;
            gr += sums.R;
            galpha += sums.Alpha;
            ga += sums.A / a;
            gb -= sums.B;

            gradient[0] = gr * r;
            gradient[1] = galpha * alpha;
            gradient[2] = ga * a;
            gradient[3] = gb * b;
            // At the far edges of θ (ψ(r) overflowing, α + t near its rounding floor) a term of the gradient can
            // overflow while the value stays finite: such a point is treated as outside the support.
            if (!double.IsFinite(value) || !double.IsFinite(gradient[0]) || !double.IsFinite(gradient[1])
                || !double.IsFinite(gradient[2]) || !double.IsFinite(gradient[3]))
            {
                gradient.Clear();
                return double.NegativeInfinity;
            }
            return value;
        }
    }

    private static bool IsPositiveFinite(double v) => v > 0 && double.IsFinite(v);

    /// <summary>Row sums: value of the e^{A} terms, and the parts of the gradient that vary by row.</summary>
    private readonly record struct RowSums(double Value, double R, double Alpha, double A, double B);

    private RowSums SumRows(double r, double alpha, double lnA, double[] lnB1, double[] invB1)
    {
        var d = _data;
        var kernel = new RowKernel(d.Runs, r, alpha, lnA, lnB1, invB1, d.TTable?.Pairs(alpha), d.RecencyTable?.Pairs(alpha));
        int blocks = _zeroBlocks + _repeatBlocks;
        var partial = new double[blocks * 5];
        int rows = d.CompressedRows;
        if (rows >= ParallelThreshold && blocks > 1 && MaxDegreeOfParallelism != 1)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism };
            Parallel.For(0, blocks, options, k => SumBlock(k, kernel, partial.AsSpan(5 * k, 5)));
        }
        else
        {
            for (int k = 0; k < blocks; k++) SumBlock(k, kernel, partial.AsSpan(5 * k, 5));
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

    private void SumBlock(int k, RowKernel kernel, Span<double> result)
    {
        if (k < _zeroBlocks)
        {
            int start = k * BlockSize, end = Math.Min(start + BlockSize, _data.ZeroT.Length);
            ZeroRows(_data.ZeroT, _data.ZeroWeight, start, end, kernel.R, kernel.Alpha, result);
        }
        else
        {
            int start = (k - _zeroBlocks) * BlockSize, end = Math.Min(start + BlockSize, _data.RepeatRows);
            kernel.Sum(start, end, result);
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
