using Clv.Probabilistic.Reporting.Plots;
using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>The numbers behind the charts, against brute force, hand computation and numerical integration.</summary>
public sealed class ChartStatisticsTests
{
    private static Arbitrary<double[]> Samples() =>
        Gen.Choose(-100_000, 100_000).Select(i => i / 100.0).ArrayOf().Where(a => a.Length > 0).ToArbitrary();

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property Histogram_puts_every_value_in_the_one_bin_whose_interval_holds_it()
    {
        return Prop.ForAll(Samples(), Gen.Choose(1, 30).ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (values, bins, log) =>
        {
            if (log && !values.Any(v => v > 0)) return true;
            var histogram = Histogram.Compute(values, bins, log);
            var kept = log ? values.Where(v => v > 0).Select(Math.Log10).ToArray() : values;
            // Brute force: scan the edges for each value; the last bin is closed on the right.
            var counts = new int[bins];
            foreach (double v in kept)
            {
                int found = -1;
                for (int k = 0; k < bins && found < 0; k++)
                    if (v >= histogram.Edges[k] && (v < histogram.Edges[k + 1] || (k == bins - 1 && v <= histogram.Edges[k + 1])))
                        found = k;
                if (found < 0) return false;
                counts[found]++;
            }
            return counts.SequenceEqual(histogram.Counts)
                && histogram.Excluded == (log ? values.Count(v => v <= 0) : 0)
                && histogram.Edges.Length == bins + 1
                && histogram.Edges.Zip(histogram.Edges.Skip(1)).All(pair => pair.Second > pair.First);
        });
    }

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public Property Running_sum_matches_direct_summation(double[] raw)
    {
        var values = raw.Select(v => double.IsFinite(v) ? Math.Round(v % 1000, 3) : 0).ToArray();
        var sums = TrackingPlot.RunningSum(values);
        return Enumerable.Range(0, values.Length)
            .All(k => Math.Abs(sums[k] - values.Take(k + 1).Sum()) <= 1e-9 * (1 + values.Take(k + 1).Sum(Math.Abs)))
            .ToProperty();
    }

    [Fact]
    public void Silverman_bandwidth_matches_a_hand_computation()
    {
        // Sample 1..10: mean 5.5, sd = sqrt(82.5 / 9) = 3.02765; type-7 quartiles 3.25 and 7.75, IQR 4.5,
        // IQR/1.34 = 3.35821 > sd, so A = sd and h = 0.9 * 3.02765 * 10^(-1/5) = 1.71929.
        double[] sample = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.Equal(0.9 * Math.Sqrt(82.5 / 9) * Math.Pow(10, -0.2), KernelDensity.SilvermanBandwidth(sample), 12);
        Assert.Equal(1.71929, KernelDensity.SilvermanBandwidth(sample), 5);
        // A heavy tail: the same quartiles, a huge sd, so A = IQR/1.34.
        double[] tailed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1000];
        Assert.Equal(0.9 * (4.5 / 1.34) * Math.Pow(10, -0.2), KernelDensity.SilvermanBandwidth(tailed), 12);
        Assert.Equal(0, KernelDensity.SilvermanBandwidth([3, 3, 3]));
    }

    [Fact]
    public void Kernel_density_matches_the_definition_and_integrates_to_one()
    {
        var random = new Xoshiro256StarStar(3);
        var sample = new double[300];
        Normal.Samples(random, sample, 2, 0.5);
        double h = KernelDensity.SilvermanBandwidth(sample);
        var at = Enumerable.Range(0, 4001).Select(i => -2 + i * 0.002).ToArray();
        var density = new double[at.Length];
        KernelDensity.Evaluate(sample, h, at, density);

        foreach (int j in new[] { 0, 1500, 2000, 2500, 4000 })
        {
            double direct = sample.Sum(x => Normal.PDF(x, h, at[j])) / sample.Length;
            Assert.Equal(direct, density[j], 1e-12);
        }
        double integral = 0;
        for (int j = 1; j < at.Length; j++) integral += (density[j] + density[j - 1]) / 2 * (at[j] - at[j - 1]);
        Assert.Equal(1, integral, 1e-6);
    }

    [Fact]
    public void Density_grid_covers_every_chain_and_each_curve_integrates_to_one()
    {
        var series = ChainSeries.FromArrays("alpha", ReportingSamples.Chains());
        var (grid, densities) = DensityPlot.Estimate(series);
        Assert.Equal(DensityPlot.GridPoints, grid.Length);
        Assert.True(grid[0] < series.Chains.Min(c => c.Min()) && grid[^1] > series.Chains.Max(c => c.Max()));
        foreach (var density in densities)
        {
            double integral = 0;
            for (int j = 1; j < grid.Length; j++) integral += (density[j] + density[j - 1]) / 2 * (grid[j] - grid[j - 1]);
            Assert.Equal(1, integral, 1e-3);
        }
    }

    [Fact]
    public void Draws_split_by_chain_keep_their_order()
    {
        var draws = ReportingSamples.Draws();
        var series = ChainSeries.FromDraws(draws, "alpha");
        var chains = ReportingSamples.Chains(chainCount: 2, length: 300);
        Assert.Equal(["Chain 1", "Chain 2"], series.Labels);
        Assert.Equal(chains[0], series.Chains[0]);
        Assert.Equal(chains[1], series.Chains[1]);
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(3, "1,000")]
    [InlineData(-2, "0.01")]
    [InlineData(12, "1e12")]
    public void Log_axis_labels_powers_of_ten_plainly(int exponent, string label) =>
        Assert.Equal(label, ClvDistributionPlot.PowerOfTenLabel(exponent));
}
