using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Tests.Models;

public class PriorPredictiveTests
{
    private static IReadOnlyList<ParameterPrior> PointPriors(params double[] values) =>
        values.Select(v => (ParameterPrior)new LogNormalPrior(v, 1e-6)).ToList();

    [Fact]
    public void PriorPredictiveWithATightPriorMatchesTheModelsExpectedFrequency()
    {
        // Priors concentrated at one point: the prior predictive mean frequency is then E[X(T)] (FHL 2005 eq. 7), the
        // fraction of zeros P(X(T) = 0) (eq. 8), and the mean of z̄ over repeat customers the population mean spend
        // p γ / (q − 1) (z̄ | ν has mean p/ν for every x, and E[1/ν] = γ/(q − 1)).
        var truth = new BgNbdParameters(0.8, 5.0, 0.7, 2.5);
        var spend = new GammaGammaParameters(6.25, 3.74, 15.44);
        var lengths = Enumerable.Repeat(30.0, 2000).ToArray();
        var result = PriorPredictive.Simulate(BgNbdDefinition.Instance, PointPriors(truth.R, truth.Alpha, truth.A, truth.B),
            GammaGammaDefinition.Instance, PointPriors(spend.ToArray()), lengths, TimeUnit.Weeks, draws: 20, seed: 3);
        var model = new BgNbdModel(truth, TimeUnit.Weeks);
        double expected = model.ExpectedPurchases(30.0);
        double mean = result.MeanFrequency.Average();
        // Standard error of a mean of 40,000 counts with sd ≲ 3 (checked loosely from the data).
        double se = 3.0 / Math.Sqrt(40000);
        Assert.InRange(mean, expected - 4 * se, expected + 4 * se);

        // A fraction of 40,000 Bernoulli outcomes: standard error at most 0.5/200.
        double zeros = Math.Exp(model.LogProbabilityOfPurchases(30.0, 0));
        Assert.InRange(result.ZeroFraction.Average(), zeros - 4 * 0.0025, zeros + 4 * 0.0025);

        // The 20 data sets are independent, so their spread gives the standard error of the average.
        double spendMean = result.MeanSpend.Average();
        double spendSe = Math.Sqrt(result.MeanSpend.Sum(v => (v - spendMean) * (v - spendMean)) / (20 - 1) / 20);
        Assert.InRange(spendMean, spend.PopulationMeanSpend - 5 * spendSe, spend.PopulationMeanSpend + 5 * spendSe);
    }

    [Fact]
    public void WithoutASpendModelThereIsNoSpendAndTheSameSeedGivesTheSameData()
    {
        var priors = BgNbdPriors.Default(TimeUnit.Weeks).ToList();
        double[] lengths = [10, 20, 30, 40];
        var first = PriorPredictive.Simulate(BgNbdDefinition.Instance, priors, null, null, lengths, TimeUnit.Weeks, draws: 5, seed: 8);
        var second = PriorPredictive.Simulate(BgNbdDefinition.Instance, priors, null, null, lengths, TimeUnit.Weeks, draws: 5, seed: 8);
        Assert.Empty(first.MeanSpend);
        Assert.Equal(first.MeanFrequency, second.MeanFrequency);
        Assert.Equal(first.ZeroFraction, second.ZeroFraction);
    }

    [Fact]
    public void PriorsMustMatchTheModelsParameters() =>
        Assert.Throws<ArgumentException>(() => PriorPredictive.Simulate(BgNbdDefinition.Instance, PointPriors(1, 2, 3),
            null, null, [10.0], TimeUnit.Weeks, draws: 1, seed: 1));
}
