using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// Discounted and undiscounted expected purchases of every customer from a model whose predictions depend on the
/// history (x, t_x, T) alone (<see cref="IHistoryPurchaseModel"/>): E[Y(t)] is evaluated once per distinct history, not
/// once per customer, and each customer gets the values of its history. Same arithmetic per history as
/// <see cref="DiscountedPurchases"/> per customer, so the same values.
/// </summary>
/// <remarks>
/// Models that factor E[Y(t)] as P(alive | x, t_x, T) · g(x, T, t) (<see cref="IAliveFactoredPurchaseModel"/>) are
/// valued discretely with g evaluated once per distinct (x, T) and period and P(alive) once per customer; each
/// customer's sum then repeats the per-period steps of <see cref="DiscountedPurchases.Discrete"/> on the products
/// P(alive) · g, which are the model's own E[Y] values bit for bit.
/// </remarks>
internal static class HistoryValuation
{
    private const int RowsPerBlock = 1 << 14;

    /// <summary>
    /// Fills <paramref name="discounted"/> and <paramref name="expected"/> per customer; returns the quadrature error
    /// bound (0 for discrete discounting).
    /// </summary>
    /// <param name="model">The purchase model.</param>
    /// <param name="customers">Customers in the model's unit.</param>
    /// <param name="options">Valuation options.</param>
    /// <param name="step">One period in model units.</param>
    /// <param name="probabilityAlive">P(alive) of every customer if already computed (by <paramref name="model"/>), or null.</param>
    /// <param name="discounted">Receives the discounted expected purchases.</param>
    /// <param name="expected">Receives E[Y] at the horizon.</param>
    /// <param name="maxDegreeOfParallelism">Thread limit (−1: none); the values do not depend on it.</param>
    public static double Discount(IHistoryPurchaseModel model, RfmSummary customers, ClvOptions options, double step,
        double[]? probabilityAlive, double[] discounted, double[] expected, int maxDegreeOfParallelism)
    {
        double error = options.Discounting == DiscountingKind.Discrete && model is IAliveFactoredPurchaseModel factored
            ? DiscreteFactored(factored, customers, step, options.PeriodCount, options.DiscountRate.ContinuousRate(options.Period),
                probabilityAlive, discounted, expected, maxDegreeOfParallelism)
            : PerDistinctHistory(model, customers, options, step, discounted, expected, maxDegreeOfParallelism);
        DiscountedPurchases.CheckFinite(customers, discounted);
        return error;
    }

    private static double DiscreteFactored(IAliveFactoredPurchaseModel model, RfmSummary customers, double step, int periods,
        double deltaPerPeriod, double[]? probabilityAlive, double[] discounted, double[] expected, int maxDegreeOfParallelism)
    {
        int n = customers.Count;
        var alive = probabilityAlive ?? new double[n];
        if (probabilityAlive is null) model.ProbabilityAlive(customers, alive);
        var pairs = HistoryCache.Index(customers.Frequency, customers.T);
        var perAlive = new double[pairs.Count * periods];
        ForEachBlock(pairs.Count, 256, maxDegreeOfParallelism, (start, end) =>
        {
            for (int u = start; u < end; u++)
                for (int k = 1; k <= periods; k++)
                    perAlive[u * periods + k - 1] = model.ExpectedPurchasesIfAlive(pairs.X[u], pairs.T[u], k * step);
        });
        var discount = new double[periods];
        for (int k = 1; k <= periods; k++) discount[k - 1] = Math.Exp(-deltaPerPeriod * k);
        ForEachBlock(n, RowsPerBlock, maxDegreeOfParallelism, (start, end) =>
        {
            ReadOnlySpan<double> xs = customers.Frequency, ts = customers.T;
            for (int i = start; i < end; i++)
            {
                var g = perAlive.AsSpan(pairs.Of(i, xs[i], ts[i]) * periods, periods);
                double a = alive[i], previous = 0, sum = 0;
                for (int k = 0; k < g.Length; k++)
                {
                    double current = a * g[k];
                    sum = (current - previous) * discount[k] + sum;
                    previous = current;
                }
                discounted[i] = sum;
                expected[i] = previous;
            }
        });
        return 0;
    }

