using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Valuation;
using Clv.Probabilistic.Valuation.Intervals;

namespace Clv.Probabilistic.Tests.Valuation;

/// <summary>
/// The one per-customer prediction table: each column equals the model's own prediction of that customer alone, CLV
/// equals <see cref="CustomerLifetimeValue"/>, rows, lookups, intervals and the CSV agree with the columns.
/// </summary>
public class CustomerPredictionsTests
{
    private static readonly Lazy<RfmSummary> Cdnow = new(Clv.Probabilistic.Datasets.CdnowSummaryWithMonetaryValue);

    /// <summary>The customers predicted: the first 120 of CDNOW (the models are fitted to all 2,357).</summary>
    private static readonly Lazy<RfmSummary> Customers = new(() => SummaryRows.Range(Cdnow.Value, 0, 120));

    private static readonly Lazy<ModelFit> Spend = new(() => ModelFitter.Fit(GammaGammaDefinition.Instance, Cdnow.Value, new FitOptions { Draws = 100, Seed = 2 }));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ModelFit> Fits = new();

    private static readonly ClvOptions Valuation = ClvOptions.Monthly(12, DiscountRate.PerYear(0.1));

    public static TheoryData<string> PurchaseModels()
    {
        var data = new TheoryData<string>();
        foreach (var definition in ModelRegistry.All.Where(d => d.Kind == ModelKind.Purchase)) data.Add(definition.Name);
        return data;
    }

    /// <summary>The model fitted to CDNOW (GGom/NBD runs to its Pareto/NBD boundary there: its fit is kept, as a user's would be).</summary>
    private static ModelFit Fit(string name) => Fits.GetOrAdd(name, _ =>
        ModelFitter.Fit(ModelRegistry.All.Single(d => d.Name == name), Cdnow.Value, new FitOptions { Draws = 100, Seed = 1, ThrowIfUnreliable = false }));

    [Theory]
    [MemberData(nameof(PurchaseModels))]
    public void EveryColumnIsTheModelsPredictionOfThatCustomerAlone(string name)
    {
        var purchases = Fit(name).PurchaseModel();
        var spend = Spend.Value.SpendModel();
        var customers = Customers.Value;
        var table = CustomerPredictions.Compute(purchases, customers, 6, TimeUnit.Months, spend, Valuation);
        var clv = CustomerLifetimeValue.Compute(purchases, spend, customers, Valuation);
        double t = TimeUnit.Months.ConvertTo(6, TimeUnit.Weeks);
        Assert.Equal(t, table.Horizon, 1e-12);
        Assert.True(table.HasValue);
        Assert.False(table.IsUnbounded);
        var one = new double[1];
        for (int i = 0; i < customers.Count; i++)
        {
            var alone = SummaryRows.Range(customers, i, 1);
            purchases.ConditionalExpectedPurchases(alone, t, one);
            Assert.Equal(one[0], table.ExpectedPurchases[i], 1e-12 * (1 + one[0]));
            purchases.ProbabilityAlive(alone, one);
            Assert.Equal(one[0], table.ProbabilityAlive[i], 1e-12);
            spend.ConditionalExpectedSpend(alone, one);
            Assert.Equal(one[0], table.ExpectedSpend[i], 1e-12 * one[0]);
            Assert.Equal(clv.Values[i], table.Clv[i]);

            var row = table[i];
            Assert.Equal((customers.CustomerIds[i], table.ExpectedPurchases[i], table.ProbabilityAlive[i], table.ExpectedSpend[i], table.Clv[i]),
                (row.CustomerId, row.ExpectedPurchases, row.ProbabilityAlive, row.ExpectedSpend!.Value, row.Clv!.Value));
            Assert.Null(row.ClvInterval);
            Assert.Null(row.FuturePurchasesInterval);
        }
        Assert.Equal(clv.Total, table.Value!.Total);
    }

