using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// Per-customer columns of a summary, each row's value a function of its row alone: in fixed blocks of rows over threads
/// where the model computes a block in place (<see cref="IRowBlockPurchaseModel"/>, <see cref="IRowBlockSpendModel"/>),
/// otherwise by the model over the whole summary (models that evaluate once per distinct history spread that work
/// themselves). The blocks start at multiples of four rows, so every column is the same bits as the model's own
/// whole-summary method, for any thread count.
/// </summary>
internal static class RowPredictions
{
    /// <summary>P(alive | x, t_x, T) of every customer into <paramref name="destination"/>.</summary>
    /// <param name="model">The purchase model.</param>
    /// <param name="customers">The customers.</param>
    /// <param name="destination">One value per customer.</param>
    /// <param name="maxDegreeOfParallelism">Thread limit (−1: none); the values do not depend on it.</param>
    /// <param name="blockLength">Rows per block, a multiple of four.</param>
    public static void ProbabilityAlive(IPurchaseModel model, RfmSummary customers, double[] destination, int maxDegreeOfParallelism, int blockLength) =>
        Fill(customers.Count, maxDegreeOfParallelism, blockLength,
            model is IRowBlockPurchaseModel rows ? (start, end) => rows.ProbabilityAlive(customers, start, destination.AsSpan(start, end - start)) : null,
            () => model.ProbabilityAlive(customers, destination));

    /// <summary>E[Z | x, z̄] of every customer into <paramref name="destination"/>.</summary>
    /// <inheritdoc cref="ProbabilityAlive" path="/param"/>
    public static void ExpectedSpend(ISpendModel model, RfmSummary customers, double[] destination, int maxDegreeOfParallelism, int blockLength) =>
        Fill(customers.Count, maxDegreeOfParallelism, blockLength,
            model is IRowBlockSpendModel rows ? (start, end) => rows.ConditionalExpectedSpend(customers, start, destination.AsSpan(start, end - start)) : null,
            () => model.ConditionalExpectedSpend(customers, destination));

    /// <summary>
    /// E[Y(t) | x, t_x, T] of every customer into <paramref name="destination"/>, given their P(alive) from the same model:
    /// for a model that factors E[Y] through P(alive) (<see cref="IAliveFactoredPurchaseModel"/>) the product
    /// P(alive) · g(x, T, t) with g once per distinct (x, T), which is the model's own value bit for bit; for any other
    /// model, the model's own method.
    /// </summary>
    /// <param name="model">The purchase model.</param>
    /// <param name="customers">The customers.</param>
    /// <param name="t">The horizon in the model's unit.</param>
    /// <param name="probabilityAlive">P(alive) of every customer, from <paramref name="model"/>.</param>
    /// <param name="destination">One value per customer.</param>
    /// <param name="maxDegreeOfParallelism">Thread limit (−1: none); the values do not depend on it.</param>
    /// <param name="blockLength">Rows per block, a multiple of four.</param>
    /// <param name="buffers">The reused memory of a file predicted block by block, or null.</param>
    public static void ExpectedPurchases(IPurchaseModel model, RfmSummary customers, double t, double[] probabilityAlive, double[] destination,
        int maxDegreeOfParallelism, int blockLength, BlockBuffers? buffers = null)
    {
        CheckBlockLength(blockLength);
        if (model is not IAliveFactoredPurchaseModel factored)
        {
            model.ConditionalExpectedPurchases(customers, t, destination);
            return;
        }
        var table = buffers?.Factors.Table(factored, customers, [t]) ?? AliveFactorTable.Compute(factored, customers, [t], maxDegreeOfParallelism);
        RowBlocks.For(customers.Count, blockLength, maxDegreeOfParallelism, (start, end) =>
        {
            ReadOnlySpan<double> xs = customers.Frequency, ts = customers.T;
            for (int i = start; i < end; i++) destination[i] = probabilityAlive[i] * table.Of(i, xs[i], ts[i])[0];
        });
    }

    /// <summary>Runs <paramref name="block"/> over the blocks of n rows, or <paramref name="whole"/> where the model has no block method.</summary>
    private static void Fill(int n, int maxDegreeOfParallelism, int blockLength, Action<int, int>? block, Action whole)
    {
        CheckBlockLength(blockLength);
        if (block is null) whole();
        else RowBlocks.For(n, blockLength, maxDegreeOfParallelism, block);
    }

    private static void CheckBlockLength(int blockLength)
    {
        if (blockLength <= 0 || blockLength % 4 != 0)
            throw new ArgumentOutOfRangeException(nameof(blockLength), blockLength, "Blocks of rows are a positive multiple of four rows.");
    }
}
