using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Tests.Valuation;

public class CustomerLifetimeValueTests
{
    private static void AssertClose(double expected, double actual, double relative)
    {
        double scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= relative * scale, $"expected {expected:R}, got {actual:R}");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(1.3)]
    public void DiscreteMatchesTheClosedFormOfTheTestModel(double mu)
    {
        // Weekly model, 12 months at 1% a month, margin 0.3: λ Δ Σ v^k for Poisson, geometric series with decay.
        var customers = TestCustomers.Create(TimeUnit.Weeks);
        var model = new DecayingPoissonModel(TimeUnit.Weeks, mu);
        var options = ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01), margin: 0.3);
        var result = CustomerLifetimeValue.Compute(model, new ShiftedMeanSpendModel(), customers, options);
        double step = 365.25 / 12 / 7;
        for (int i = 0; i < customers.Count; i++)
        {
            double lambda = DecayingPoissonModel.Rate(customers, i);
            double expected = 0.3 * ShiftedMeanSpendModel.Spend(customers, i) * model.DiscreteClosedForm(lambda, step, 12, 1 / 1.01);
            AssertClose(expected, result.Values[i], 1e-13);
            AssertClose(model.Expected(lambda, 12 * step), result.ExpectedPurchases[i], 1e-14);
        }
        Assert.Equal(0.0, result.QuadratureErrorBound);
    }

    [Theory]
    [InlineData(0.0, 3.0)]
    [InlineData(0.2, 3.0)]
    [InlineData(0.02, 2.5)]
    [InlineData(40.0, 1.0)]
    public void ContinuousMatchesTheClosedFormOfTheTestModel(double mu, double years)
    {
        // Monthly model, 10% a year: δ = ln(1.1)/12 per month; λ (1 − e^(−(δ+μ)H))/(δ+μ).
        var customers = TestCustomers.Create(TimeUnit.Months);
        var model = new DecayingPoissonModel(TimeUnit.Months, mu);
        var options = new ClvOptions(years, TimeUnit.Years, DiscountRate.PerYear(0.10), DiscountingKind.Continuous, margin: 2.0);
        var result = CustomerLifetimeValue.Compute(model, new ShiftedMeanSpendModel(), customers, options);
        double delta = Math.Log(1.1) / 12, horizon = 12 * years;
        for (int i = 0; i < customers.Count; i++)
        {
            double lambda = DecayingPoissonModel.Rate(customers, i);
            double expected = 2.0 * ShiftedMeanSpendModel.Spend(customers, i) * model.ContinuousClosedForm(lambda, horizon, delta);
            AssertClose(expected, result.Values[i], 1e-11);
        }
        Assert.True(result.QuadratureErrorBound < 1e-7 * result.Values.ToArray().Max());
    }

    [Theory]
    [InlineData(DiscountingKind.Discrete)]
    [InlineData(DiscountingKind.Continuous)]
    public void ZeroDiscountGivesMarginTimesSpendTimesExpectedPurchases(DiscountingKind kind)
    {
        var customers = TestCustomers.Create(TimeUnit.Weeks);
        var model = new DecayingPoissonModel(TimeUnit.Weeks, 0.03);
        var options = new ClvOptions(24, TimeUnit.Months, DiscountRate.PerMonth(0), kind, margin: 0.25);
        var result = CustomerLifetimeValue.Compute(model, new ShiftedMeanSpendModel(), customers, options);
        double horizon = 24 * 365.25 / 12 / 7;
        for (int i = 0; i < customers.Count; i++)
        {
            double expected = 0.25 * ShiftedMeanSpendModel.Spend(customers, i) * model.Expected(DecayingPoissonModel.Rate(customers, i), horizon);
            AssertClose(expected, result.Values[i], 1e-13);
        }
    }

    [Theory]
    [InlineData(DiscountingKind.Discrete)]
    [InlineData(DiscountingKind.Continuous)]
    public void BlocksValuedInParallelGiveTheSameValuesAsOneBlock(DiscountingKind kind)
    {
        var customers = TestCustomers.Create(TimeUnit.Weeks);
        var model = new DecayingPoissonModel(TimeUnit.Weeks, 0.1);
        var options = new ClvOptions(12, TimeUnit.Months, DiscountRate.PerYear(0.12), kind);
        var whole = CustomerLifetimeValue.Compute(model, new ShiftedMeanSpendModel(), customers, options);
        var blocks = CustomerLifetimeValue.Compute(model, new ShiftedMeanSpendModel(), customers, options, rowsPerBlock: 3);
        for (int i = 0; i < customers.Count; i++) AssertClose(whole.Values[i], blocks.Values[i], 1e-14);
        Assert.Equal(customers.CustomerIds, blocks.CustomerIds);
    }

    [Fact]
    public void TotalsAreWeightedSumsOverTheBaseAndOverSubsets()
    {
        double[] weights = [1, 2, 3, 1, 5, 1, 1, 4, 1, 2];
        var customers = TestCustomers.Create(TimeUnit.Weeks, weights);
        var result = CustomerLifetimeValue.Compute(new DecayingPoissonModel(TimeUnit.Weeks), new ShiftedMeanSpendModel(), customers,
            ClvOptions.Monthly(6, DiscountRate.PerYear(0.1)));
        double total = 0, subset = 0;
        for (int i = 0; i < customers.Count; i++)
        {
            total += weights[i] * result.Values[i];
            if (i is 1 or 4 or 7) subset += weights[i] * result.Values[i];
        }
        AssertClose(total, result.Total, 1e-14);
        var mask = new bool[customers.Count];
        mask[1] = mask[4] = mask[7] = true;
        AssertClose(subset, result.TotalFor(mask), 1e-14);
        AssertClose(subset, result.TotalFor(["c7", "c1", "c4", "c1"]), 1e-14);
        Assert.Throws<KeyNotFoundException>(() => result.TotalFor(["c1", "nobody"]));
        Assert.Throws<ArgumentException>(() => result.TotalFor(new bool[3]));
    }

    [Fact]
    public void RejectsCustomersSummarisedInAnotherUnitThanTheModel()
    {
        var error = Assert.Throws<ArgumentException>(() => CustomerLifetimeValue.Compute(
            new DecayingPoissonModel(TimeUnit.Months), new ShiftedMeanSpendModel(), TestCustomers.Create(TimeUnit.Weeks),
            ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01))));
        Assert.Contains("weeks", error.Message);
        Assert.Contains("months", error.Message);
    }

    [Fact]
    public void DiscreteDiscountingNeedsWholePeriods()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClvOptions(12.5, TimeUnit.Months, DiscountRate.PerMonth(0.01)));
        var continuous = new ClvOptions(12.5, TimeUnit.Months, DiscountRate.PerMonth(0.01), DiscountingKind.Continuous);
        Assert.Equal(12.5, continuous.Horizon);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01), margin: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClvOptions.Monthly(0, DiscountRate.PerMonth(0.01)));
        Assert.Throws<ArgumentException>(() => CustomerLifetimeValue.Compute(new DecayingPoissonModel(TimeUnit.Weeks),
            new ShiftedMeanSpendModel(), TestCustomers.Create(TimeUnit.Weeks), continuous with { Discounting = DiscountingKind.Discrete }));
    }

    [Fact]
    public void NonFiniteModelOutputNamesTheCustomer()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CustomerLifetimeValue.Compute(
            new BrokenModel(), new ShiftedMeanSpendModel(), TestCustomers.Create(TimeUnit.Weeks), ClvOptions.Monthly(3, DiscountRate.PerMonth(0.01))));
        Assert.Contains("'c3'", error.Message);
    }

    [Fact]
    public void CdnowWithGammaGammaSpendIsSpendTimesDiscountedPurchases()
    {
        var customers = Models.GammaGamma.CdnowSummary.Load();
        var spend = new GammaGammaSpendModel(new GammaGammaParameters(6.25, 3.74, 15.44));
        var model = new DecayingPoissonModel(TimeUnit.Weeks, 0.01);
        var result = CustomerLifetimeValue.Compute(model, spend, customers, ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01), margin: 0.2));
        double step = 365.25 / 12 / 7, total = 0;
        for (int i = 0; i < customers.Count; i++)
        {
            double z = spend.ConditionalExpectedSpend(customers.Frequency[i], customers.MonetaryValue[i]);
            double expected = 0.2 * z * model.DiscreteClosedForm(DecayingPoissonModel.Rate(customers, i), step, 12, 1 / 1.01);
            AssertClose(expected, result.Values[i], 1e-12);
            total += expected;
        }
        AssertClose(total, result.Total, 1e-12);
    }

    private sealed class BrokenModel : IPurchaseModel
    {
        public TimeUnit TimeUnit => TimeUnit.Weeks;

        public void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination)
        {
            destination.Fill(t);
            destination[3] = double.NaN;
        }

        public double ExpectedPurchases(double t) => throw DecayingPoissonModel.Unused();

        public double LogProbabilityOfPurchases(double t, int n) => throw DecayingPoissonModel.Unused();

        public void ProbabilityAlive(RfmSummary summary, Span<double> destination) => throw DecayingPoissonModel.Unused();

        public void ExpectedCumulativeRepeatPurchases(ReadOnlySpan<double> firstPurchaseOffsets, ReadOnlySpan<double> times, Span<double> destination) =>
            throw DecayingPoissonModel.Unused();

        public int SimulateFuturePurchases(double x, double recency, double t, double horizon, Random random) => throw DecayingPoissonModel.Unused();

        public PurchaseSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false) =>
            throw DecayingPoissonModel.Unused();
    }
}
