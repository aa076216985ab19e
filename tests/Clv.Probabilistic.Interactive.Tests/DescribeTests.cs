using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.Statistics;

namespace Clv.Probabilistic.Interactive.Tests;

public sealed class DescribeTests
{
    private static readonly double[] Probabilities = [0, 0.025, 0.25, 0.5, 0.75, 0.975, 1];

    private static Gen<double[]> Values() =>
        Gen.Choose(-100000, 100000).Select(v => v / 100.0).ArrayOf().Where(a => a.Length >= 2);

    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Property(MaxTest = 200)]
    public Property UnweightedStatisticsEqualMathNetsDefinition7() =>
        Prop.ForAll(Values().ToArbitrary(), values =>
        {
            var s = Describe.Column(values, [], Probabilities);
            Close(values.Mean(), s.Mean);
            Close(values.StandardDeviation(), s.StandardDeviation);
            Assert.Equal(values.Min(), s.Min);
            Assert.Equal(values.Max(), s.Max);
            for (int q = 0; q < Probabilities.Length; q++)
                Close(values.QuantileCustom(Probabilities[q], QuantileDefinition.R7), s.Quantiles[q]);
        });

    [Property(MaxTest = 200)]
    public Property WholeNumberWeightsEqualTheExpandedData() =>
        Prop.ForAll(Values().SelectMany(v => Gen.Choose(1, 4).ArrayOf(v.Length).Select(w => (v, w))).ToArbitrary(), pair =>
        {
            var (values, weights) = pair;
            var expanded = values.SelectMany((v, i) => Enumerable.Repeat(v, weights[i])).ToArray();
            var weighted = Describe.Column(values, weights.Select(w => (double)w).ToArray(), Probabilities);
            var plain = Describe.Column(expanded, [], Probabilities);
            Assert.Equal(plain.TotalWeight, weighted.TotalWeight);
            Close(plain.Mean, weighted.Mean);
            Close(plain.StandardDeviation, weighted.StandardDeviation);
            for (int q = 0; q < Probabilities.Length; q++) Close(plain.Quantiles[q], weighted.Quantiles[q]);
        });

    [Fact]
    public void InvalidInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Describe.Column([], [], [0.5]));
        Assert.Throws<ArgumentException>(() => Describe.Column([1.0, double.NaN], [], [0.5]));
        Assert.Throws<ArgumentException>(() => Describe.Column([1.0, 2.0], [1.0, 0.0], [0.5]));
        Assert.Throws<ArgumentException>(() => Describe.Column([1.0, 2.0], [], [1.5]));
    }
}
