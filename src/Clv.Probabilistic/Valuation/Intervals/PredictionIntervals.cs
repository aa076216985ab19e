using System.Runtime.ExceptionServices;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Valuation.Intervals;

/// <summary>
/// Intervals for every customer that propagate the uncertainty of both models' parameters: E[Y(t) | x, t_x, T],
/// P(alive), E[Z | x, z̄] and CLV, each evaluated at every paired parameter draw and summarised per customer.
/// Customers are processed in blocks, so memory is O(block × draws), never O(customers × draws).
/// </summary>
/// <remarks>
/// Works for any registered purchase and spend model: each draw's parameters become the model's fitted form through its
/// definition. Draw k of the purchase model is paired with draw k of the spend model. The two likelihoods share no
/// parameter and the priors are independent (the spend model's independence assumption), so the joint posterior is the
/// product and any pairing of independent draws is a draw from it. Where the purchase model says its expectation factors
/// as E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) · g(x, T, t) (<see cref="IPurchaseModel.ExpectationFactorsThroughAlive"/>;
/// for BG/NBD g is eq. 10 of Fader, Hardie &amp; Lee 2005), g and its discounted sum are computed once per draw and
/// distinct (x, T), with the same discounting code as <see cref="CustomerLifetimeValue"/>, and scaled by each customer's
/// P(alive); otherwise they are computed per customer.
/// </remarks>
public static class PredictionIntervals
{
    internal const string ExpectedPurchases = "expected_purchases";
    internal const string ProbabilityAlive = "p_alive";
    internal const string ExpectedSpend = "expected_spend";
    internal const string Clv = "clv";
    internal const string FuturePurchases = "future_purchases";
    internal const string FutureValue = "future_value";

    /// <summary>Parameter-uncertainty intervals of E[Y(t)], P(alive), and (with a spend fit) E[Z] and CLV.</summary>
    /// <param name="purchases">A purchase-model fit (any method) with draws.</param>
    /// <param name="spend">A spend-model fit with draws, or null for purchases only.</param>
    /// <param name="customers">Customers in the purchase model's time unit (with monetary values when spend is given).</param>
    /// <param name="options">Level, horizon, CLV settings, draws and block size.</param>
    /// <exception cref="ArgumentException">Time units differ, or CLV is asked for without a spend fit.</exception>
    /// <exception cref="InvalidOperationException">A draw gives a non-finite value (the message names the customer).</exception>
    public static CustomerIntervals Compute(ModelFit purchases, ModelFit? spend,
        RfmSummary customers, IntervalOptions options)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var unit = CheckUnit(purchases, customers);
        if (options.Clv is not null && spend is null) throw new ArgumentException("CLV intervals need a spend fit.", nameof(spend));
        if (options.Clv?.FractionalPeriodsProblem(options.Clv.Horizon) is { } problem) throw new ArgumentException(problem, nameof(options));

        int draws = DrawCount(purchases, spend, options);
        var purchaseModels = Models(purchases.Thinned(draws), v => purchases.Definition.CreatePurchaseModel(v, unit));
        var spendModels = spend is null ? null : Models(spend.Thinned(draws), v => spend.Definition.CreateSpendModel(v));
        bool factors = purchaseModels.All(m => m.ExpectationFactorsThroughAlive);
        var pairs = factors ? DistinctPairs.Of(customers) : null;
        var perAlive = pairs?.ExpectedPerAlive(purchaseModels, options.Horizon, options.Clv);

        int n = customers.Count;
        var quantities = new List<QuantityIntervals>
        {
            new(ExpectedPurchases, options.Level, n),
            new(ProbabilityAlive, options.Level, n),
        };
        if (spendModels is not null) quantities.Add(new QuantityIntervals(ExpectedSpend, options.Level, n));
        if (options.Clv is not null) quantities.Add(new QuantityIntervals(Clv, options.Level, n));

