using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using MathNet.Numerics.Distributions;

namespace Clv.Probabilistic.Inference.Diagnostics;

/// <summary>
/// Convergence and efficiency diagnostics of Markov chains: rank-normalised split R-hat, bulk and tail effective
/// sample size, Monte Carlo standard error and E-BFMI. Chains are given as equal-length arrays of one parameter.
/// </summary>
/// <remarks>
/// Vehtari, Gelman, Simpson, Carpenter &amp; Bürkner (2021), "Rank-normalization, folding, and localization: an
/// improved R̂ for assessing convergence of MCMC", Bayesian Analysis 16(2):667–718, §3–4 and Appendix A (ESS with
/// Geyer's initial monotone sequence). Where the paper leaves a convention open, the reference implementations'
/// choices are taken (biased autocovariance, Blom offsets 3/8, pooled type-7 quantiles) so the figures agree with
/// Stan and the R package posterior. Betancourt (2016), arXiv:1604.00695, for E-BFMI.
/// </remarks>
public static class McmcDiagnostics
{
    /// <summary>R̂ = max(rank-normalised split R̂, rank-normalised split R̂ of |x − median|) (Vehtari et al. 2021, §4.2).</summary>
    /// <param name="chains">Draws of one parameter, one array per chain, all the same length (at least 4).</param>
    /// <returns>R̂; NaN when the draws are constant.</returns>
    public static double RHat(IReadOnlyList<double[]> chains)
    {
        var split = Split(chains);
        double bulk = SplitRHatOf(RankNormalize(split));
        double tail = SplitRHatOf(RankNormalize(Fold(split)));
        return double.IsNaN(bulk) || double.IsNaN(tail) ? double.NaN : Math.Max(bulk, tail);
    }

    /// <summary>Classic split R̂ on the raw values (Gelman et al., BDA3, §11.4), without rank normalisation.</summary>
    public static double SplitRHat(IReadOnlyList<double[]> chains) => SplitRHatOf(Split(chains));

    /// <summary>Bulk ESS: ESS of the rank-normalised split chains (Vehtari et al. 2021, §4.1).</summary>
    public static double EssBulk(IReadOnlyList<double[]> chains) => EssOf(RankNormalize(Split(chains)));

    /// <summary>Tail ESS: the smaller ESS of the indicators I(x ≤ q₀.₀₅) and I(x ≤ q₀.₉₅) (Vehtari et al. 2021, §4.3).</summary>
    public static double EssTail(IReadOnlyList<double[]> chains) =>
        Math.Min(EssQuantile(chains, 0.05), EssQuantile(chains, 0.95));

