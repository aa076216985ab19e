using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Tests.Models.BgNbd;

/// <summary>
/// The packed layout of a large summary (<see cref="PackedRows"/>) against the general path: the same rows, runs, weights
/// and sums, and so the same log-likelihood and gradient bit for bit, on one thread and on all.
/// </summary>
public class PackedRowsTests
{
    private const int Rows = 120_003;

    /// <summary>Random customers (more than 2^16 with repeat purchases, which the general path would not merge), 40% without repeat purchases; durations whole or in halves, weights 1 or some 2.5.</summary>
    private static RfmSummary Summary(bool wholeDurations, bool unitWeights, int[]? badRows = null, bool continuousT = false)
    {
        var random = new Random(17);
        double[] x = new double[Rows], tx = new double[Rows], t = new double[Rows], w = new double[Rows];
        for (int i = 0; i < Rows; i++)
        {
            x[i] = random.NextDouble() < 0.4 ? 0 : random.Next(1, 60);
            t[i] = continuousT ? 1 + 700 * random.NextDouble() : random.Next(2, 700) + (wholeDurations ? 0 : 0.5);
            tx[i] = x[i] == 0 ? 0 : Math.Max(1, Math.Floor(t[i] * random.NextDouble())) + (wholeDurations || continuousT ? 0 : 0.5);
            w[i] = unitWeights || random.Next(10) != 0 ? 1 : 2.5;
        }
        foreach (int bad in badRows ?? [])
        {
            x[bad] = 3;
            tx[bad] = 0;
        }
        return new RfmSummary(Enumerable.Range(0, Rows).Select(i => $"c{i}").ToArray(), x, tx, t, default, TimeUnit.Days, w);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void ThePackedLayoutHasTheGeneralPathsRowsAndLikelihoodBitForBit(bool wholeDurations, bool unitWeights)
    {
        var summary = Summary(wholeDurations, unitWeights);
        var packed = BgNbdData.From(summary);
        var general = BgNbdData.General(summary);
        Assert.NotNull(packed.Runs.PackedIndex);
        Assert.Null(general.Runs.PackedIndex);
        Assert.Equal(unitWeights, packed.Runs.Weight.Length == 0);

        Assert.Equal(general.ZeroT, packed.ZeroT);
        Assert.Equal(general.ZeroWeight, packed.ZeroWeight);
        Assert.Equal(general.DistinctX, packed.DistinctX);
        Assert.Equal(general.Runs.GroupStart, packed.Runs.GroupStart);
        Assert.Equal(general.Runs.UnitEnd, packed.Runs.UnitEnd);
        Assert.Equal(general.GroupWeight, packed.GroupWeight);
        Assert.Equal(general.TotalWeight, packed.TotalWeight);
        Assert.Equal(general.CompressedRows, packed.CompressedRows);
        Assert.Equal(general.Totals(), packed.Totals());
        // Row by row, the same T, t_x and weight.
        var runs = packed.Runs;
        for (int i = 0; i < packed.RepeatRows; i++)
        {
            Assert.Equal(general.Runs.T[i], runs.TTable!.Values[runs.PackedIndex![i] & 0xFFFF]);
            Assert.Equal(general.Runs.Recency[i], runs.RecencyTable!.Values[runs.PackedIndex[i] >> 16]);
            if (!unitWeights) Assert.Equal(general.Runs.Weight[i], runs.Weight[i]);
        }

        double[][] points = [[Math.Log(0.24), Math.Log(30), Math.Log(0.8), Math.Log(2.4)], [0.3, 2.0, -0.5, 1.2], [-1.0, 4.0, 0.7, -0.2]];
        foreach (int threads in new[] { 1, -1 })
        {
            var a = new BgNbdLogLikelihood(packed) { MaxDegreeOfParallelism = threads };
            var b = new BgNbdLogLikelihood(general) { MaxDegreeOfParallelism = threads };
            foreach (var theta in points)
            {
                var ga = new double[4];
                var gb = new double[4];
                double va = a.Evaluate(theta, ga), vb = b.Evaluate(theta, gb);
                Assert.True(double.IsFinite(va));
                Assert.Equal(vb, va);
                Assert.Equal(gb, ga);
            }
        }
    }

    [Fact]
    public void ASummaryWithTooManyDistinctDurationsTakesTheGeneralPath()
    {
        var summary = Summary(wholeDurations: false, unitWeights: true, continuousT: true);
        var data = BgNbdData.From(summary);
        Assert.Null(data.Runs.PackedIndex);
        Assert.Null(data.TTable);
    }

    [Theory]
    [InlineData(true, 90_001)]
    [InlineData(false, 90_001)]
    [InlineData(true, 20_001, 90_001)]
    [InlineData(true, 90_001, 90_002)]
    public void TheFirstBadRowIsReportedAsByTheGeneralPath(bool unitWeights, params int[] badRows)
    {
        var summary = Summary(wholeDurations: true, unitWeights, badRows);
        var packed = Assert.Throws<ArgumentException>(() => BgNbdData.From(summary));
        var general = Assert.Throws<ArgumentException>(() => BgNbdData.General(summary));
        Assert.Equal(general.Message, packed.Message);
        Assert.Contains($"c{badRows[0]}", packed.Message);
    }

    [Fact]
    public void DistinctDurationsNumbersValuesInOrderOfFirstOccurrence()
    {
        var distinct = new DistinctDurations();
        double[] values = [3, 0.5, 3, -0.0, 70_000, 0, 0.5, 65_535, 70_000, 7];
        int[] expected = [0, 1, 0, 2, 3, 2, 1, 4, 3, 5];
        Assert.Equal(expected, values.Select(distinct.IndexOf).ToArray());
        Assert.Equal([3, 0.5, 0, 70_000, 65_535, 7], distinct.Values());
        Assert.True(double.IsPositive(distinct.Values()[2]));
    }
}
