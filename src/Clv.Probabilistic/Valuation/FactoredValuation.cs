using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// Discrete CLV of a model whose E[Y(t)] factors as P(alive | x, t_x, T) · g(x, T, t) (<see cref="IAliveFactoredPurchaseModel"/>):
/// g once per distinct (x, T) and period (<see cref="AliveFactorTable"/>), then per customer, in fixed blocks of rows
/// over threads, the per-period steps of <see cref="DiscountedPurchases.Discrete"/> on the products P(alive) · g, which
/// are the model's own E[Y] values bit for bit, and the value margin × E[Z] × discounted purchases.
/// </summary>
/// <remarks>
/// Each customer's numbers are a function of its own row, so they are the same bits for any thread count and block
/// length. The discounted purchases are not kept (the value and E[Y] at the horizon are, in one pass over the rows):
/// <see cref="ClvResult.DiscountedPurchases"/> makes them again when first asked for.
/// </remarks>
internal static class FactoredValuation
{
    /// <summary>Values every customer.</summary>
    /// <param name="model">The purchase model.</param>
    /// <param name="customers">The customers, in the model's unit.</param>
    /// <param name="options">Valuation options with discrete discounting.</param>
    /// <param name="step">One period in the model's unit.</param>
    /// <param name="probabilityAlive">P(alive) of every customer from <paramref name="model"/>, or null to compute it here.</param>
    /// <param name="expectedSpend">E[Z | x, z̄] of every customer, finite.</param>
    /// <param name="maxDegreeOfParallelism">Thread limit (−1: none); the values do not depend on it.</param>
    /// <param name="blockLength">Rows per block, a multiple of four.</param>
    /// <param name="buffers">The reused memory of a file predicted block by block, or null.</param>
    /// <exception cref="InvalidOperationException">A customer's discounted purchases are not finite (the first such customer is named).</exception>
    public static ClvResult Value(IAliveFactoredPurchaseModel model, RfmSummary customers, ClvOptions options, double step,
        double[]? probabilityAlive, double[] expectedSpend, int maxDegreeOfParallelism, int blockLength, BlockBuffers? buffers = null)
    {
        int n = customers.Count, periods = options.PeriodCount;
        var alive = probabilityAlive;
        if (alive is null) RowPredictions.ProbabilityAlive(model, customers, alive = new double[n], maxDegreeOfParallelism, blockLength);
        var horizons = new double[periods];
        for (int k = 1; k <= periods; k++) horizons[k - 1] = k * step;
        var table = buffers?.Factors.Table(model, customers, horizons) ?? AliveFactorTable.Compute(model, customers, horizons, maxDegreeOfParallelism);
        double deltaPerPeriod = options.DiscountRate.ContinuousRate(options.Period);
        var discount = new double[periods];
        for (int k = 1; k <= periods; k++) discount[k - 1] = Math.Exp(-deltaPerPeriod * k);

        var values = buffers?.Column(n) ?? new double[n];
        var expected = buffers?.Column(n) ?? new double[n];
        double margin = options.Margin;
        int blocks = (n + blockLength - 1) / blockLength;
        var firstNonFinite = new int[blocks];
        RowBlocks.For(n, blockLength, maxDegreeOfParallelism, (start, end) =>
        {
            ReadOnlySpan<double> xs = customers.Frequency, ts = customers.T;
            int bad = -1;
            for (int i = start; i < end; i++)
            {
                double sum = Discounted(table.Of(i, xs[i], ts[i]), alive[i], discount, out expected[i]);
                if (!double.IsFinite(sum) && bad < 0) bad = i;
                values[i] = expectedSpend[i] * sum * margin;
            }
            firstNonFinite[start / blockLength] = bad;
        });
        int failed = Array.FindIndex(firstNonFinite, row => row >= 0);
        if (failed >= 0)
        {
            int row = firstNonFinite[failed];
            throw DiscountedPurchases.NonFinite(customers, row, Discounted(table.Of(row, customers.Frequency[row], customers.T[row]), alive[row], discount, out _));
        }

        return new ClvResult(options, customers, values, expectedSpend, expected,
            new Lazy<double[]>(() => Discounted(table, customers, alive, discount, maxDegreeOfParallelism, blockLength)), 0);
    }

    /// <summary>The discounted purchases of every customer.</summary>
    private static double[] Discounted(AliveFactorTable table, RfmSummary customers, double[] alive, double[] discount,
        int maxDegreeOfParallelism, int blockLength)
    {
        var discounted = new double[customers.Count];
        RowBlocks.For(discounted.Length, blockLength, maxDegreeOfParallelism, (start, end) =>
        {
            ReadOnlySpan<double> xs = customers.Frequency, ts = customers.T;
            for (int i = start; i < end; i++) discounted[i] = Discounted(table.Of(i, xs[i], ts[i]), alive[i], discount, out _);
        });
        return discounted;
    }

    /// <summary>
    /// Σ_k (E[Y(t_k)] − E[Y(t_(k−1))]) e^(−δk) with E[Y(t_k)] = P(alive) · g_k, in the order of
    /// <see cref="DiscountedPurchases.Discrete"/>; <paramref name="last"/> receives E[Y] at the last period.
    /// </summary>
    private static double Discounted(ReadOnlySpan<double> g, double alive, double[] discount, out double last)
    {
        double previous = 0, sum = 0;
        for (int k = 0; k < g.Length; k++)
        {
            double current = alive * g[k];
            sum = (current - previous) * discount[k] + sum;
            previous = current;
        }
        last = previous;
        return sum;
    }
}
