using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Tests.Valuation;

public sealed class PeriodPredictionsTests
{
    private static readonly Lazy<(RfmSummary Customers, BgNbdModel Purchases, GammaGammaSpendModel Spend)> Cdnow = new(() =>
    {
        var customers = Datasets.CdnowSummaryWithMonetaryValue();
        return (customers, ModelFitter.Fit(BgNbdDefinition.Instance, customers).Model, ModelFitter.Fit(GammaGammaDefinition.Instance, customers).Model);
    });

    [Fact]
    public void Discounted_values_of_the_months_sum_to_each_customers_clv_and_purchases_to_the_horizons_expectation()
    {
        var (customers, purchases, spend) = Cdnow.Value;
        var options = new ClvOptions(12, TimeUnit.Months, DiscountRate.PerYear(0.1), DiscountingKind.Discrete, margin: 0.3);
        var periods = PeriodPredictions.Compute(purchases, customers, options, spend);
        var clv = CustomerLifetimeValue.Compute(purchases, spend, customers, options);
        var horizon = purchases.ConditionalExpectedPurchases(customers, TimeUnit.Months.ConvertTo(12, TimeUnit.Weeks));
        var expectedSpend = spend.ConditionalExpectedSpend(customers);
        Assert.Equal(12, periods.Periods);
        Assert.True(periods.HasValue);
        for (int i = 0; i < customers.Count; i++)
        {
            var value = periods.DiscountedValueOf(i);
            var bought = periods.PurchasesOf(i);
            Assert.Equal(clv.Values[i], value.Sum(), 1e-12 * Math.Max(1, clv.Values[i]));
            Assert.Equal(horizon[i], bought.Sum(), 1e-12 * Math.Max(1, horizon[i]));
            for (int k = 1; k <= 12; k++)
            {
                Assert.True(bought[k - 1] >= 0, $"customer {i}, month {k}");
                Assert.Equal(0.3 * expectedSpend[i] * bought[k - 1], periods.ValueIn(k)[i], 1e-12 * Math.Max(1, periods.ValueIn(k)[i]));
                Assert.Equal(periods.ValueIn(k)[i] / Math.Pow(1.1, k / 12.0), value[k - 1], 1e-12 * Math.Max(1, value[k - 1]));
            }
        }
    }

    [Fact]
    public void First_period_is_the_conditional_expectation_over_one_period_and_later_periods_buy_less()
    {
        var (customers, purchases, _) = Cdnow.Value;
        var periods = PeriodPredictions.Compute(purchases, customers, ClvOptions.Monthly(6, DiscountRate.PerMonth(0.01)));
        var oneMonth = purchases.ConditionalExpectedPurchases(customers, TimeUnit.Months.ConvertTo(1, TimeUnit.Weeks));
        Assert.Equal(oneMonth, periods.PurchasesIn(1).ToArray());
        Assert.False(periods.HasValue);
        // Dropout only removes customers over time, so a later month of equal length never expects more purchases.
        for (int k = 2; k <= 6; k++)
            for (int i = 0; i < customers.Count; i++)
                Assert.True(periods.PurchasesIn(k)[i] <= periods.PurchasesIn(k - 1)[i] * (1 + 1e-12), $"customer {i}, month {k}");
        Assert.Throws<InvalidOperationException>(() => periods.ValueIn(1).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => periods.PurchasesIn(7).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => periods.PurchasesIn(0).ToArray());
    }

    [Fact]
    public void Continuous_discounting_and_mismatched_units_are_refused()
    {
        var (customers, purchases, spend) = Cdnow.Value;
        var e = Assert.Throws<ArgumentException>(() => PeriodPredictions.Compute(purchases, customers,
            new ClvOptions(12, TimeUnit.Months, DiscountRate.PerYear(0.1), DiscountingKind.Continuous), spend));
        Assert.Contains("discrete discounting", e.Message);
        var days = new RfmSummary(["a"], [1.0], [3.0], [10.0], [5.0], TimeUnit.Days);
        Assert.Throws<ArgumentException>(() => PeriodPredictions.Compute(purchases, days, ClvOptions.Monthly(3, DiscountRate.PerMonth(0.01))));
    }

    [Fact]
    public void Array_overloads_return_what_the_span_methods_write()
    {
        var (customers, purchases, spend) = Cdnow.Value;
        IPurchaseModel model = purchases;
        var alive = new double[customers.Count];
        model.ProbabilityAlive(customers, alive);
        Assert.Equal(alive, model.ProbabilityAlive(customers));
        var pmf = new double[customers.Count];
        model.ConditionalProbabilityOfPurchases(customers, 39, 2, pmf);
        Assert.Equal(pmf, model.ConditionalProbabilityOfPurchases(customers, 39, 2));
        var z = new double[customers.Count];
        ((ISpendModel)spend).ConditionalExpectedSpend(customers, z);
        Assert.Equal(z, ((ISpendModel)spend).ConditionalExpectedSpend(customers));
    }
}
