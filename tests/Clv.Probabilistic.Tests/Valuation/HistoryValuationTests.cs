using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Tests.Conformance;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Tests.Valuation;

/// <summary>
/// CLV per distinct history (<see cref="HistoryValuation"/>) against the per-customer path (each customer's own
/// E[Y(t)] from the model, <see cref="CustomerLifetimeValue.DiscountBlock"/>), for every registered purchase model.
/// </summary>
public class HistoryValuationTests
{
    /// <summary>The registered purchase models, as theory data.</summary>
    public static TheoryData<string> PurchaseModels
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var model in ModelRegistry.All.Where(m => m.Kind == ModelKind.Purchase)) data.Add(model.Name);
            return data;
        }
    }

    private static readonly GammaGammaSpendModel Spend = new(new GammaGammaParameters(6.25, 3.74, 15.44));

    /// <summary>
    /// Customers simulated from the model's typical truth in whole weeks (so histories repeat, as from a transaction log),
    /// plus the same customers with fractional durations (every history distinct); 2,003 rows, not a multiple of four.
    /// </summary>
    internal static (IPurchaseModel Model, RfmSummary Customers) Case(string name)
    {
        var modelCase = ModelCases.For(name);
        var model = modelCase.Definition.CreatePurchaseModel(modelCase.Truth.ToArray(), modelCase.TimeUnit);
        var random = new Random(17);
        var lengths = new double[1000];
        for (int i = 0; i < lengths.Length; i++) lengths[i] = 1 + random.Next(60);
        var whole = model.Simulate(lengths, seed: 5, wholeUnits: true).Summary;
        var fractional = model.Simulate(lengths.Select(t => t + 0.37).ToArray(), seed: 6).Summary;
        int n = whole.Count + fractional.Count + 3;
        double[] x = new double[n], tx = new double[n], t = new double[n];
        for (int i = 0; i < n; i++)
        {
            var (source, row) = i < whole.Count ? (whole, i) : i < whole.Count + fractional.Count ? (fractional, i - whole.Count) : (whole, i % 7);
            x[i] = source.Frequency[row];
            tx[i] = source.Recency[row];
            t[i] = source.T[row];
        }
        var ids = Enumerable.Range(0, n).Select(i => $"c{i}").ToArray();
        var spend = Spend.SimulateMeanSpend(x, seed: 9);
        return (model, new RfmSummary(ids, x, tx, t, spend, modelCase.TimeUnit));
    }

    private static ClvOptions Options(DiscountingKind kind) =>
        new(12, TimeUnit.Months, DiscountRate.PerMonth(0.01), kind, margin: 0.3);

    [Theory]
    [MemberData(nameof(PurchaseModels))]
    public void EveryRegisteredPurchaseModelValuesHistoriesOnce(string name)
    {
        var (model, _) = Case(name);
        Assert.True(model is IHistoryPurchaseModel,
            $"{name}: its predictions depend on (x, t_x, T) alone, so it should declare IHistoryPurchaseModel and be valued once per distinct history.");
    }

    [Theory]
    [MemberData(nameof(PurchaseModels))]
    public void DiscreteValuePerDistinctHistoryEqualsThePerCustomerFormulas(string name) =>
        SameAsPerCustomer(name, DiscountingKind.Discrete, 1e-14);

    [Theory]
    [MemberData(nameof(PurchaseModels))]
    public void ContinuousValuePerDistinctHistoryEqualsThePerCustomerFormulas(string name) =>
        SameAsPerCustomer(name, DiscountingKind.Continuous, 1e-14);

    /// <summary>
    /// Equal to the per-customer values within <paramref name="relative"/> (the only differences allowed are the rounding
    /// of a model's four-row kernel against its scalar path for the last rows of a block), and the same bits at 1, 2 and
    /// unlimited threads.
    /// </summary>
    private static void SameAsPerCustomer(string name, DiscountingKind kind, double relative)
    {
        var (model, customers) = Case(name);
        var options = Options(kind);
        int n = customers.Count;
        var perCustomer = CustomerLifetimeValue.Compute(model, Spend, customers, options, rowsPerBlock: n);
        ClvResult? first = null;
        foreach (int threads in new[] { 1, 2, -1 })
        {
            var history = CustomerLifetimeValue.Compute(model, Spend, customers, options, probabilityAlive: null, maxDegreeOfParallelism: threads);
            for (int i = 0; i < n; i++)
            {
                Close(perCustomer.Values[i], history.Values[i], relative, name, i);
                Close(perCustomer.ExpectedPurchases[i], history.ExpectedPurchases[i], relative, name, i);
                Close(perCustomer.DiscountedPurchases[i], history.DiscountedPurchases[i], relative, name, i);
            }
            Assert.True(history.QuadratureErrorBound <= 1e-6 * history.Values.ToArray().Max() + 1e-300);
            if (first is null)
            {
                first = history;
                continue;
            }
            Assert.Equal(first.Values.ToArray(), history.Values.ToArray());
            Assert.Equal(first.ExpectedPurchases.ToArray(), history.ExpectedPurchases.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(PurchaseModels))]
    public void GivenProbabilityAliveChangesNothing(string name)
    {
        var (model, customers) = Case(name);
        var alive = new double[customers.Count];
        model.ProbabilityAlive(customers, alive);
        var options = Options(DiscountingKind.Discrete);
        var computed = CustomerLifetimeValue.Compute(model, Spend, customers, options);
        var given = CustomerLifetimeValue.Compute(model, Spend, customers, options, alive, maxDegreeOfParallelism: -1);
        Assert.Equal(computed.Values.ToArray(), given.Values.ToArray());
    }

    [Fact]
    public void HistoryPathEqualsThePerCustomerPathBitForBitOnWholeBlocks()
    {
        // 2,000 customers of BG/NBD in whole weeks: one block per processor of a multiple of four rows, as on the
        // whole-process benchmark, where the per-customer path takes the four-row kernel for every row.
        var (model, all) = Case("bgnbd");
        var customers = all.Range(0, 1000);
        var options = Options(DiscountingKind.Discrete);
        var perCustomer = CustomerLifetimeValue.Compute(model, Spend, customers, options, rowsPerBlock: 1000);
        var history = CustomerLifetimeValue.Compute(model, Spend, customers, options);
        Assert.Equal(perCustomer.Values.ToArray(), history.Values.ToArray());
        Assert.Equal(perCustomer.ExpectedPurchases.ToArray(), history.ExpectedPurchases.ToArray());
    }

    [Theory]
    [InlineData(true, DiscountingKind.Discrete)]
    [InlineData(false, DiscountingKind.Discrete)]
    [InlineData(false, DiscountingKind.Continuous)]
    public void NonFiniteValueNamesTheFirstCustomerOfItsHistory(bool factored, DiscountingKind kind)
    {
        var (_, customers) = Case("bgnbd");
        int first = customers.Frequency.IndexOf(2.0);
        IPurchaseModel model = factored ? new NaNAtTwoFactored() : new NaNAtTwo();
        var error = Assert.Throws<InvalidOperationException>(() => CustomerLifetimeValue.Compute(model, Spend, customers, Options(kind)));
        Assert.Contains($"'c{first}'", error.Message);
        // In blocks of eight rows over every thread, customers with x = 2 fall in many blocks: still the first is named.
        error = Assert.Throws<InvalidOperationException>(() =>
            CustomerLifetimeValue.Compute(model, Spend, customers, Options(kind), probabilityAlive: null, maxDegreeOfParallelism: -1, blockLength: 8));
        Assert.Contains($"'c{first}'", error.Message);
    }

    /// <summary>E[Y(t)] = t, except NaN for customers with x = 2.</summary>
    private class NaNAtTwo : IHistoryPurchaseModel
    {
        public TimeUnit TimeUnit => TimeUnit.Weeks;

        public void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination)
        {
            for (int i = 0; i < destination.Length; i++) destination[i] = summary.Frequency[i] == 2 ? double.NaN : t;
        }

        public void ProbabilityAlive(RfmSummary summary, Span<double> destination) => destination.Fill(1.0);

        public double ExpectedPurchases(double t) => throw DecayingPoissonModel.Unused();

        public double LogProbabilityOfPurchases(double t, int n) => throw DecayingPoissonModel.Unused();

        public void ExpectedCumulativeRepeatPurchases(ReadOnlySpan<double> firstPurchaseOffsets, ReadOnlySpan<double> times, Span<double> destination) =>
            throw DecayingPoissonModel.Unused();

        public int SimulateFuturePurchases(double x, double recency, double t, double horizon, Random random) => throw DecayingPoissonModel.Unused();

        public PurchaseSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false) =>
            throw DecayingPoissonModel.Unused();
    }

    /// <summary>The same as P(alive) = 1 times g(x, T, t) = t (NaN at x = 2).</summary>
    private sealed class NaNAtTwoFactored : NaNAtTwo, IAliveFactoredPurchaseModel
    {
        public double ExpectedPurchasesIfAlive(double x, double t, double horizon) => x == 2 ? double.NaN : horizon;
    }

    private static void Close(double expected, double actual, double relative, string name, int row)
    {
        double scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= relative * scale, $"{name}, row {row}: expected {expected:R}, got {actual:R}");
    }
}
