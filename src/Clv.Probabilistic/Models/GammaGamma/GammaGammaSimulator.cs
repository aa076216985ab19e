using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Models.GammaGamma;

/// <summary>Seeded simulation of mean repeat spend from the Gamma-Gamma model.</summary>
/// <remarks>
/// Generative model (Fader, Hardie &amp; Lee 2005, JMR 42(4), "Adding monetary value"): ν ~ Gamma(q, rate γ) per customer,
/// each transaction value Gamma(p, rate ν). The mean of x such values is Gamma(px, rate xν), drawn directly.
/// Uses <see cref="Xoshiro256StarStar"/>, so a seed gives the same numbers on every machine.
/// </remarks>
public static class GammaGammaSimulator
{
    /// <summary>Simulates z̄ for customers with the given repeat-transaction counts (z̄ = 0 where x = 0).</summary>
    /// <param name="parameters">True parameters.</param>
    /// <param name="frequency">x per customer: whole numbers ≥ 0.</param>
    /// <param name="seed">Random seed.</param>
    /// <returns>The mean spend per customer.</returns>
    public static double[] SimulateMeanSpend(GammaGammaParameters parameters, ReadOnlySpan<double> frequency, int seed)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var random = new Xoshiro256StarStar(seed);
        var meanSpend = new double[frequency.Length];
        for (int i = 0; i < frequency.Length; i++)
        {
            double x = frequency[i];
            if (!double.IsFinite(x) || x < 0 || x != Math.Floor(x))
                throw new ArgumentException($"Row {i}: frequency {x} is not a whole number ≥ 0.", nameof(frequency));
            double nu = Gamma.Sample(random, parameters.Q, parameters.Gamma);
            meanSpend[i] = x == 0 ? 0.0 : Gamma.Sample(random, parameters.P * x, x * nu);
        }
        return meanSpend;
    }

    /// <summary>
    /// Simulates the total value of <paramref name="purchases"/> future transactions of a customer with x repeat
    /// transactions of mean z̄: ν | x, z̄ ~ Gamma(p x + q, rate γ + x z̄), and the sum of n values, each Gamma(p, rate ν),
    /// is Gamma(p n, rate ν).
    /// </summary>
    public static double SimulateFutureValue(GammaGammaParameters parameters, double x, double meanSpend, int purchases, Random random)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (purchases == 0) return 0;
        double nu = Gamma.Sample(random, parameters.P * x + parameters.Q, parameters.Gamma + x * meanSpend);
        return Gamma.Sample(random, parameters.P * purchases, nu);
    }
}
