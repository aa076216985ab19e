using Clv.Probabilistic.Models.GammaGamma;
using MathNet.Numerics.Statistics;

namespace Clv.Probabilistic.Tests.Models.GammaGamma;

public class SpendFrequencyCorrelationTests
{
    [Fact]
    public void CdnowCorrelationMatchesPearsonAndIsNotMaterial()
    {
        var data = GammaGammaData.FromSummary(CdnowSummary.Load());
        var diagnostic = SpendFrequencyCorrelation.Compute(data);
        double reference = Correlation.Pearson(data.Frequency.ToArray(), data.MeanSpend.ToArray());
        Assert.Equal(reference, diagnostic.Coefficient, 1e-12);
        Assert.Equal(0.11, diagnostic.Coefficient, 0.01); // FHL (2005), "Adding monetary value": 0.11
        Assert.False(diagnostic.IsMaterial);
    }

    [Fact]
    public void WeightsCountAsRepeatedRows()
    {
        var weighted = SpendFrequencyCorrelation.Compute(new GammaGammaData([1, 2, 5], [3.0, 4.0, 20.0], [2.0, 1.0, 3.0]));
        double reference = Correlation.Pearson([1.0, 1, 2, 5, 5, 5], [3.0, 3, 4, 20, 20, 20]);
        Assert.Equal(reference, weighted.Coefficient, 1e-12);
        Assert.True(weighted.IsMaterial);
    }

    [Fact]
    public void FlagsOnlyAboveTheThreshold()
    {
        var data = new GammaGammaData([1, 2, 3, 4], [10.0, 5.0, 12.0, 9.0]);
        var diagnostic = SpendFrequencyCorrelation.Compute(data);
        Assert.Equal(Correlation.Pearson([1.0, 2, 3, 4], [10.0, 5, 12, 9]), diagnostic.Coefficient, 1e-12);
        Assert.Equal(Math.Abs(diagnostic.Coefficient) > 0.3, diagnostic.IsMaterial);
        Assert.True(SpendFrequencyCorrelation.Compute(data, 0.0).IsMaterial);
        Assert.False(SpendFrequencyCorrelation.Compute(data, 1.0).IsMaterial);
    }
}
