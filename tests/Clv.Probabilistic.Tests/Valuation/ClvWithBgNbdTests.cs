using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Tests.Models.GammaGamma;
using Clv.Probabilistic.Valuation;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Valuation;

public class ClvWithBgNbdTests(ITestOutputHelper output)
{
    [Fact]
    public void CdnowValuesMatchTheLifetimesLibraryWithItsThirtyUnitPeriod()
    {
        // lifetimes' customer_lifetime_value(bgf, ..., time=12, discount_rate=0.01) on CDNOW (weeks) steps its default
        // freq='D' by 30 model units per "month": 12 periods of 30 weeks at 1% per period. Published output for customers
        // 1..5: 140.096218, 18.943466, 38.180575, 38.180575, 38.180575 (BG/NBD and Gamma-Gamma fitted unpenalised).
        var customers = CdnowSummary.Load();
        var purchases = ModelFitter.Fit(BgNbdDefinition.Instance, customers).Model;
        var spend = ModelFitter.Fit(GammaGammaDefinition.Instance, customers).Model;
        var thirtyWeeks = new TimeUnit("30 weeks", 30 * 7);
        var options = new ClvOptions(12, thirtyWeeks, new DiscountRate(0.01, thirtyWeeks));
        var result = CustomerLifetimeValue.Compute(purchases, spend, customers, options);
        double[] published = [140.096218, 18.943466, 38.180575, 38.180575, 38.180575];
        for (int i = 0; i < published.Length; i++)
        {
            output.WriteLine($"{customers.CustomerIds[i]}: {result.Values[i]:R} (lifetimes {published[i]})");
            Assert.Equal(published[i], result.Values[i], 0.01);
        }
    }

    [Fact]
    public void DiscreteAndContinuousDifferByTheTimingOfDiscountingOnly()
    {
        // With a zero rate both equal E[Y(H)] × E[Z]; with a positive rate the continuous value, which discounts each
        // purchase from its own time rather than from the end of its period, is the larger.
        var customers = CdnowSummary.Load();
        var purchases = new BgNbdModel(new BgNbdParameters(0.243, 4.414, 0.793, 2.426), TimeUnit.Weeks);
        var spend = new GammaGammaSpendModel(new GammaGammaParameters(6.25, 3.74, 15.44));
        var discrete = CustomerLifetimeValue.Compute(purchases, spend, customers, ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01)));
        var continuous = CustomerLifetimeValue.Compute(purchases, spend, customers,
            new ClvOptions(12, TimeUnit.Months, DiscountRate.PerMonth(0.01), DiscountingKind.Continuous));
        var expected = new double[customers.Count];
        purchases.ConditionalExpectedPurchases(customers, 12 * 365.25 / 12 / 7, expected);
        for (int i = 0; i < customers.Count; i++)
        {
            Assert.True(continuous.Values[i] > discrete.Values[i]);
            Assert.True(continuous.Values[i] <= discrete.Values[i] * 1.01);
            Assert.Equal(expected[i], continuous.ExpectedPurchases[i], 1e-12);
        }
        Assert.True(continuous.QuadratureErrorBound < 1e-7 * continuous.Values.ToArray().Max());
    }

    [Fact]
    public void ContinuousValueMatchesScalarQuadratureOfTheBgNbdExpectation()
    {
        // Reference per customer: e^(−δH) E[Y(H)] + δ ∫ e^(−δt) E[Y(t)] dt with MathNet's double-exponential rule on a
        // one-customer summary, independent of the vectorised adaptive Gauss–Kronrod kernel.
        var customers = CdnowSummary.Load();
        var purchases = new BgNbdModel(new BgNbdParameters(0.243, 4.414, 0.793, 2.426), TimeUnit.Weeks);
        var spend = new GammaGammaSpendModel(new GammaGammaParameters(6.25, 3.74, 15.44));
        var options = new ClvOptions(3, TimeUnit.Years, DiscountRate.PerYear(0.15), DiscountingKind.Continuous, margin: 0.4);
        var result = CustomerLifetimeValue.Compute(purchases, spend, customers, options);
        double delta = Math.Log(1.15) * 7 / 365.25, horizon = 3 * 365.25 / 7;
        foreach (int i in new[] { 0, 1, 2, 5, 8, 100, 1000 })
        {
            var one = new RfmSummary([customers.CustomerIds[i]], [customers.Frequency[i]], [customers.Recency[i]], [customers.T[i]],
                [customers.MonetaryValue[i]], TimeUnit.Weeks);
            var buffer = new double[1];
            double Expected(double t)
            {
                purchases.ConditionalExpectedPurchases(one, t, buffer);
                return buffer[0];
            }
            double integral = MathNet.Numerics.Integrate.DoubleExponential(t => Math.Exp(-delta * t) * Expected(t), 0, horizon, 1e-13);
            double discounted = Math.Exp(-delta * horizon) * Expected(horizon) + delta * integral;
            double reference = 0.4 * spend.ConditionalExpectedSpend(customers.Frequency[i], customers.MonetaryValue[i]) * discounted;
            Assert.Equal(reference, result.Values[i], reference * 1e-10);
        }
    }
}