        ForEachBlock(n, options.RowsPerBlock, quantities.Count, draws, (start, length, buffers) =>
        {
            var rows = SummaryRows.Range(customers, start, length);
            Span<double> expected = buffers[0], alive = buffers[1];
            var discounted = options.Clv is null ? null : new double[length];
            var scratch = options.Clv is null || pairs is not null ? null : new double[length];
            for (int d = 0; d < draws; d++)
            {
                var model = purchaseModels[d];
                var aliveD = alive.Slice(d * length, length);
                model.ProbabilityAlive(rows, aliveD);
                var expectedD = expected.Slice(d * length, length);
                if (pairs is not null && perAlive is var (horizon, discountedPerAlive))
                {
                    var perAliveH = horizon.AsSpan(d * pairs.Count, pairs.Count);
                    for (int i = 0; i < length; i++) expectedD[i] = aliveD[i] * perAliveH[pairs.Index[start + i]];
                    if (discountedPerAlive is not null)
                    {
                        var perAliveDiscounted = discountedPerAlive.AsSpan(d * pairs.Count, pairs.Count);
                        for (int i = 0; i < length; i++) discounted![i] = aliveD[i] * perAliveDiscounted[pairs.Index[start + i]];
                    }
                }
                else
                {
                    model.ConditionalExpectedPurchases(rows, options.Horizon, expectedD);
                    if (options.Clv is { } clv)
                        CustomerLifetimeValue.DiscountBlock(model, rows, clv, clv.Period.ConvertTo(1.0, model.TimeUnit), discounted, scratch);
                }
                if (spendModels is null) continue;
                var spendD = buffers[2].AsSpan(d * length, length);
                spendModels[d].ConditionalExpectedSpend(rows, spendD);
                if (options.Clv is null) continue;
                var clvD = buffers[3].AsSpan(d * length, length);
                double margin = options.Clv.Margin;
                for (int i = 0; i < length; i++) clvD[i] = margin * spendD[i] * discounted![i];
            }
            Summarise(customers, quantities, buffers, start, length, draws);
        });
        return new CustomerIntervals(customers, options.Level, draws, quantities);
    }

    /// <summary>
    /// Predictive intervals of each customer's realised purchases in (T, T + horizon] ("future_purchases") and, with a
    /// spend fit, their undiscounted value ("future_value"): for each paired parameter draw one future is simulated
    /// from the customer's exact conditional posterior (<see cref="IPurchaseModel.SimulateFuturePurchases"/>, <see cref="ISpendModel.SimulateFutureValue"/>), so the intervals carry
    /// parameter and process uncertainty.
    /// </summary>
    /// <remarks>Each block of <see cref="IntervalOptions.RowsPerBlock"/> customers has its own Xoshiro256** generator seeded
    /// from <see cref="IntervalOptions.Seed"/> and the block index: the same options give the same intervals on any machine
    /// and at any parallelism.</remarks>
    public static CustomerIntervals Predictive(ModelFit purchases, ModelFit? spend,
        RfmSummary customers, IntervalOptions options)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var unit = CheckUnit(purchases, customers);
        int draws = DrawCount(purchases, spend, options);
        var purchaseDraws = Models(purchases.Thinned(draws), v => purchases.Definition.CreatePurchaseModel(v, unit));
        var spendDraws = spend is null ? null : Models(spend.Thinned(draws), v => spend.Definition.CreateSpendModel(v));
        int n = customers.Count;
        bool perCustomer = purchaseDraws[0] is Models.Covariates.CovariatePurchaseModel || spendDraws?[0] is Models.Covariates.CovariateSpendModel;
        var quantities = new List<QuantityIntervals> { new(FuturePurchases, options.Level, n, counts: true) };
        if (spendDraws is not null) quantities.Add(new QuantityIntervals(FutureValue, options.Level, n));
        ForEachBlock(n, options.RowsPerBlock, quantities.Count, draws, (start, length, buffers) =>
        {
            var random = NutsSampler.ChainRandom(options.Seed, start / options.RowsPerBlock);
            for (int i = 0; i < length; i++)
            {
                int row = start + i;
                double x = customers.Frequency[row], recency = customers.Recency[row], t = customers.T[row];
                string? id = perCustomer ? customers.CustomerIds[row] : null;
                for (int d = 0; d < draws; d++)
                {
                    var purchaseModel = id is null ? purchaseDraws[d] : purchaseDraws[d].ForCustomer(id);
                    int count = purchaseModel.SimulateFuturePurchases(x, recency, t, options.Horizon, random);
                    buffers[0][d * length + i] = count;
                    if (spendDraws is not null)
                        buffers[1][d * length + i] = (id is null ? spendDraws[d] : spendDraws[d].ForCustomer(id))
                            .SimulateFutureValue(x, customers.MonetaryValue[row], count, random);
                }
            }
            Summarise(customers, quantities, buffers, start, length, draws);
        });
        return new CustomerIntervals(customers, options.Level, draws, quantities);
    }

    /// <summary>
    /// The total over all customers (weighted by <see cref="RfmSummary.Weights"/>) of CLV (with a spend fit and
    /// <see cref="IntervalOptions.Clv"/>) or of E[Y(t) | x, t_x, T] over <see cref="IntervalOptions.Horizon"/> (without),
    /// at the point estimate and at each paired parameter draw, with the equal-tailed interval of the per-draw totals.
    /// </summary>
    /// <remarks>
    /// Customers' values share the parameters, so their errors do not cancel in the sum: the interval of the total is not
    /// the sum of the customers' intervals, and is computed from whole-base totals per draw. Each draw costs one CLV
    /// evaluation of the whole base (<see cref="CustomerLifetimeValue"/>), so <see cref="IntervalOptions.MaxDraws"/>
    /// bounds the time.
    /// </remarks>
    /// <exception cref="ArgumentException">Time units differ, a fit is of the wrong kind, or CLV is asked for without a spend fit.</exception>
    /// <exception cref="InvalidOperationException">A fit carries no draws, or a draw gives a non-finite value.</exception>
    public static TotalInterval Total(ModelFit purchases, ModelFit? spend, RfmSummary customers, IntervalOptions options)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var unit = CheckUnit(purchases, customers);
        if (options.Clv is not null && spend is null) throw new ArgumentException("A CLV total needs a spend fit.", nameof(spend));
        int draws = DrawCount(purchases, spend, options);
        var purchaseModels = Models(purchases.Thinned(draws), v => purchases.Definition.CreatePurchaseModel(v, unit));
        var spendModels = spend is null ? null : Models(spend.Thinned(draws), v => spend.Definition.CreateSpendModel(v));
        var clv = options.Clv;
        double TotalOf(IPurchaseModel model, ISpendModel? spendModel)
        {
            if (clv is not null) return CustomerLifetimeValue.Compute(model, spendModel!, customers, clv).Total;
            var expected = new double[customers.Count];
            model.ConditionalExpectedPurchases(customers, options.Horizon, expected);
            double total = 0;
            var weights = customers.Weights;
            for (int i = 0; i < expected.Length; i++) total += weights[i] * expected[i];
            if (!double.IsFinite(total)) throw new InvalidOperationException($"The total expected purchases is not finite ({total}).");
            return total;
        }
        var totals = new double[draws];
        for (int d = 0; d < draws; d++) totals[d] = TotalOf(purchaseModels[d], spendModels?[d]);
        double estimate = TotalOf(purchases.PurchaseModel(), spend?.SpendModel());
        double mean = totals.Average();
        Array.Sort(totals);
        var (lower, upper) = IntervalMath.EqualTailed(totals, options.Level);
        return new TotalInterval(clv is null ? ExpectedPurchases : Clv, estimate, mean, lower, upper, options.Level, draws);
    }

    private static int DrawCount(ModelFit purchases, ModelFit? spend, IntervalOptions options)
    {
        if (purchases.Definition.Kind != ModelKind.Purchase)
            throw new ArgumentException($"{purchases.Definition.DisplayName} is not a purchase model.", nameof(purchases));
        if (spend is not null && spend.Definition.Kind != ModelKind.Spend)
            throw new ArgumentException($"{spend.Definition.DisplayName} is not a spend model.", nameof(spend));
        return Math.Min(options.MaxDraws, Math.Min(purchases.RequireDraws().Count, spend?.RequireDraws().Count ?? int.MaxValue));
    }

    internal static TimeUnit CheckUnit(ModelFit purchases, RfmSummary customers)
    {
        var unit = purchases.TimeUnit;
        if (customers.TimeUnit.DaysPerUnit != unit.DaysPerUnit)
            throw new ArgumentException($"The customers are in {customers.TimeUnit} but the purchase model in {unit}.", nameof(customers));
        return unit;
    }

    internal static T[] Models<T>(ParameterDraws draws, Func<double[], T> build)
    {
        var models = new T[draws.Count];
        for (int d = 0; d < models.Length; d++) models[d] = build(draws.Draw(d).ToArray());
        return models;
    }

    /// <summary>Runs <paramref name="body"/> on blocks in parallel, each thread with its own quantity × draws × block buffers.</summary>
    internal static void ForEachBlock(int n, int rowsPerBlock, int quantities, int draws, Action<int, int, double[][]> body)
    {
        int blocks = (n + rowsPerBlock - 1) / rowsPerBlock;
        try
        {
            Parallel.For(0, blocks,
                () => Enumerable.Range(0, quantities).Select(_ => new double[Math.Min(rowsPerBlock, n) * draws]).ToArray(),
                (block, _, buffers) =>
                {
                    int start = block * rowsPerBlock;
                    body(start, Math.Min(rowsPerBlock, n - start), buffers);
                    return buffers;
                },
                _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>For each customer of the block, gathers its draws of every quantity and records their summary.</summary>
    internal static void Summarise(RfmSummary customers, IReadOnlyList<QuantityIntervals> quantities, double[][] buffers,
        int start, int length, int draws)
    {
        Span<double> column = draws <= 1024 ? stackalloc double[draws] : new double[draws];
        for (int q = 0; q < quantities.Count; q++)
        {
            var buffer = buffers[q];
            for (int i = 0; i < length; i++)
            {
                for (int d = 0; d < draws; d++)
                {
                    double v = buffer[d * length + i];
                    if (!double.IsFinite(v))
                        throw new InvalidOperationException(
                            $"Customer '{customers.CustomerIds[start + i]}' (row {start + i}): {quantities[q].Name} is not finite ({v}) at parameter draw {d}.");
                    column[d] = v;
                }
                quantities[q].Record(start + i, column);
            }
        }
    }
}