    /// <summary>
    /// Values the distinct histories as <see cref="CustomerLifetimeValue.DiscountBlock"/> values customers, in one block
    /// per processor, and copies each history's values to its customers.
    /// </summary>
    private static double PerDistinctHistory(IHistoryPurchaseModel model, RfmSummary customers, ClvOptions options, double step,
        double[] discounted, double[] expected, int maxDegreeOfParallelism)
    {
        var groups = DistinctHistories.Group(customers.Frequency, customers.Recency, customers.T);
        // Models compute rows four at a time and the last few by a scalar path that may round differently: every history
        // takes the four-row path, as in a block of whole fours, by repeating the last history up to a multiple of four.
        int m = groups.Count, padded = (m + 3) & ~3;
        double[] x = Padded(groups.X, padded), recency = Padded(groups.Recency, padded), t = Padded(groups.T, padded);
        var ids = new string[padded];
        Array.Fill(ids, "");
        var ones = new double[padded];
        Array.Fill(ones, 1.0);
        var histories = new RfmSummary(ids, x, recency, t, new double[padded], ones, customers.TimeUnit, validate: false);
        var historyDiscounted = new double[padded];
        var historyExpected = new double[padded];
        int processors = maxDegreeOfParallelism > 0 ? Math.Min(maxDegreeOfParallelism, Environment.ProcessorCount) : Environment.ProcessorCount;
        int rowsPerBlock = Math.Max(RowsPerBlock, ((padded + processors - 1) / processors + 3) & ~3);
        int blocks = (padded + rowsPerBlock - 1) / rowsPerBlock;
        var errorBounds = new double[blocks];
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, block =>
        {
            int start = block * rowsPerBlock, length = Math.Min(rowsPerBlock, padded - start);
            var rows = blocks == 1 ? histories : histories.Range(start, length);
            Span<double> d = historyDiscounted.AsSpan(start, length), e = historyExpected.AsSpan(start, length);
            double delta = options.Discounting == DiscountingKind.Discrete
                ? options.DiscountRate.ContinuousRate(options.Period)
                : options.DiscountRate.ContinuousRate(model.TimeUnit);
            errorBounds[block] = options.Discounting == DiscountingKind.Discrete
                ? DiscreteBlock(model, rows, step, options.PeriodCount, delta, d, e)
                : DiscountedPurchases.Continuous(model, rows, options.Horizon * step, delta, options.QuadratureTolerance, d, e, checkFinite: false);
        });
        groups.Scatter(historyDiscounted, discounted);
        groups.Scatter(historyExpected, expected);
        return blocks == 0 ? 0 : errorBounds.Max();
    }

    private static double DiscreteBlock(IPurchaseModel model, RfmSummary rows, double step, int periods, double delta, Span<double> discounted, Span<double> expected)
    {
        DiscountedPurchases.Discrete(model, rows, step, periods, delta, discounted, expected, checkFinite: false);
        return 0;
    }

    private static double[] Padded(double[] values, int length)
    {
        if (values.Length == length) return values;
        var padded = new double[length];
        values.CopyTo(padded, 0);
        if (values.Length > 0) padded.AsSpan(values.Length).Fill(values[^1]);
        return padded;
    }

    /// <summary>Runs <paramref name="body"/>(start, end) over [0, n) in fixed blocks, in parallel up to the thread limit.</summary>
    private static void ForEachBlock(int n, int blockSize, int maxDegreeOfParallelism, Action<int, int> body)
    {
        int blocks = (n + blockSize - 1) / blockSize;
        if (blocks <= 1 || maxDegreeOfParallelism == 1)
        {
            for (int b = 0; b < blocks; b++) body(b * blockSize, Math.Min(n, (b + 1) * blockSize));
            return;
        }
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            b => body(b * blockSize, Math.Min(n, (b + 1) * blockSize)));
    }
}
