using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Tests.Models.GammaGamma;

/// <summary>
/// The Gamma-Gamma data of a summary keeps only the columns the likelihood reads and takes the others from the summary
/// when asked for: every column, statistic and likelihood value is the same as from the same rows given as columns.
/// </summary>
public class GammaGammaDataTests
{
    /// <summary>CDNOW with every third customer's weight 3 (or none) and its customers with x = 0 in place.</summary>
    private static RfmSummary Summary(bool weighted)
    {
        var cdnow = CdnowSummary.Load();
        var weights = Enumerable.Range(0, cdnow.Count).Select(i => weighted && i % 3 == 0 ? 3.0 : 1.0).ToArray();
        return new RfmSummary(cdnow.CustomerIds.ToArray(), cdnow.Frequency.ToArray(), cdnow.Recency.ToArray(), cdnow.T.ToArray(),
            cdnow.MonetaryValue.ToArray(), cdnow.TimeUnit, weights);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ASummarysDataEqualsTheSameRowsGivenAsColumns(bool weighted)
    {
        var summary = Summary(weighted);
        var fromSummary = GammaGammaData.FromSummary(summary);
        var fromColumns = new GammaGammaData(summary.Frequency, summary.MonetaryValue, summary.Weights, summary.CustomerIds);
        var included = Enumerable.Range(0, summary.Count).Where(i => summary.Frequency[i] != 0).ToArray();

        Assert.Equal(included, fromSummary.SourceRows.ToArray());
        Assert.Equal(included, fromColumns.SourceRows.ToArray());
        Assert.Equal(included.Select(i => summary.MonetaryValue[i]), fromSummary.MeanSpend.ToArray());
        Assert.Equal(included.Select(i => summary.Weights[i]), fromSummary.Weights.ToArray());
        Assert.Equal(included.Select(i => summary.Frequency[i]), fromSummary.Frequency.ToArray());
        Assert.Equal(included.Select(i => summary.CustomerIds[i]), fromSummary.CustomerIds);
        Assert.Equal(fromColumns.MeanSpend.ToArray(), fromSummary.MeanSpend.ToArray());
        Assert.Equal(fromColumns.Weights.ToArray(), fromSummary.Weights.ToArray());
        Assert.Equal((fromColumns.ExcludedCount, fromColumns.ExcludedWeight, fromColumns.TotalWeight),
            (fromSummary.ExcludedCount, fromSummary.ExcludedWeight, fromSummary.TotalWeight));

        var a = SpendFrequencyCorrelation.Compute(fromSummary);
        var b = SpendFrequencyCorrelation.Compute(fromColumns);
        Assert.Equal(BitConverter.DoubleToInt64Bits(b.Coefficient), BitConverter.DoubleToInt64Bits(a.Coefficient));
        Assert.Equal(b.TotalWeight, a.TotalWeight);
        // Against the definition: the weighted Pearson correlation of the included rows.
        double sw = included.Sum(i => summary.Weights[i]);
        double mx = included.Sum(i => summary.Weights[i] * summary.Frequency[i]) / sw;
        double mz = included.Sum(i => summary.Weights[i] * summary.MonetaryValue[i]) / sw;
        double Co(Func<int, double> u, Func<int, double> v) => included.Sum(i => summary.Weights[i] * u(i) * v(i));
        double rho = Co(i => summary.Frequency[i] - mx, i => summary.MonetaryValue[i] - mz)
            / Math.Sqrt(Co(i => summary.Frequency[i] - mx, i => summary.Frequency[i] - mx) * Co(i => summary.MonetaryValue[i] - mz, i => summary.MonetaryValue[i] - mz));
        Assert.Equal(rho, a.Coefficient, 1e-12);

        Span<double> theta = [Math.Log(6.2), Math.Log(3.7), Math.Log(15.3)];
        var ga = new double[3];
        var gb = new double[3];
        Assert.Equal(new GammaGammaLogDensity(fromColumns).Evaluate(theta, gb), new GammaGammaLogDensity(fromSummary).Evaluate(theta, ga));
        Assert.Equal(gb, ga);
    }

    [Fact]
    public void UnitWeightsGiveTheSameSumsAsReadWeights()
    {
        // Every weight 2 doubles every term and partial sum exactly, so the likelihood read with weights is exactly twice
        // the one computed without reading any (every weight 1): the two row kernels sum in the same order.
        var cdnow = CdnowSummary.Load();
        var unit = new GammaGammaData(cdnow.Frequency, cdnow.MonetaryValue);
        var doubled = new GammaGammaData(cdnow.Frequency, cdnow.MonetaryValue, Enumerable.Repeat(2.0, cdnow.Count).ToArray());
        Span<double> theta = [Math.Log(6.2), Math.Log(3.7), Math.Log(15.3)];
        var gu = new double[3];
        var gd = new double[3];
        double vu = new GammaGammaLogDensity(unit).Evaluate(theta, gu);
        double vd = new GammaGammaLogDensity(doubled).Evaluate(theta, gd);
        Assert.Equal(2 * vu, vd);
        Assert.Equal(gu.Select(g => 2 * g), gd);
    }

    /// <summary>150,003 random customers, 80% with repeat purchases: enough rows for the two-thread fill and the block sums.</summary>
    private static RfmSummary Large(bool weighted)
    {
        var random = new Random(29);
        int n = 150_003;
        double[] x = new double[n], tx = new double[n], t = new double[n], m = new double[n], w = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.Next(5) == 0 ? 0 : random.Next(1, 30);
            t[i] = random.Next(2, 500);
            tx[i] = x[i] == 0 ? 0 : random.Next(1, (int)t[i]);
            m[i] = x[i] == 0 ? 0 : Math.Exp(3 + random.NextDouble());
            w[i] = weighted && i % 7 == 0 ? 2.5 : 1;
        }
        return new RfmSummary(Enumerable.Range(0, n).Select(i => $"c{i}").ToArray(), x, tx, t, m, TimeUnit.Days, w);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ALargeSummarysDataAndLikelihoodAreTheSameBitsOnAnyNumberOfThreads(bool weighted)
    {
        var summary = Large(weighted);
        var fromSummary = GammaGammaData.FromSummary(summary);
        var fromColumns = new GammaGammaData(summary.Frequency, summary.MonetaryValue, summary.Weights, summary.CustomerIds);
        Assert.True(fromSummary.Count > 100_000);
        Assert.Equal(fromColumns.Frequency.ToArray(), fromSummary.Frequency.ToArray());
        Assert.Equal(fromColumns.Weights.ToArray(), fromSummary.Weights.ToArray());
        Assert.Equal(fromColumns.InverseFrequencySpend.ToArray(), fromSummary.InverseFrequencySpend.ToArray());
        Assert.Equal(fromColumns.LogFrequencySpend.ToArray(), fromSummary.LogFrequencySpend.ToArray());
        Assert.Equal(fromColumns.WeightedFrequency.ToArray(), fromSummary.WeightedFrequency.ToArray());
        Assert.Equal(fromColumns.Groups.Frequency, fromSummary.Groups.Frequency);
        Assert.Equal(fromColumns.Groups.Weight, fromSummary.Groups.Weight);
        Assert.Equal(fromColumns.Groups.WeightedLogSpend, fromSummary.Groups.WeightedLogSpend);
        Assert.Equal(fromColumns.WeightedMeanSpend, fromSummary.WeightedMeanSpend);

        double[] theta = [Math.Log(6.2), Math.Log(3.7), Math.Log(15.3)];
        var reference = new double[3];
        double value = new GammaGammaLogDensity(fromColumns) { MaxDegreeOfParallelism = 1 }.Evaluate(theta, reference);
        foreach (int threads in new[] { 1, 2, 3, -1 })
        {
            var gradient = new double[3];
            Assert.Equal(value, new GammaGammaLogDensity(fromSummary) { MaxDegreeOfParallelism = threads }.Evaluate(theta, gradient));
            Assert.Equal(reference, gradient);
        }
        // Against the density of each customer, summed directly.
        var parameters = new GammaGammaParameters(6.2, 3.7, 15.3);
        double direct = 0;
        for (int i = 0; i < summary.Count; i++)
            if (summary.Frequency[i] != 0)
                direct += summary.Weights[i] * GammaGammaLikelihood.LogDensity(parameters, summary.Frequency[i], summary.MonetaryValue[i]);
        Assert.Equal(direct, value, Math.Abs(direct) * 1e-12);
    }
}
