using MathNet.Numerics.Distributions;

namespace Clv.Probabilistic.Tests.Inference.Diagnostics;

/// <summary>
/// A deliberately direct, slow implementation of Vehtari et al. (2021): O(n²) autocovariance, O(n²) counting ranks,
/// Geyer's initial monotone sequence written over pairs Pₖ = ρ̂₂ₖ + ρ̂₂ₖ₊₁. Only for checking the fast code.
/// </summary>
internal static class SlowDiagnostics
{
    public static double[][] Split(double[][] chains)
    {
        int half = chains[0].Length / 2, n = chains[0].Length;
        return chains.SelectMany(c => new[] { c.Take(half).ToArray(), c.Skip(n - half).ToArray() }).ToArray();
    }

    public static double[][] RankNormalize(double[][] chains)
    {
        var pooled = chains.SelectMany(c => c).ToArray();
        double s = pooled.Length;
        return chains.Select(c => c.Select(x =>
        {
            double below = pooled.Count(y => y < x), equal = pooled.Count(y => y == x);
            double rank = below + (equal + 1) / 2;
            return Normal.InvCDF(0, 1, (rank - 0.375) / (s + 0.25));
        }).ToArray()).ToArray();
    }

    public static double Median(double[] values) => Quantile7(values, 0.5);

    public static double Quantile7(double[] values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        double h = (sorted.Length - 1) * p;
        int lo = (int)h;
        return lo + 1 < sorted.Length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

    public static double SplitRHat(double[][] chains)
    {
        int m = chains.Length;
        double n = chains[0].Length;
        var means = chains.Select(c => c.Average()).ToArray();
        double w = chains.Select((c, i) => c.Sum(x => (x - means[i]) * (x - means[i])) / (n - 1)).Average();
        double grand = means.Average();
        double b = n * means.Sum(x => (x - grand) * (x - grand)) / (m - 1);
        return Math.Sqrt(((n - 1) / n * w + b / n) / w);
    }

    public static double RHat(double[][] chains)
    {
        var split = Split(chains);
        double median = Median(split.SelectMany(c => c).ToArray());
        var folded = split.Select(c => c.Select(x => Math.Abs(x - median)).ToArray()).ToArray();
        return Math.Max(SplitRHat(RankNormalize(split)), SplitRHat(RankNormalize(folded)));
    }

    public static double EssBulk(double[][] chains) => Ess(RankNormalize(Split(chains)));

    public static double EssQuantile(double[][] chains, double p)
    {
        var split = Split(chains);
        double q = Quantile7(split.SelectMany(c => c).ToArray(), p);
        return Ess(split.Select(c => c.Select(x => x <= q ? 1.0 : 0.0).ToArray()).ToArray());
    }

    /// <summary>γ̂ₜ = (1/n) Σᵢ (xᵢ − x̄)(xᵢ₊ₜ − x̄), summed directly.</summary>
    public static double DirectAutocovariance(double[] x, int t)
    {
        double mean = x.Average(), sum = 0;
        for (int i = 0; i + t < x.Length; i++) sum += (x[i] - mean) * (x[i + t] - mean);
        return sum / x.Length;
    }

    public static double Ess(double[][] chains)
    {
        int m = chains.Length, n = chains[0].Length;
        var acov = chains.Select(c => Enumerable.Range(0, n).Select(t => DirectAutocovariance(c, t)).ToArray()).ToArray();
        var means = chains.Select(c => c.Average()).ToArray();
        double w = acov.Average(a => a[0]) * n / (n - 1);
        double grand = means.Average();
        double varPlus = w * (n - 1) / n + (m > 1 ? means.Sum(x => (x - grand) * (x - grand)) / (m - 1) : 0);
        double Rho(int t) => t == 0 ? 1 : 1 - (w - acov.Average(a => a[t])) / varPlus;

        // Pairs P_k = ρ̂_2k + ρ̂_2k+1 (ρ̂_0 = 1). Pair k ≥ 1 is examined while 2k − 1 < n − 5 and the previous
        // pair's sum is positive; a negative pair is dropped. With K the last pair examined:
        // τ = −1 + 2 Σ_{k<K} P_k (made non-increasing) + 2 ρ̂_2K (if pair K was kept) + ρ̂_2K (if positive).
        var pairs = new List<double> { 1 + Rho(1) };
        int last = 0;
        double lastEven = 1, previous = pairs[0];
        bool lastKept = true;
        while (2 * (last + 1) - 1 < n - 5 && previous > 0)
        {
            last++;
            lastEven = Rho(2 * last);
            previous = lastEven + Rho(2 * last + 1);
            lastKept = previous >= 0;
            pairs.Add(lastKept ? previous : 0);
        }
        for (int j = 1; j < last; j++) pairs[j] = Math.Min(pairs[j], pairs[j - 1]);
        double tau = -1 + (lastKept ? 2 * lastEven : 0) + (lastEven > 0 ? lastEven : 0);
        for (int j = 0; j < last; j++) tau += 2 * pairs[j];
        double total = (double)n * m;
        return total / Math.Max(tau, 1 / Math.Log10(total));
    }
}