    /// <summary>ESS for the quantile at level <paramref name="probability"/>: ESS of I(x ≤ q) on split chains.</summary>
    public static double EssQuantile(IReadOnlyList<double[]> chains, double probability)
    {
        if (!(probability > 0 && probability < 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "Must lie in (0, 1).");
        var split = Split(chains);
        double q = Quantile(Pooled(split), probability);
        return EssOf(split.Select(c => c.Select(v => v <= q ? 1.0 : 0.0).ToArray()).ToArray());
    }

    /// <summary>ESS for the mean: ESS of the raw split chains.</summary>
    public static double EssMean(IReadOnlyList<double[]> chains) => EssOf(Split(chains));

    /// <summary>ESS of the chains as given (no splitting, no rank normalisation).</summary>
    /// <remarks>
    /// Vehtari et al. (2021), eqs. (10)–(12): ρ̂ₜ = 1 − (W − mean over chains of γ̂ₜ,ₘ)/var̂⁺, summed in pairs
    /// Pₖ = ρ̂₂ₖ + ρ̂₂ₖ₊₁ up to the first negative pair, made monotone (Geyer 1992), τ̂ = −1 + 2ΣPₖ (plus the
    /// next even ρ̂ when positive), ESS = NM/τ̂ with τ̂ bounded below by 1/log₁₀(NM).
    /// </remarks>
    public static double EffectiveSampleSize(IReadOnlyList<double[]> chains) => EssOf(Validate(chains));

    /// <summary>Monte Carlo standard error of the posterior mean: sd / √ESS_mean.</summary>
    public static double McseMean(IReadOnlyList<double[]> chains)
    {
        var pooled = Pooled(Validate(chains));
        return StandardDeviation(pooled) / Math.Sqrt(EssMean(chains));
    }

    /// <summary>
    /// Energy Bayesian fraction of missing information, Σₙ(Eₙ − Eₙ₋₁)² / Σₙ(Eₙ − Ē)² over one chain's energies.
    /// About 1 or more is healthy; below 0.3 momentum resampling explores the energy distribution poorly.
    /// </summary>
    /// <remarks>Betancourt (2016), "Diagnosing Suboptimal Cotangent Disintegrations in HMC", arXiv:1604.00695, eq. (9).</remarks>
    public static double EnergyBfmi(ReadOnlySpan<double> energy)
    {
        if (energy.Length < 2) throw new ArgumentException("E-BFMI needs at least 2 energies.", nameof(energy));
        double mean = 0;
        foreach (double e in energy) mean += e;
        mean /= energy.Length;
        double numerator = 0, denominator = 0;
        for (int i = 0; i < energy.Length; i++)
        {
            if (i > 0) numerator += (energy[i] - energy[i - 1]) * (energy[i] - energy[i - 1]);
            denominator += (energy[i] - mean) * (energy[i] - mean);
        }
        return numerator / denominator;
    }

    /// <summary>The draws of parameter <paramref name="parameter"/>, one array per chain, in draw order.</summary>
    /// <exception cref="ArgumentException">The chains hold different numbers of draws.</exception>
    public static double[][] ChainColumns(ParameterDraws draws, int parameter)
    {
        ArgumentNullException.ThrowIfNull(draws);
        if (parameter < 0 || parameter >= draws.Dimension) throw new ArgumentOutOfRangeException(nameof(parameter));
        int chainCount = draws.ChainCount;
        var counts = new int[chainCount];
        foreach (int c in draws.Chains) counts[c]++;
        if (counts.Any(c => c != counts[0]))
            throw new ArgumentException($"Chains hold different numbers of draws ({string.Join(", ", counts)}).", nameof(draws));
        var result = new double[chainCount][];
        for (int c = 0; c < chainCount; c++) result[c] = new double[counts[c]];
        Array.Clear(counts);
        var values = draws.Values;
        var chainOf = draws.Chains;
        for (int i = 0; i < draws.Count; i++)
        {
            int c = chainOf[i];
            result[c][counts[c]++] = values[i * draws.Dimension + parameter];
        }
        return result;
    }

    /// <summary>Quantile by linear interpolation between order statistics (Hyndman &amp; Fan 1996, type 7).</summary>
    public static double Quantile(ReadOnlySpan<double> values, double probability)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return QuantileOfSorted(sorted, probability);
    }

