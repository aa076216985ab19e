using System.Runtime.Intrinsics;
using Clv.Probabilistic.Numerics;
using MathNet.Numerics;

namespace Clv.Probabilistic.Models.GammaGamma;

/// <summary>The Gamma-Gamma log-likelihood of mean repeat spend, with its analytic gradient.</summary>
/// <remarks>
/// For a customer with x ≥ 1 repeat transactions of mean value z̄ (Fader, Hardie &amp; Lee 2005, "RFM and CLV", JMR 42(4),
/// section "Adding monetary value"; Hardie note 025, the marginal density of z̄ given x):
/// ln f(z̄ | x; p, q, γ) = lnΓ(px + q) − lnΓ(px) − lnΓ(q) + q ln γ + (px − 1) ln z̄ + px ln x − (px + q) ln(γ + x z̄).
/// It is evaluated in the equivalent form, with a = px and u = γ/(x z̄),
/// ln f = [lnΓ(a + q) − lnΓ(a) − lnΓ(q)] − ln z̄ − a ln(1 + u) − q ln(1 + 1/u),
/// where the bracket is one shifted difference from the larger of a and q (<c>GammaFunctions.LogGammaShift</c>) and
/// both logarithms come from one ln(1 + min(u, 1/u)), accurate when it is tiny, plus ln u. The textbook form adds
/// terms that cancel along both ridges of this likelihood, p → ∞ with γ → 0 (the density tends to an inverse gamma)
/// and q, γ → ∞ with γ/q fixed (spend without heterogeneity), and loses every digit once a parameter passes about
/// 10¹⁵. Derivatives (ψ the digamma function, each difference by <c>GammaFunctions.DigammaShift</c>):
/// ∂/∂p = x [ψ(a + q) − ψ(a) − ln(1 + u)],
/// ∂/∂q = ψ(a + q) − ψ(q) − ln(1 + 1/u),
/// ∂/∂γ = [q/(1 + u) − a u/(1 + u)]/γ, i.e. q/γ − (a + q)/(γ + x z̄) without its cancellation.
/// </remarks>
public static class GammaGammaLikelihood
{
    /// <summary>ln f(z̄ | x) for one customer.</summary>
    /// <param name="parameters">Model parameters.</param>
    /// <param name="x">Number of repeat transactions; ≥ 1.</param>
    /// <param name="meanSpend">Mean repeat transaction value z̄; &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">x &lt; 1 or z̄ ≤ 0.</exception>
    public static double LogDensity(GammaGammaParameters parameters, double x, double meanSpend)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(x >= 1) || !double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "The Gamma-Gamma density needs x ≥ 1 repeat transactions.");
        if (!(meanSpend > 0) || !double.IsFinite(meanSpend)) throw new ArgumentOutOfRangeException(nameof(meanSpend), meanSpend, "The Gamma-Gamma density needs a finite mean spend > 0.");
        double p = parameters.P, q = parameters.Q, gamma = parameters.Gamma, a = p * x, xz = x * meanSpend;
        var (log1pU, log1pInverseU) = LogOnePlus(gamma / xz, Math.Log(gamma) - Math.Log(xz));
        return LogGammaRatio(a, q, SpecialFunctions.GammaLn(q)) - Math.Log(meanSpend) - a * log1pU - q * log1pInverseU;
    }

    /// <summary>lnΓ(a + q) − lnΓ(a) − lnΓ(q) as one shifted difference from the larger argument.</summary>
    private static double LogGammaRatio(double a, double q, double lnGammaQ) =>
        a <= q ? GammaFunctions.LogGammaShift(q, a) - SpecialFunctions.GammaLn(a) : GammaFunctions.LogGammaShift(a, q) - lnGammaQ;

    /// <summary>ln(1 + u) and ln(1 + 1/u) from one accurate ln(1 + min(u, 1/u)) and ln u.</summary>
    private static (double OfU, double OfInverse) LogOnePlus(double u, double logU)
    {
        if (u <= 1)
        {
            double small = LogMath.Log1p(u);
            return (small, small - logU);
        }
        double smallInverse = LogMath.Log1p(1 / u);
        return (smallInverse + logU, smallInverse);
    }

    /// <summary>The weighted log-likelihood Σ w ln f(z̄ | x) over the customers of <paramref name="data"/>.</summary>
    public static double LogLikelihood(GammaGammaParameters parameters, GammaGammaData data)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        Span<double> unused = stackalloc double[3];
        return Evaluate(parameters.P, parameters.Q, parameters.Gamma, data, unused);
    }

    /// <summary>Rows per block of the row sums of a large data set.</summary>
    private const int BlockSize = 16384;

    /// <summary>
    /// Rows from which the row sums are made in fixed blocks of <see cref="BlockSize"/> rows, added in block order, so
    /// that the blocks can run on every core and the result is the same bits for any number of threads. Below it the
    /// rows are summed in one pass.
    /// </summary>
    private const int BlockThreshold = 4 * BlockSize;

    /// <summary>
    /// Weighted log-likelihood and its gradient with respect to (p, q, γ). Terms that depend on x only are summed once
    /// per distinct x; each row costs one logarithm and three divisions, vectorised.
    /// </summary>
    /// <param name="p">p.</param>
    /// <param name="q">q.</param>
    /// <param name="gamma">γ.</param>
    /// <param name="data">The customers.</param>
    /// <param name="gradient">Receives the gradient.</param>
    /// <param name="maxDegreeOfParallelism">Thread limit of the row sums (−1: none); the result is the same for every value.</param>
    internal static double Evaluate(double p, double q, double gamma, GammaGammaData data, Span<double> gradient,
        int maxDegreeOfParallelism = -1)
    {
        var groups = data.Groups;
        double lnGammaQ = SpecialFunctions.GammaLn(q);
        double value = 0, dp = 0, dq = 0;
        for (int g = 0; g < groups.Frequency.Length; g++)
        {
            double x = groups.Frequency[g], w = groups.Weight[g];
            double a = p * x;
            value += w * LogGammaRatio(a, q, lnGammaQ);
            dp += w * x * GammaFunctions.DigammaShift(a, q);
            dq += w * GammaFunctions.DigammaShift(q, a);
        }
        value -= groups.WeightedLogSpend;

        var sums = RowSums(gamma, data, maxDegreeOfParallelism);
        value -= p * sums.XLogOnePlusU + q * sums.LogOnePlusInverseU;
        gradient[0] = dp - sums.XLogOnePlusU;
        gradient[1] = dq - sums.LogOnePlusInverseU;
        gradient[2] = (q * sums.Share - p * gamma * sums.XInverse) / gamma;
        return value;
    }

    /// <summary>
    /// Σ w x ln(1 + u), Σ w ln(1 + 1/u), Σ w/(1 + u) and Σ w x/(γ + x z̄), with u = γ/(x z̄).
    /// </summary>
    private readonly record struct Sums(double XLogOnePlusU, double LogOnePlusInverseU, double Share, double XInverse);

    /// <summary>The row sums over all rows: in one pass, or in fixed blocks (on up to <paramref name="maxDegreeOfParallelism"/> threads) added in order.</summary>
    private static Sums RowSums(double gamma, GammaGammaData data, int maxDegreeOfParallelism)
    {
        int n = data.Count;
        if (n < BlockThreshold) return RowSums(gamma, data, 0, n);
        int blocks = (n + BlockSize - 1) / BlockSize;
        var partial = new Sums[blocks];
        if (maxDegreeOfParallelism == 1)
        {
            for (int k = 0; k < blocks; k++) partial[k] = RowSums(gamma, data, k * BlockSize, Math.Min(n, (k + 1) * BlockSize));
        }
        else
        {
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
                k => partial[k] = RowSums(gamma, data, k * BlockSize, Math.Min(n, (k + 1) * BlockSize)));
        }
        double xa = 0, b = 0, share = 0, xinv = 0;
        foreach (var sums in partial)
        {
            xa += sums.XLogOnePlusU;
            b += sums.LogOnePlusInverseU;
            share += sums.Share;
            xinv += sums.XInverse;
        }
        return new Sums(xa, b, share, xinv);
    }

    /// <summary>The row sums of rows [start, end); where every weight is 1 no weight is read (w · v = v exactly, so the sums are the same bits).</summary>
    private static Sums RowSums(double gamma, GammaGammaData data, int start, int end) => data.HasUnitWeights
        ? RowSums(gamma, data, default(UnitWeights), start, end)
        : RowSums(gamma, data, new GivenWeights(data.Weights), start, end);

    private static Sums RowSums<TWeights>(double gamma, GammaGammaData data, TWeights ws, int start, int end)
        where TWeights : struct, IRowWeights, allows ref struct
    {
        ReadOnlySpan<double> inverseXz = data.InverseFrequencySpend, logXz = data.LogFrequencySpend;
        ReadOnlySpan<double> wxs = data.WeightedFrequency;
        double lnGamma = Math.Log(gamma);
        double sumXA = 0, sumB = 0, sumShare = 0, sumXInv = 0;
        int i = start, n = end;
        if (Vector256.IsHardwareAccelerated && n - start >= 4)
        {
            var g = Vector256.Create(gamma);
            var lng = Vector256.Create(lnGamma);
            var one = Vector256.Create(1.0);
            var zero = Vector256<double>.Zero;
            Vector256<double> xa = zero, b = zero, share = zero, xinv = zero;
            for (; i <= n - 4; i += 4)
            {
                var ixz = Vector256.Create(inverseXz.Slice(i, 4));
                var w = ws.Load(i);
                var wx = Vector256.Create(wxs.Slice(i, 4));
                var u = g * ixz;
                var large = Vector256.GreaterThan(u, one);
                var log1p = LogMath.Log1p(Vector256.ConditionalSelect(large, one / u, u));
                var logU = lng - Vector256.Create(logXz.Slice(i, 4));
                var ofU = Vector256.ConditionalSelect(large, log1p + logU, log1p);
                var ofInverse = Vector256.ConditionalSelect(large, log1p, log1p - logU);
                var s = one / (one + u);
                xa += wx * ofU;
                b += w * ofInverse;
                share += w * s;
                xinv += wx * (ixz * s);
            }
            sumXA = Vector256.Sum(xa);
            sumB = Vector256.Sum(b);
            sumShare = Vector256.Sum(share);
            sumXInv = Vector256.Sum(xinv);
        }
        for (; i < n; i++)
        {
            double u = gamma * inverseXz[i], s = 1 / (1 + u), w = ws.LoadOne(i);
            var (ofU, ofInverse) = LogOnePlus(u, lnGamma - logXz[i]);
            sumXA += wxs[i] * ofU;
            sumB += w * ofInverse;
            sumShare += w * s;
            sumXInv += wxs[i] * inverseXz[i] * s;
        }
        return new Sums(sumXA, sumB, sumShare, sumXInv);
    }

    /// <summary>The row weights of the sums.</summary>
    private interface IRowWeights
    {
        Vector256<double> Load(int i);

        double LoadOne(int i);
    }

    /// <summary>Every weight 1.</summary>
    private readonly struct UnitWeights : IRowWeights
    {
        public Vector256<double> Load(int i) => Vector256<double>.One;

        public double LoadOne(int i) => 1.0;
    }

    /// <summary>Weights read from a column.</summary>
    private readonly ref struct GivenWeights(ReadOnlySpan<double> weights) : IRowWeights
    {
        private readonly ReadOnlySpan<double> _weights = weights;

        public Vector256<double> Load(int i) => Vector256.Create(_weights.Slice(i, 4));

        public double LoadOne(int i) => _weights[i];
    }
}
