using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// Discounted and undiscounted expected purchases of every customer from a model whose predictions depend on the
/// history (x, t_x, T) alone (<see cref="IHistoryPurchaseModel"/>): E[Y(t)] is evaluated once per distinct history, not
/// once per customer, and each customer gets the values of its history. Same arithmetic per history as
/// <see cref="DiscountedPurchases"/> per customer, so the same values. (Discrete discounting of a model that factors
/// E[Y] through P(alive) goes through <see cref="FactoredValuation"/> instead.)
/// </summary>
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
    /// <param name="discounted">Receives the discounted expected purchases.</param>
    /// <param name="expected">Receives E[Y] at the horizon.</param>
    /// <param name="maxDegreeOfParallelism">Thread limit (−1: none); the values do not depend on it.</param>
    public static double Discount(IHistoryPurchaseModel model, RfmSummary customers, ClvOptions options, double step,
        double[] discounted, double[] expected, int maxDegreeOfParallelism)
    {
        double error = PerDistinctHistory(model, customers, options, step, discounted, expected, maxDegreeOfParallelism);
        DiscountedPurchases.CheckFinite(customers, discounted);
        return error;
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
}