    [Fact]
    public void PurchasesOnlyHaveNoValueColumnsAndSayWhy()
    {
        var table = CustomerPredictions.Compute(Fit("bgnbd").PurchaseModel(), Customers.Value, 10);
        Assert.False(table.HasValue);
        Assert.Null(table[0].Clv);
        Assert.Equal(["customer_id", "expected_purchases", "p_alive"], table.ColumnNames);
        Assert.Throws<InvalidOperationException>(() => table.Clv.Length);
        Assert.Throws<InvalidOperationException>(() => table.ExpectedSpend.Length);
    }

    [Fact]
    public void CredibleAndPredictiveIntervalsAreNamedInEachRowAndWrittenAfterTheirColumns()
    {
        var purchaseFit = Fit("bgnbd");
        var customers = Customers.Value;
        var table = CustomerPredictions.Compute(purchaseFit.PurchaseModel(), customers, 52, null, Spend.Value.SpendModel(), new ClvOptions(52, TimeUnit.Weeks, DiscountRate.PerYear(0.1)));
        var options = new IntervalOptions { Level = 0.8, Horizon = 52, Clv = new ClvOptions(52, TimeUnit.Weeks, DiscountRate.PerYear(0.1)), MaxDraws = 40 };
        var credible = PredictionIntervals.Compute(purchaseFit, Spend.Value, customers, options);
        var predictive = PredictionIntervals.Predictive(purchaseFit, Spend.Value, customers, options);
        var both = table.WithIntervals(credible).WithIntervals(predictive);
        Assert.Null(table.CredibleIntervals); // attaching returns a new table
        Assert.Same(credible, both.CredibleIntervals);
        Assert.Same(predictive, both.PredictiveIntervals);
        for (int i = 0; i < customers.Count; i++)
        {
            var row = both[i];
            Assert.Equal((credible.Clv!.Lower[i], credible.Clv.Upper[i], 0.8), (row.ClvInterval!.Value.Lower, row.ClvInterval.Value.Upper, row.ClvInterval.Value.Level));
            Assert.Equal((credible.ProbabilityAlive!.Lower[i], credible.ProbabilityAlive.Upper[i]), (row.ProbabilityAliveInterval!.Value.Lower, row.ProbabilityAliveInterval.Value.Upper));
            var future = row.FuturePurchasesInterval!.Value;
            Assert.Equal((predictive.FuturePurchases!.Lower[i], predictive.FuturePurchases.Upper[i]), (future.Lower, future.Upper));
            Assert.Equal(Math.Floor(future.Lower), future.Lower);
            Assert.Equal(Math.Floor(future.Upper), future.Upper);
            Assert.NotNull(row.FutureValueInterval);
        }
        Assert.Equal(["customer_id",
            "expected_purchases", "expected_purchases_lower", "expected_purchases_upper", "p_alive", "p_alive_lower", "p_alive_upper",
            "expected_spend", "expected_spend_lower", "expected_spend_upper", "clv", "clv_lower", "clv_upper",
            "future_purchases_lower", "future_purchases_upper", "future_value_lower", "future_value_upper"], both.ColumnNames);

        var other = PredictionIntervals.Compute(purchaseFit, Spend.Value, SummaryRows.Range(customers, 0, 10), options);
        Assert.Throws<ArgumentException>(() => table.WithIntervals(other));
    }

