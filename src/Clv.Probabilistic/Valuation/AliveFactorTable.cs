using System.Runtime.CompilerServices;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// g(x, T, t_k) of a model whose E[Y(t)] factors as P(alive) · g (<see cref="IAliveFactoredPurchaseModel"/>), once per
/// distinct (x, T) of the customers and per horizon t_k, the pairs spread over threads in fixed blocks; and each row's
/// values. Each value is a function of its pair and horizon alone, so the table is the same for any thread count.
/// </summary>
internal sealed class AliveFactorTable
{
    private const int PairsPerBlock = 256;

    private readonly HistoryCache.Pairs _pairs;
    private readonly double[] _values;

    internal AliveFactorTable(HistoryCache.Pairs pairs, double[] values, int horizons)
    {
        _pairs = pairs;
        _values = values;
        Horizons = horizons;
    }

    /// <summary>Number of horizons per pair.</summary>
    public int Horizons { get; }

    /// <summary>Evaluates g at every distinct (x, T) of <paramref name="customers"/> and each horizon.</summary>
    /// <param name="model">The model.</param>
    /// <param name="customers">The customers.</param>
    /// <param name="horizons">The horizons t_k, in the model's unit.</param>
    /// <param name="maxDegreeOfParallelism">Thread limit (−1: none); the table does not depend on it.</param>
    public static AliveFactorTable Compute(IAliveFactoredPurchaseModel model, RfmSummary customers, double[] horizons, int maxDegreeOfParallelism)
    {
        var pairs = HistoryCache.Index(customers, maxDegreeOfParallelism);
        int count = horizons.Length;
        var values = new double[pairs.Count * count];
        RowBlocks.For(pairs.Count, PairsPerBlock, maxDegreeOfParallelism, (start, end) =>
        {
            for (int u = start; u < end; u++)
                for (int k = 0; k < count; k++)
                    values[u * count + k] = model.ExpectedPurchasesIfAlive(pairs.X[u], pairs.T[u], horizons[k]);
        });
        return new AliveFactorTable(pairs, values, count);
    }

    /// <summary>g at each horizon for row <paramref name="row"/>, whose x and T are given.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<double> Of(int row, double x, double t) => _values.AsSpan(_pairs.Of(row, x, t) * Horizons, Horizons);
}
