using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// A BG/NBD model with known parameters and time unit (Fader, Hardie &amp; Lee 2005), optionally with the statistics of
/// the fit that produced it; computes every prediction of the paper for a single customer or a whole summary.
/// </summary>
/// <remarks>
/// Construct it directly from parameters (for example when reading a saved model) or with
/// <see cref="Fit(RfmSummary, BgNbdFitOptions?)"/>. Summaries passed in must be in <see cref="TimeUnit"/>;
/// horizons t are in the same unit. The single-customer formulas and their sources are in <see cref="BgNbdFormulas"/>.
/// </remarks>
public sealed class BgNbdModel : IPurchaseModel
{
    /// <summary>Creates a model.</summary>
    /// <param name="parameters">r, α, a, b, with α in <paramref name="timeUnit"/>.</param>
    /// <param name="timeUnit">Unit of α and of every duration.</param>
    /// <param name="fitStatistics">How the parameters were estimated, if they were.</param>
    public BgNbdModel(BgNbdParameters parameters, TimeUnit timeUnit, BgNbdFitStatistics? fitStatistics = null)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        if (timeUnit.Name is null) throw new ArgumentException("The time unit is uninitialised.", nameof(timeUnit));
        TimeUnit = timeUnit;
        FitStatistics = fitStatistics;
    }

    /// <summary>The parameters.</summary>
    public BgNbdParameters Parameters { get; }

    /// <inheritdoc />
    public TimeUnit TimeUnit { get; }

    /// <summary>Statistics of the fit (log-likelihood, convergence, standard errors), or null for given parameters.</summary>
    public BgNbdFitStatistics? FitStatistics { get; }

    /// <summary>Fits the model by maximum likelihood; see <see cref="BgNbdFitter.Fit"/>.</summary>
    /// <exception cref="ConvergenceException">The fit did not converge (unless the options say otherwise).</exception>
    public static BgNbdModel Fit(RfmSummary summary, BgNbdFitOptions? options = null) => BgNbdFitter.Fit(summary, options);

    /// <summary>The normal approximation of the fit on the log scale, when this model was fitted in this process.</summary>
    internal MaximumLikelihoodEstimate? Estimate { get; init; }

    /// <summary>
    /// Draws (r, α, a, b) from the asymptotic normal distribution of the maximum-likelihood estimate of
    /// θ = [ln r, ln α, ln a, ln b], mapped back by exp.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model was not fitted in this process, or its information matrix was singular.</exception>
    public ParameterDraws DrawParameters(int count, int seed)
    {
        if (Estimate is null)
            throw new InvalidOperationException("This model carries no covariance of its estimate: draws need a converged fit with a positive-definite information matrix.");
        return Estimate.DrawAsymptoticNormal(count, seed, static (theta, natural) =>
        {
            for (int j = 0; j < theta.Length; j++) natural[j] = Math.Exp(theta[j]);
        });
    }

    /// <summary>E[X(t)] for a new customer (FHL 2005 eq. 7); see <see cref="BgNbdFormulas.ExpectedPurchases"/>.</summary>
    public double ExpectedPurchases(double t) => BgNbdFormulas.ExpectedPurchases(Parameters, t);

    /// <summary>E[X(t)] for a new customer at each horizon of <paramref name="t"/> (FHL 2005 eq. 7).</summary>
    public void ExpectedPurchases(ReadOnlySpan<double> t, Span<double> destination)
    {
        SameLength(t.Length, destination.Length);
        for (int i = 0; i < t.Length; i++) destination[i] = BgNbdFormulas.ExpectedPurchases(Parameters, t[i]);
    }

    /// <summary>P(X(t) = n) for a new customer (FHL 2005 eq. 8); see <see cref="BgNbdFormulas.LogProbabilityOfPurchases"/>.</summary>
    public double ProbabilityOfPurchases(double t, int n) => Math.Exp(BgNbdFormulas.LogProbabilityOfPurchases(Parameters, t, n));

    /// <summary>ln P(X(t) = n) for a new customer (FHL 2005 eq. 8).</summary>
    public double LogProbabilityOfPurchases(double t, int n) => BgNbdFormulas.LogProbabilityOfPurchases(Parameters, t, n);

    /// <summary>
    /// P(alive | x, t_x, T) for every row (FHL 2005 eq. 13):
    /// 1 / (1 + δ_{x&gt;0} a/(b+x−1) ((α+T)/(α+t_x))^{r+x}).
    /// </summary>
    public void ProbabilityAlive(RfmSummary summary, Span<double> destination)
    {
        CheckSummary(summary, destination.Length);
        double r = Parameters.R, alpha = Parameters.Alpha, a = Parameters.A, b = Parameters.B;
        ReadOnlySpan<double> xs = summary.Frequency, txs = summary.Recency, ts = summary.T;
        int i = 0, n = xs.Length;
        if (Vector256.IsHardwareAccelerated)
        {
            var vr = Vector256.Create(r);
            var va = Vector256.Create(alpha);
            var vA = Vector256.Create(a);
            var vb1 = Vector256.Create(b - 1);
            var one = Vector256.Create(1.0);
            var zero = Vector256<double>.Zero;
            ref double x0 = ref MemoryMarshal.GetReference(xs);
            ref double tx0 = ref MemoryMarshal.GetReference(txs);
            ref double t0 = ref MemoryMarshal.GetReference(ts);
            ref double d0 = ref MemoryMarshal.GetReference(destination);
            for (; i <= n - 4; i += 4)
            {
                nuint u = (nuint)i;
                var x = Vector256.LoadUnsafe(ref x0, u);
                var d = Vector256.Log(vA / (vb1 + x)) + (vr + x) * Vector256.Log((va + Vector256.LoadUnsafe(ref t0, u)) / (va + Vector256.LoadUnsafe(ref tx0, u)));
                // sigmoid(−d) without overflow: e = exp(−|d|); d > 0 → e/(1+e), else 1/(1+e).
                var e = Vector256.Exp(-Vector256.Abs(d));
                var alive = Vector256.ConditionalSelect(Vector256.GreaterThan(d, zero), e, one) / (one + e);
                Vector256.ConditionalSelect(Vector256.Equals(x, zero), one, alive).StoreUnsafe(ref d0, u);
            }
        }
        for (; i < n; i++)
            destination[i] = Math.Exp(-BgNbdFormulas.LogOddsDead(r, alpha, a, b, xs[i], txs[i], ts[i], out _));
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T] for every row (FHL 2005 eq. 10): P(alive) times eq. 7 at (r+x, α+T, a, b+x). The hypergeometric
    /// part depends only on (x, T), so it is computed once per distinct pair.
    /// </summary>
    public void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination)
    {
        BgNbdChecks.Horizon(t, nameof(t));
        ProbabilityAlive(summary, destination);
        double r = Parameters.R, alpha = Parameters.Alpha, a = Parameters.A, b = Parameters.B;
        ReadOnlySpan<double> xs = summary.Frequency, ts = summary.T;
        if (TryDenseKeys(xs, ts, out int maxX, out int maxT))
        {
            // Whole-unit T (for example days): index the cache by (x, T) directly.
            var dense = new double[(maxX + 1) * (maxT + 1)];
            Array.Fill(dense, double.NaN);
            for (int i = 0; i < destination.Length; i++)
            {
                int x = (int)xs[i], key = x * (maxT + 1) + (int)ts[i];
                double expected = dense[key];
                if (double.IsNaN(expected)) dense[key] = expected = BgNbdFormulas.ExpectedCount(r + x, alpha + ts[i], a, b + x, t);
                destination[i] *= expected;
            }
            return;
        }
        var cache = new Dictionary<(double X, double T), double>();
        for (int i = 0; i < destination.Length; i++)
        {
            var key = (xs[i], ts[i]);
            ref double expected = ref CollectionsMarshal.GetValueRefOrAddDefault(cache, key, out bool found);
            if (!found) expected = BgNbdFormulas.ExpectedCount(r + key.Item1, alpha + key.Item2, a, b + key.Item1, t);
            destination[i] *= expected;
        }
    }

    private static bool TryDenseKeys(ReadOnlySpan<double> xs, ReadOnlySpan<double> ts, out int maxX, out int maxT)
    {
        const int Limit = 1 << 22;
        double mx = 0, mt = 0;
        for (int i = 0; i < ts.Length; i++)
        {
            double tt = ts[i];
            if (tt != Math.Floor(tt) || tt > Limit) { maxX = maxT = 0; return false; }
            if (tt > mt) mt = tt;
            if (xs[i] > mx) mx = xs[i];
        }
        maxX = (int)Math.Min(mx, Limit);
        maxT = (int)mt;
        return (mx + 1) * (mt + 1) <= Limit;
    }

    /// <summary>P(Y(t) = n | x, t_x, T) for every row (Hardie's note 029); see <see cref="BgNbdFormulas.ConditionalLogProbabilityOfPurchases"/>.</summary>
    public void ConditionalProbabilityOfPurchases(RfmSummary summary, double t, int n, Span<double> destination)
    {
        CheckSummary(summary, destination.Length);
        for (int i = 0; i < destination.Length; i++)
            destination[i] = Math.Exp(BgNbdFormulas.ConditionalLogProbabilityOfPurchases(
                Parameters, summary.Frequency[i], summary.Recency[i], summary.T[i], t, n));
    }

    /// <summary>
    /// Expected cumulative repeat purchases of a cohort at calendar times <paramref name="times"/> (the tracking curve,
    /// FHL 2005 figure 2): Σ_i E[X(τ − s_i)] over customers with first purchase s_i &lt; τ, eq. 7.
    /// </summary>
    /// <param name="firstPurchaseOffsets">s_i: each customer's first purchase, in model time units from a common origin.</param>
    /// <param name="times">τ: calendar times on the same axis.</param>
    /// <param name="destination">Receives one total per time.</param>
    public void ExpectedCumulativeRepeatPurchases(ReadOnlySpan<double> firstPurchaseOffsets, ReadOnlySpan<double> times, Span<double> destination)
    {
        SameLength(times.Length, destination.Length);
        var counts = new SortedDictionary<double, int>();
        for (int i = 0; i < firstPurchaseOffsets.Length; i++)
        {
            double s = firstPurchaseOffsets[i];
            if (!double.IsFinite(s)) throw new ArgumentException($"First-purchase offset {i} is not finite.", nameof(firstPurchaseOffsets));
            counts[s] = counts.GetValueOrDefault(s) + 1;
        }
        for (int k = 0; k < times.Length; k++)
        {
            if (!double.IsFinite(times[k])) throw new ArgumentException($"Time {k} is not finite.", nameof(times));
            double total = 0;
            foreach (var (s, count) in counts)
            {
                if (s >= times[k]) break;
                total += count * BgNbdFormulas.ExpectedCount(Parameters.R, Parameters.Alpha, Parameters.A, Parameters.B, times[k] - s);
            }
            destination[k] = total;
        }
    }

    private void CheckSummary(RfmSummary summary, int destinationLength)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.TimeUnit.DaysPerUnit != TimeUnit.DaysPerUnit)
            throw new ArgumentException($"The summary is in {summary.TimeUnit} but the model in {TimeUnit}.", nameof(summary));
        SameLength(summary.Count, destinationLength);
    }

    private static void SameLength(int expected, int actual)
    {
        if (expected != actual) throw new ArgumentException($"The destination has {actual} elements for {expected} inputs.", "destination");
    }
}
