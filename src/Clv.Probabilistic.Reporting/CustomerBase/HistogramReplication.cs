using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Models;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Reporting.CustomerBase;

/// <summary>
/// Posterior predictive check of the period-transactions histogram from the parameter draws of a purchase-model fit
/// (posterior draws, or draws from the asymptotic normal of an estimate): for each draw, the expected histogram
/// Σ_i P(X(T_i) = n | θ_d) and one replicated histogram drawn customer by customer from the same probabilities, passed
/// to <see cref="PosteriorPredictiveCheck"/>.
/// </summary>
/// <remarks>
/// P(X(t) = n) is the model's <see cref="IPurchaseModel.LogProbabilityOfPurchases"/> (for BG/NBD Fader, Hardie &amp; Lee
/// (2005), eq. 8) at each draw, made by <c>fit.Definition.CreatePurchaseModel</c>. A row of weight w stands for w
/// customers and is replicated w times (weights are rounded to whole customers for the replication; the expected
/// histogram uses them as they are). At most <c>maxDraws</c> evenly spaced draws are used.
/// </remarks>
public static class HistogramReplication
{
    /// <summary>Replicates the histogram under the draws and computes the check.</summary>
    /// <param name="fit">The purchase-model fit whose draws are used.</param>
    /// <param name="summary">The calibration summary the model was fitted to, in the fit's time unit.</param>
    /// <param name="seed">Seed of the replication (Xoshiro256**).</param>
    /// <param name="k">Lower bound of the last bin.</param>
    /// <param name="maxDraws">At most this many draws are used, evenly thinned.</param>
    /// <param name="level">Central probability of the per-bin intervals.</param>
    /// <exception cref="InvalidOperationException">The fit carries no draws.</exception>
    /// <exception cref="ArgumentException">The fit is not a purchase model, or its time unit differs from the summary's.</exception>
    public static PosteriorPredictiveCheck Compute(ModelFit fit, Data.RfmSummary summary, int seed, int k = 7,
        int maxDraws = 200, double level = 0.9)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDraws, 1);
        FitKinds.Require(fit, ModelKind.Purchase, nameof(fit));
        if (fit.TimeUnit != summary.TimeUnit)
            throw new ArgumentException($"The {fit.Definition.DisplayName} fit is in {fit.TimeUnit.Name} but the summary in {summary.TimeUnit.Name}.", nameof(summary));
        var draws = fit.RequireDraws();
        int used = Math.Min(maxDraws, draws.Count), bins = k + 1, n = summary.Count;
        var observed = PeriodTransactionsHistogram.CountObserved(summary.Frequency, summary.Weights, k);
        var distinctT = summary.T.ToArray().Distinct().ToArray();
        var rowOfT = new Dictionary<double, int>();
        for (int j = 0; j < distinctT.Length; j++) rowOfT[distinctT[j]] = j;

        var random = new Xoshiro256StarStar(seed);
        var replicated = new double[used * bins];
        var expected = new double[used * bins];
        var cumulative = new double[distinctT.Length * bins];
        for (int d = 0; d < used; d++)
        {
            var draw = draws.Draw((int)((long)d * draws.Count / used));
            var model = fit.Definition.CreatePurchaseModel(draw, fit.TimeUnit);
            for (int j = 0; j < distinctT.Length; j++)
            {
                double sum = 0;
                for (int b = 0; b < k; b++)
                {
                    sum += Math.Exp(model.LogProbabilityOfPurchases(distinctT[j], b));
                    cumulative[j * bins + b] = Math.Min(sum, 1.0);
                }
                cumulative[j * bins + k] = 1.0;
            }
            var expectedRow = expected.AsSpan(d * bins, bins);
            var replicatedRow = replicated.AsSpan(d * bins, bins);
            for (int i = 0; i < n; i++)
            {
                var cdf = cumulative.AsSpan(rowOfT[summary.T[i]] * bins, bins);
                double w = summary.Weights[i];
                for (int b = 0; b < bins; b++) expectedRow[b] += w * (cdf[b] - (b == 0 ? 0 : cdf[b - 1]));
                for (long copy = 0, copies = (long)Math.Round(w); copy < copies; copy++)
                {
                    double u = random.NextDouble();
                    int bin = 0;
                    while (bin < k && u >= cdf[bin]) bin++;
                    replicatedRow[bin]++;
                }
            }
        }
        return PosteriorPredictiveCheck.Compute(observed, replicated, expected, level);
    }
}
