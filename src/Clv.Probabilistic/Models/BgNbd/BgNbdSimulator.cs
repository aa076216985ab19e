using System.Globalization;
using Clv.Probabilistic.Data;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// Simulates the BG/NBD process (Fader, Hardie &amp; Lee 2005, section 3): each customer draws λ ~ Gamma(r, α) and
/// p ~ Beta(a, b), purchases at the times of a Poisson process of rate λ after a first purchase at 0, and after each
/// repeat purchase drops out with probability p. The same seed gives the same customers on every machine.
/// </summary>
public sealed class BgNbdSimulator
{
    /// <summary>Creates a simulator.</summary>
    public BgNbdSimulator(BgNbdParameters parameters, TimeUnit timeUnit)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        TimeUnit = timeUnit;
    }

    /// <summary>The parameters simulated from.</summary>
    public BgNbdParameters Parameters { get; }

    /// <summary>Unit of every duration.</summary>
    public TimeUnit TimeUnit { get; }

    /// <summary>Simulates one customer per element of <paramref name="observationLengths"/>.</summary>
    /// <param name="observationLengths">T of each customer: time from the first purchase to the end of calibration; ≥ 0.</param>
    /// <param name="seed">Seed of the Xoshiro256** generator.</param>
    /// <param name="holdoutLength">Length of the holdout period after T; ≥ 0.</param>
    /// <param name="wholeUnits">Round t_x down to whole time units, as when purchases are recorded by day.</param>
    public PurchaseSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false)
    {
        BgNbdChecks.Horizon(holdoutLength, nameof(holdoutLength));
        int n = observationLengths.Length;
        var random = new Xoshiro256StarStar(seed);
        var ids = new string[n];
        var x = new double[n];
        var recency = new double[n];
        var t = observationLengths.ToArray();
        var holdout = new double[n];
        double r = Parameters.R, alpha = Parameters.Alpha, a = Parameters.A, b = Parameters.B;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(t[i]) || t[i] < 0)
                throw new ArgumentOutOfRangeException(nameof(observationLengths), t[i], $"Observation length {i} must be finite and ≥ 0.");
            ids[i] = i.ToString(CultureInfo.InvariantCulture);
            double lambda = Gamma.Sample(random, r, alpha);
            double p = Beta.Sample(random, a, b);
            PurchaseUntilDropout(lambda, p, t[i], t[i] + holdoutLength, random, out x[i], out recency[i], out holdout[i]);
            if (wholeUnits) recency[i] = Math.Floor(recency[i]);
        }
        var summary = new RfmSummary(ids, x, recency, t, new double[n], Filled(n), TimeUnit, validate: false);
        return new PurchaseSimulation(summary, holdout, holdoutLength);
    }

    private static double[] Filled(int n)
    {
        var w = new double[n];
        Array.Fill(w, 1.0);
        return w;
    }

    /// <summary>
    /// One customer, active at time 0, buying at the times of a Poisson process of rate <paramref name="lambda"/> and
    /// dropping out after each purchase with probability <paramref name="p"/>: the purchases in (0, t] (their number and
    /// the time of the last) and in (t, end].
    /// </summary>
    internal static void PurchaseUntilDropout(double lambda, double p, double t, double end, Random random,
        out double purchases, out double lastPurchase, out double later)
    {
        purchases = lastPurchase = later = 0;
        if (!(lambda > 0)) return;
        double time = 0;
        while (true)
        {
            time += -Math.Log(1 - random.NextDouble()) / lambda;
            if (time > end) return;
            if (time <= t)
            {
                purchases++;
                lastPurchase = time;
            }
            else
            {
                later++;
            }
            SimulationLimit.Check(purchases + later, lambda);
            if (random.NextDouble() < p) return;
        }
    }

    /// <summary>
    /// Simulates one customer's realised purchases in (T, T + <paramref name="horizon"/>] from the exact conditional
    /// posterior of the customer's latent state given (x, t_x, T).
    /// </summary>
    /// <remarks>
    /// Given the history the customer is alive at T with probability P(alive | x, t_x, T) (FHL 2005 eq. 13). The
    /// likelihood of the history is λ^x e^{−λT} (1 − p)^x if alive, and λ^x e^{−λ t_x} p (1 − p)^{x−1} if the customer
    /// dropped out at the x-th repeat purchase (x ≥ 1), so alive: λ ~ Gamma(r + x, rate α + T), p ~ Beta(a, b + x);
    /// dead: no further purchases. An alive customer buys at the times of a Poisson(λ) process and drops out after each
    /// purchase with probability p (derivation in docs/bayesian.md).
    /// </remarks>
    public static int SimulateFuture(BgNbdParameters parameters, double x, double recency, double t, double horizon, Random random)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double r = parameters.R, alpha = parameters.Alpha, a = parameters.A, b = parameters.B;
        double alive = Math.Exp(-BgNbdFormulas.LogOddsDead(r, alpha, a, b, x, recency, t, out _));
        if (x > 0 && random.NextDouble() >= alive) return 0;
        double lambda = Gamma.Sample(random, r + x, alpha + t);
        double p = Beta.Sample(random, a, b + x);
        int count = 0;
        double time = 0;
        while (true)
        {
            time += -Math.Log(1 - random.NextDouble()) / lambda;
            if (time > horizon) return count;
            count++;
            SimulationLimit.Check(count, lambda);
            if (random.NextDouble() < p) return count;
        }
    }
}
