using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference.Priors;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Models;

/// <summary>Per-draw summaries of data simulated from the prior: what the priors say before seeing data.</summary>
/// <param name="MeanFrequency">Mean repeat purchases x per customer, one per prior draw.</param>
/// <param name="ZeroFraction">Fraction of customers with x = 0, one per prior draw.</param>
/// <param name="MeanSpend">Mean of z̄ over customers with x ≥ 1 (with a spend model only; empty otherwise).</param>
public sealed record PriorPredictiveSummary(double[] MeanFrequency, double[] ZeroFraction, double[] MeanSpend);

/// <summary>Prior predictive simulation: draw parameters from the priors and simulate customers with the model simulators.</summary>
/// <remarks>Gabry, Simpson, Vehtari, Betancourt &amp; Gelman (2019), "Visualization in Bayesian workflow", JRSS A 182(2), §3.</remarks>
public static class PriorPredictive
{
    /// <summary>Simulates <paramref name="draws"/> data sets of customers observed for <paramref name="observationLengths"/>.</summary>
    /// <param name="purchaseModel">A purchase model.</param>
    /// <param name="purchasePriors">Its priors, one per parameter.</param>
    /// <param name="spendModel">A spend model, or null to skip spend.</param>
    /// <param name="spendPriors">Its priors (with a spend model).</param>
    /// <param name="observationLengths">T of each simulated customer, in <paramref name="unit"/>.</param>
    /// <param name="unit">Time unit of T and of the purchase model's parameters.</param>
    /// <param name="draws">Number of prior draws.</param>
    /// <param name="seed">Seed; the same seed gives the same result.</param>
    public static PriorPredictiveSummary Simulate(ModelDefinition purchaseModel, IReadOnlyList<ParameterPrior> purchasePriors,
        ModelDefinition? spendModel, IReadOnlyList<ParameterPrior>? spendPriors,
        ReadOnlySpan<double> observationLengths, TimeUnit unit, int draws, int seed)
    {
        ArgumentNullException.ThrowIfNull(purchaseModel);
        ArgumentNullException.ThrowIfNull(purchasePriors);
        if (purchasePriors.Count != purchaseModel.Parameters.Dimension)
            throw new ArgumentException($"{purchasePriors.Count} priors for the {purchaseModel.Parameters.Dimension} parameters of {purchaseModel.DisplayName}.", nameof(purchasePriors));
        if (spendModel is not null && (spendPriors is null || spendPriors.Count != spendModel.Parameters.Dimension))
            throw new ArgumentException($"The spend model {spendModel.DisplayName} needs one prior per parameter.", nameof(spendPriors));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(draws);
        if (observationLengths.IsEmpty) throw new ArgumentException("At least one customer is needed.", nameof(observationLengths));
        var random = new Xoshiro256StarStar(seed);
        var meanFrequency = new double[draws];
        var zeroFraction = new double[draws];
        var meanSpend = spendModel is null ? [] : new double[draws];
        int n = observationLengths.Length;
        for (int d = 0; d < draws; d++)
        {
            var purchases = purchaseModel.CreatePurchaseModel(Sample(purchasePriors, random), unit);
            var summary = purchases.Simulate(observationLengths, random.Next()).Summary;
            double total = 0, zeros = 0;
            foreach (double x in summary.Frequency)
            {
                total += x;
                if (x == 0) zeros++;
            }
            meanFrequency[d] = total / n;
            zeroFraction[d] = zeros / n;
            if (spendModel is null) continue;
            var spend = spendModel.CreateSpendModel(Sample(spendPriors!, random)).SimulateMeanSpend(summary.Frequency, random.Next());
            double sum = 0;
            int count = 0;
            for (int i = 0; i < n; i++)
                if (summary.Frequency[i] > 0) { sum += spend[i]; count++; }
            meanSpend[d] = count == 0 ? double.NaN : sum / count;
        }
        return new PriorPredictiveSummary(meanFrequency, zeroFraction, meanSpend);
    }

    private static double[] Sample(IReadOnlyList<ParameterPrior> priors, Random random)
    {
        var values = new double[priors.Count];
        for (int j = 0; j < values.Length; j++) values[j] = priors[j].Sample(random);
        return values;
    }
}
