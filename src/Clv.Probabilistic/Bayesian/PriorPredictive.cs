using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Bayesian;

/// <summary>Per-draw summaries of data simulated from the prior: what the priors say before seeing data.</summary>
/// <param name="MeanFrequency">Mean repeat purchases x per customer, one per prior draw.</param>
/// <param name="ZeroFraction">Fraction of customers with x = 0, one per prior draw.</param>
/// <param name="MeanSpend">Mean of z̄ over customers with x ≥ 1 (Gamma-Gamma only; empty otherwise).</param>
public sealed record PriorPredictiveSummary(double[] MeanFrequency, double[] ZeroFraction, double[] MeanSpend);

/// <summary>Prior predictive simulation: draw parameters from the priors and simulate customers with the model simulators.</summary>
/// <remarks>Gabry, Simpson, Vehtari, Betancourt &amp; Gelman (2019), "Visualization in Bayesian workflow", JRSS A 182(2), §3.</remarks>
public static class PriorPredictive
{
    /// <summary>Simulates <paramref name="draws"/> data sets of customers observed for <paramref name="observationLengths"/>.</summary>
    /// <param name="purchasePriors">BG/NBD priors.</param>
    /// <param name="spendPriors">Gamma-Gamma priors, or null to skip spend.</param>
    /// <param name="observationLengths">T of each simulated customer, in <paramref name="unit"/>.</param>
    /// <param name="unit">Time unit of T and of α.</param>
    /// <param name="draws">Number of prior draws.</param>
    /// <param name="seed">Seed; the same seed gives the same result.</param>
    public static PriorPredictiveSummary Simulate(BgNbdPriors purchasePriors, GammaGammaPriors? spendPriors,
        ReadOnlySpan<double> observationLengths, TimeUnit unit, int draws, int seed)
    {
        ArgumentNullException.ThrowIfNull(purchasePriors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(draws);
        if (observationLengths.IsEmpty) throw new ArgumentException("At least one customer is needed.", nameof(observationLengths));
        var random = new Xoshiro256StarStar(seed);
        var meanFrequency = new double[draws];
        var zeroFraction = new double[draws];
        var meanSpend = spendPriors is null ? [] : new double[draws];
        int n = observationLengths.Length;
        for (int d = 0; d < draws; d++)
        {
            var parameters = new BgNbdParameters(purchasePriors.R.Sample(random), purchasePriors.Alpha.Sample(random),
                purchasePriors.A.Sample(random), purchasePriors.B.Sample(random));
            var summary = new BgNbdSimulator(parameters, unit).Simulate(observationLengths, random.Next()).Summary;
            double total = 0, zeros = 0;
            foreach (double x in summary.Frequency)
            {
                total += x;
                if (x == 0) zeros++;
            }
            meanFrequency[d] = total / n;
            zeroFraction[d] = zeros / n;
            if (spendPriors is null) continue;
            var spend = GammaGammaSimulator.SimulateMeanSpend(
                new GammaGammaParameters(spendPriors.P.Sample(random), spendPriors.Q.Sample(random), spendPriors.Gamma.Sample(random)),
                summary.Frequency, random.Next());
            double sum = 0;
            int count = 0;
            for (int i = 0; i < n; i++)
                if (summary.Frequency[i] > 0) { sum += spend[i]; count++; }
            meanSpend[d] = count == 0 ? double.NaN : sum / count;
        }
        return new PriorPredictiveSummary(meanFrequency, zeroFraction, meanSpend);
    }
}
