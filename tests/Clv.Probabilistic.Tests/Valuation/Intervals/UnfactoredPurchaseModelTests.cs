using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Valuation;
using Clv.Probabilistic.Valuation.Intervals;

namespace Clv.Probabilistic.Tests.Valuation.Intervals;

/// <summary>
/// The per-customer path of <see cref="PredictionIntervals.Compute"/>, taken by purchase models whose expectation does
/// not factor through P(alive): BG/NBD behind a wrapper that says so must give the intervals of the factored path.
/// </summary>
public class UnfactoredPurchaseModelTests
{
    /// <summary>BG/NBD in every respect but <see cref="IPurchaseModel.ExpectationFactorsThroughAlive"/>.</summary>
    private sealed class Unfactored(BgNbdModel inner) : IPurchaseModel
    {
        public TimeUnit TimeUnit => inner.TimeUnit;

        public bool ExpectationFactorsThroughAlive => false;

        public double ExpectedPurchases(double t) => inner.ExpectedPurchases(t);

        public double LogProbabilityOfPurchases(double t, int n) => inner.LogProbabilityOfPurchases(t, n);

        public void ProbabilityAlive(RfmSummary summary, Span<double> destination) => inner.ProbabilityAlive(summary, destination);

        public void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination) =>
            inner.ConditionalExpectedPurchases(summary, t, destination);

        public void ExpectedCumulativeRepeatPurchases(ReadOnlySpan<double> firstPurchaseOffsets, ReadOnlySpan<double> times, Span<double> destination) =>
            inner.ExpectedCumulativeRepeatPurchases(firstPurchaseOffsets, times, destination);

        public int SimulateFuturePurchases(double x, double recency, double t, double horizon, Random random) =>
            inner.SimulateFuturePurchases(x, recency, t, horizon, random);

        public PurchaseSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false) =>
            inner.Simulate(observationLengths, seed, holdoutLength, wholeUnits);
    }

    private sealed class UnfactoredDefinition : ModelDefinition<BgNbdParameters, IPurchaseModel>
    {
        private static readonly BgNbdDefinition BgNbd = BgNbdDefinition.Instance;

        public override string Name => "bgnbd-unfactored";

        public override string DisplayName => "BG/NBD (unfactored)";

        public override ModelKind Kind => ModelKind.Purchase;

        public override string Reference => BgNbd.Reference;

        public override ParameterSpace Parameters => BgNbd.Parameters;

        public override ModelData Prepare(RfmSummary summary) => BgNbd.Prepare(summary);

        public override ILogDensity LogLikelihood(ModelData data) => BgNbd.LogLikelihood(data);

        public override double[] StartingValues(ModelData data) => BgNbd.StartingValues(data);

        public override IReadOnlyList<ParameterPrior> DefaultPriors(ModelData data) => BgNbd.DefaultPriors(data);

        public override BgNbdParameters CreateParameters(ReadOnlySpan<double> values) => BgNbd.CreateParameters(values);

        public override double[] ToValues(BgNbdParameters parameters) => BgNbd.ToValues(parameters);

        public override IPurchaseModel CreateModel(BgNbdParameters parameters, TimeUnit timeUnit) =>
            new Unfactored(BgNbd.CreateModel(parameters, timeUnit));
    }

    [Fact]
    public void PerCustomerPathGivesTheFactoredIntervals()
    {
        var customers = SummaryRows.Range(Datasets.CdnowSummaryWithMonetaryValue(), 0, 300);
        var options = new FitOptions { Draws = 40, Seed = 3 };
        var factored = ModelFitter.Fit(BgNbdDefinition.Instance, customers, options);
        var unfactored = ModelFitter.Fit(new UnfactoredDefinition(), customers, options);
        var spend = ModelFitter.Fit(GammaGammaDefinition.Instance, customers, options with { Seed = 4 });
        Assert.Equal(factored.RequireDraws().Values.ToArray(), unfactored.RequireDraws().Values.ToArray());
        var intervals = new IntervalOptions { Level = 0.8, Horizon = 39, Clv = ClvOptions.Monthly(12, DiscountRate.PerYear(0.1)), RowsPerBlock = 64 };
        var expected = PredictionIntervals.Compute(factored, spend, customers, intervals);
        var actual = PredictionIntervals.Compute(unfactored, spend, customers, intervals);
        foreach (var name in new[] { "expected_purchases", "p_alive", "expected_spend", "clv" })
        {
            var (e, a) = (expected[name]!, actual[name]!);
            for (int i = 0; i < customers.Count; i++)
            {
                Assert.Equal(e.Lower[i], a.Lower[i], 1e-12 * Math.Max(1, Math.Abs(e.Lower[i])));
                Assert.Equal(e.Upper[i], a.Upper[i], 1e-12 * Math.Max(1, Math.Abs(e.Upper[i])));
            }
        }
    }
}
