using Clv.Probabilistic.Data;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Tests.Valuation;

public class DiscountRateTests
{
    [Fact]
    public void OnePercentAMonthCompoundsToTheYearlyRate()
    {
        var monthly = DiscountRate.PerMonth(0.01);
        Assert.Equal(Math.Pow(1.01, 12) - 1, monthly.ForPeriod(TimeUnit.Years), 1e-15);
        Assert.Equal(0.01, monthly.ForPeriod(TimeUnit.Months), 1e-16);
        Assert.Equal(Math.Pow(1.01, 7 / (365.25 / 12)) - 1, monthly.ForPeriod(TimeUnit.Weeks), 1e-16);
    }

    [Fact]
    public void ContinuousRateIsTheLogOfOnePlusTheRatePerUnit()
    {
        var yearly = DiscountRate.PerYear(0.1);
        Assert.Equal(Math.Log(1.1), yearly.ContinuousRate(TimeUnit.Years), 1e-16);
        Assert.Equal(Math.Log(1.1) / 12, yearly.ContinuousRate(TimeUnit.Months), 1e-16);
        Assert.Equal(Math.Log(1.1) * 7 / 365.25, yearly.ContinuousRate(TimeUnit.Weeks), 1e-16);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void RejectsNegativeOrNonFiniteRates(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscountRate.PerYear(rate));

    [Fact]
    public void DefaultRateHasNoPeriodAndIsRejectedByOptions()
    {
        Assert.Throws<InvalidOperationException>(() => default(DiscountRate).ContinuousRate(TimeUnit.Weeks));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClvOptions(12, TimeUnit.Months, default));
    }
}