    [Fact]
    public void TheCsvHoldsEveryColumnToTheLastBitAndFindLooksUpById()
    {
        var purchaseFit = Fit("pareto-nbd");
        var customers = Customers.Value;
        var options = new IntervalOptions { Level = 0.9, Horizon = 26, Clv = new ClvOptions(26, TimeUnit.Weeks, DiscountRate.PerYear(0.1)), MaxDraws = 30 };
        var table = CustomerPredictions.Compute(purchaseFit.PurchaseModel(), customers, 26, TimeUnit.Weeks, Spend.Value.SpendModel(), options.Clv)
            .WithIntervals(PredictionIntervals.Compute(purchaseFit, Spend.Value, customers, options));
        var writer = new StringWriter();
        table.WriteCsv(writer);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', table.ColumnNames), lines[0]);
        Assert.Equal(customers.Count + 1, lines.Length);
        for (int i = 0; i < customers.Count; i++)
        {
            var fields = lines[i + 1].Split(',');
            var row = table[i];
            Assert.Equal(row.CustomerId, fields[0]);
            double[] expected = [row.ExpectedPurchases, row.ExpectedPurchasesInterval!.Value.Lower, row.ExpectedPurchasesInterval.Value.Upper,
                row.ProbabilityAlive, row.ProbabilityAliveInterval!.Value.Lower, row.ProbabilityAliveInterval.Value.Upper,
                row.ExpectedSpend!.Value, row.ExpectedSpendInterval!.Value.Lower, row.ExpectedSpendInterval.Value.Upper,
                row.Clv!.Value, row.ClvInterval!.Value.Lower, row.ClvInterval.Value.Upper];
            Assert.Equal(expected, fields.Skip(1).Select(f => double.Parse(f, CultureInfo.InvariantCulture)));
        }
        string id = customers.CustomerIds[57];
        Assert.Equal(table[57], table.Find(id));
        Assert.Null(table.Find("no such customer"));
    }

    [Fact]
    public void AnUnboundedHorizonHoldsDertAndValuesItWithTheMargin()
    {
        var model = (ParetoNbdModel)Fit("pareto-nbd").PurchaseModel();
        var spend = Spend.Value.SpendModel();
        var customers = Customers.Value;
        var rate = DiscountRate.PerYear(0.15);
        var table = CustomerPredictions.ComputeUnbounded(model, customers, rate, spend, margin: 0.3);
        Assert.True(table.IsUnbounded);
        Assert.Equal(double.PositiveInfinity, table.Horizon);
        Assert.Equal("discounted_expected_purchases", table.ColumnNames[1]);
        var dert = new double[customers.Count];
        model.DiscountedExpectedResidualPurchases(customers, rate.ContinuousRate(model.TimeUnit), dert);
        var expectedSpend = spend.ConditionalExpectedSpend(customers);
        for (int i = 0; i < customers.Count; i++)
        {
            Assert.Equal(dert[i], table.ExpectedPurchases[i]);
            Assert.Equal(0.3 * expectedSpend[i] * dert[i], table.Clv[i], 1e-15 * table.Clv[i]);
        }
        var options = new IntervalOptions { Horizon = 10, MaxDraws = 10 };
        Assert.Throws<ArgumentException>(() => table.WithIntervals(PredictionIntervals.Compute(Fit("pareto-nbd"), null, customers, options)));
    }

    [Fact]
    public void BadArgumentsAreRefusedWithTheReason()
    {
        var purchases = Fit("bgnbd").PurchaseModel();
        var customers = Customers.Value;
        Assert.Contains("not a positive number", Assert.Throws<ArgumentException>(() => CustomerPredictions.Compute(purchases, customers, 0)).Message);
        Assert.Contains("not a positive number", Assert.Throws<ArgumentException>(() => CustomerPredictions.Compute(purchases, customers, double.NaN)).Message);
        Assert.Contains("valuation options", Assert.Throws<ArgumentException>(() => CustomerPredictions.Compute(purchases, customers, 4, null, Spend.Value.SpendModel())).Message);
        var inDays = new RfmSummary(customers.CustomerIds, customers.Frequency, customers.Recency, customers.T, customers.MonetaryValue, TimeUnit.Days);
        Assert.Contains("summarise the data in weeks", Assert.Throws<ArgumentException>(() => CustomerPredictions.Compute(purchases, inDays, 4)).Message);
        var table = CustomerPredictions.Compute(purchases, customers, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => table[customers.Count]);
    }
}
