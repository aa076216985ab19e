using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Reporting.Plots;

/// <summary>The draws of one parameter split by chain, each with its legend label.</summary>
internal sealed record ChainSeries(string Parameter, string[] Labels, double[][] Chains)
{
    /// <summary>Checks plain per-chain arrays and labels them "Chain 1", "Chain 2", ….</summary>
    public static ChainSeries FromArrays(string parameter, IReadOnlyList<double[]> chains)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parameter);
        ArgumentNullException.ThrowIfNull(chains);
        if (chains.Count == 0) throw new ArgumentException("chains is empty.", nameof(chains));
        var copies = new double[chains.Count][];
        var labels = new string[chains.Count];
        for (int c = 0; c < chains.Count; c++)
        {
            double[]? chain = chains[c];
            if (chain is null || chain.Length == 0)
                throw new ArgumentException($"chains[{c}] is null or empty.", nameof(chains));
            InputGuard.Finite(chain, $"chains[{c}]");
            copies[c] = (double[])chain.Clone();
            labels[c] = $"Chain {c + 1}";
        }
        return new ChainSeries(parameter, labels, copies);
    }

    /// <summary>Splits the draws of <paramref name="parameter"/> by chain, keeping the draw order within each chain.</summary>
    public static ChainSeries FromDraws(ParameterDraws draws, string parameter)
    {
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameter);
        if (draws.Count == 0) throw new ArgumentException("draws holds no draw.", nameof(draws));
        int column = draws.IndexOf(parameter);
        var perChain = new List<double>[draws.ChainCount];
        for (int c = 0; c < perChain.Length; c++) perChain[c] = [];
        var chainOf = draws.Chains;
        for (int d = 0; d < draws.Count; d++) perChain[chainOf[d]].Add(draws.Draw(d)[column]);
        var labels = new List<string>();
        var chains = new List<double[]>();
        for (int c = 0; c < perChain.Length; c++)
        {
            if (perChain[c].Count == 0) continue;
            labels.Add($"Chain {c + 1}");
            chains.Add(perChain[c].ToArray());
        }
        return new ChainSeries(parameter, labels.ToArray(), chains.ToArray());
    }
}
