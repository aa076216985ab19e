using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Tests.Models.BgNbd;

/// <summary>
/// E[X(t)] at parameters near double.MaxValue (issue 16, item 4): the quadrature's panel count is capped, the limits
/// b → ∞ (no dropout: r t/α) and a → ∞ (dropout right after the first repeat purchase: 1 − (1 + t/α)^{−r}) are returned
/// where they hold to double precision, and elsewhere an ArithmeticException names the parameters.
/// </summary>
public sealed class BgNbdExtremeParameterTests
{
    [Theory]
    [InlineData(0.2426, 4.4136, 0.7929, 1.7e308, 39.0)]
    [InlineData(2.2426, 43.27, 0.7929, 1.7976931348623157e308, 39.0)]
    public void HugeBGivesTheNoDropoutMean(double r, double alpha, double a, double b, double t)
    {
        double expected = r * t / alpha;
        double value = BgNbdExpectedCount.Evaluate(r, alpha, a, b, t);
        Assert.Equal(expected, value, expected * 1e-15);
        // Continuity: where the quadrature still runs (b = 1e300) it agrees with the limit.
        double integral = BgNbdExpectedCount.ByIntegral(r, alpha, a, 1e300, t);
        Assert.Equal(expected, integral, expected * 1e-13);
    }

    // r t/α itself near the bottom of the double range (the quadrature at b = 1e300 is not accurate here: its
    // kernel is scaled into subnormals, so only the limit is checked).
    [Fact]
    public void HugeBWithTinyRGivesTheNoDropoutMean() =>
        Assert.Equal(1e-294, BgNbdExpectedCount.Evaluate(1e-300, 1.0, 3.0, 1.7e308, 1e6), 1e-309);

    [Theory]
    [InlineData(0.2426, 4.4136, 1.7e308, 2.4258, 39.0)]
    [InlineData(2.2426, 43.27, 1.7976931348623157e308, 4.4258, 1.0)]
    public void HugeAGivesTheFirstPurchaseProbability(double r, double alpha, double a, double b, double t)
    {
        double expected = 1 - Math.Pow(1 + t / alpha, -r);
        Assert.Equal(expected, BgNbdExpectedCount.Evaluate(r, alpha, a, b, t), expected * 1e-14);
        Assert.Equal(expected, BgNbdExpectedCount.ByIntegral(r, alpha, 1e300, b, t), expected * 1e-13);
    }

    [Theory]
    [InlineData(1.7e308, 4.4136, 0.7929, 2.4258)]
    [InlineData(0.2426, 4.4136, 1e20, 1e20)]
    [InlineData(1.7e308, 4.4136, 1.7e308, 1.7e308)]
    public void OutsideTheQuadratureAndWithoutALimitIsAnErrorNamingTheParameters(double r, double alpha, double a, double b)
    {
        var e = Assert.ThrowsAny<ArithmeticException>(() => BgNbdExpectedCount.ByIntegral(r, alpha, a, b, 39.0));
        Assert.Contains("BG/NBD E[X(t)]", e.Message);
        Assert.Contains($"r = {r:R}", e.Message);
        Assert.Contains($"b = {b:R}", e.Message);
    }
}
