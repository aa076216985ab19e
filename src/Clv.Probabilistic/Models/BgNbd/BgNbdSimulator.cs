using System.Globalization;
using Clv.Probabilistic.Data;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>Simulated customers: their calibration summary and their purchases in a holdout period.</summary>
public sealed class BgNbdSimulation
{
    private readonly double[] _holdout;

    internal BgNbdSimulation(RfmSummary summary, double[] holdout, double holdoutLength)
    {
        Summary = summary;
        _holdout = holdout;
        HoldoutLength = holdoutLength;
    }

    /// <summary>x, t_x, T of each customer over the calibration period (0, T].</summary>
    public RfmSummary Summary { get; }

    /// <summary>Purchases of each customer in (T, T + <see cref="HoldoutLength"/>].</summary>
    public ReadOnlySpan<double> HoldoutPurchases => _holdout;

    /// <summary>Length of the holdout period (0 when none was simulated).</summary>
    public double HoldoutLength { get; }
}

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
    public BgNbdSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false)
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
            double end = t[i] + holdoutLength, time = 0;
            if (lambda > 0)
            {
                while (true)
                {
                    time += -Math.Log(1 - random.NextDouble()) / lambda;
                    if (time > end) break;
                    if (time <= t[i])
                    {
                        x[i]++;
                        recency[i] = time;
                    }
                    else
                    {
                        holdout[i]++;
                    }
                    if (random.NextDouble() < p) break;
                }
            }
            if (wholeUnits) recency[i] = Math.Floor(recency[i]);
        }
        var summary = new RfmSummary(ids, x, recency, t, new double[n], Filled(n), TimeUnit, validate: false);
        return new BgNbdSimulation(summary, holdout, holdoutLength);
    }

    private static double[] Filled(int n)
    {
        var w = new double[n];
        Array.Fill(w, 1.0);
        return w;
    }
}