    internal static double QuantileOfSorted(double[] sorted, double probability)
    {
        double h = (sorted.Length - 1) * probability;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>
    /// Replaces every value by Φ⁻¹((r − 3/8)/(S + 1/4)) with r its rank among all S pooled values (ties share their
    /// average rank) (Vehtari et al. 2021, eq. (14)).
    /// </summary>
    internal static double[][] RankNormalize(double[][] chains)
    {
        int n = chains[0].Length;
        var pooled = Pooled(chains);
        int s = pooled.Length;
        var order = Enumerable.Range(0, s).ToArray();
        Array.Sort(pooled.ToArray(), order);
        var ranks = new double[s];
        for (int i = 0; i < s;)
        {
            int j = i;
            while (j + 1 < s && pooled[order[j + 1]] == pooled[order[i]]) j++;
            double average = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = average;
            i = j + 1;
        }
        var result = new double[chains.Length][];
        for (int c = 0; c < chains.Length; c++)
        {
            result[c] = new double[n];
            for (int i = 0; i < n; i++) result[c][i] = Normal.InvCDF(0, 1, (ranks[c * n + i] - 0.375) / (s + 0.25));
        }
        return result;
    }

    /// <summary>Splits each chain into its first and second half (the middle draw of an odd chain is dropped).</summary>
    internal static double[][] Split(IReadOnlyList<double[]> chains)
    {
        var valid = Validate(chains);
        int half = valid[0].Length / 2;
        var result = new double[2 * valid.Length][];
        for (int c = 0; c < valid.Length; c++)
        {
            result[2 * c] = valid[c][..half];
            result[2 * c + 1] = valid[c][^half..];
        }
        return result;
    }

    private static double[][] Fold(double[][] chains)
    {
        double median = Quantile(Pooled(chains), 0.5);
        return chains.Select(c => c.Select(v => Math.Abs(v - median)).ToArray()).ToArray();
    }

    private static double SplitRHatOf(double[][] chains)
    {
        int m = chains.Length, n = chains[0].Length;
        var means = chains.Select(c => c.Average()).ToArray();
        double within = 0;
        for (int c = 0; c < m; c++) within += Variance(chains[c], means[c]);
        within /= m;
        double betweenOverN = Variance(means, means.Average());
        double varPlus = (n - 1.0) / n * within + betweenOverN;
        return within > 0 ? Math.Sqrt(varPlus / within) : double.NaN;
    }

    private static double EssOf(double[][] chains)
    {
        int m = chains.Length, n = chains[0].Length;
        var acov = new double[m][];
        var means = new double[m];
        double meanVariance = 0;
        for (int c = 0; c < m; c++)
        {
            acov[c] = new double[n];
            Autocovariance.Compute(chains[c], acov[c]);
            means[c] = chains[c].Average();
            meanVariance += acov[c][0] * n / (n - 1.0);
        }
        meanVariance /= m;
        double varPlus = meanVariance * (n - 1.0) / n;
        if (m > 1) varPlus += Variance(means, means.Average());
        if (!(varPlus > 0)) return double.NaN;

        double Rho(int t)
        {
            double sum = 0;
            for (int c = 0; c < m; c++) sum += acov[c][t];
            return 1 - (meanVariance - sum / m) / varPlus;
        }

        var rho = new double[n + 2];
        rho[0] = 1;
        double even = 1, odd = Rho(1);
        rho[1] = odd;
        int t = 1;
        while (t < n - 5 && even + odd > 0)
        {
            even = Rho(t + 1);
            odd = Rho(t + 2);
            if (even + odd >= 0)
            {
                rho[t + 1] = even;
                rho[t + 2] = odd;
            }
            t += 2;
        }
        int last = t;
        if (even > 0) rho[last + 1] = even;
        for (int k = 1; k <= last - 3; k += 2)
        {
            double previous = rho[k - 1] + rho[k];
            if (rho[k + 1] + rho[k + 2] > previous) rho[k + 1] = rho[k + 2] = previous / 2;
        }
        double tau = -1 + rho[last + 1];
        for (int k = 0; k < last; k++) tau += 2 * rho[k];
        double total = (double)n * m;
        return total / Math.Max(tau, 1 / Math.Log10(total));
    }

    private static double[][] Validate(IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        if (chains.Count == 0) throw new ArgumentException("At least one chain is needed.", nameof(chains));
        int n = chains[0]?.Length ?? 0;
        for (int c = 0; c < chains.Count; c++)
        {
            var chain = chains[c] ?? throw new ArgumentException($"Chain {c} is null.", nameof(chains));
            if (chain.Length != n) throw new ArgumentException($"Chain {c} has {chain.Length} draws; chain 0 has {n}.", nameof(chains));
            for (int i = 0; i < n; i++)
                if (!double.IsFinite(chain[i])) throw new ArgumentException($"Chain {c}, draw {i} is not finite.", nameof(chains));
        }
        if (n < 8) throw new ArgumentException($"Chains of {n} draws are too short for diagnostics; at least 8 are needed.", nameof(chains));
        return chains as double[][] ?? chains.ToArray();
    }

    internal static double[] Pooled(double[][] chains) => chains.SelectMany(c => c).ToArray();

    private static double Variance(double[] values, double mean)
    {
        double sum = 0;
        foreach (double v in values) sum += (v - mean) * (v - mean);
        return sum / (values.Length - 1);
    }

    private static double StandardDeviation(double[] values) => Math.Sqrt(Variance(values, values.Average()));
}
