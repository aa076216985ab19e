using Clv.Probabilistic.Models.BetaDiscreteWeibull;

namespace Clv.Probabilistic.Tests.Models.Retention;

/// <summary>
/// BdW where t^c is huge (c up to 10, the largest supported): ln S(t) and ln r(t) against 80-digit mpmath values of
/// B(α, β + t^c)/B(α, β) (bdw_large_shape.py). The shifts by h = t^c − (t−1)^c cancelled to nothing there (S(1000) at
/// α = β = c = 10 came out as +∞); an error of ε in quantities of size |ln S(t)| is allowed per unit of that size.
/// </summary>
public sealed class BdwLargeShapeTests
{
    [Theory]
    [InlineData(10.0, 10.0, 10.0, 1000, -664.23747119109568078, -0.10005003335835335001)]
    [InlineData(10.0, 10.0, 10.0, 2, -42.917231477588308407, -42.224084297028363098)]
    [InlineData(0.5, 2.0, 10.0, 100, -22.741168059467537681, -0.050251679267507205917)]
    [InlineData(3.0, 0.20000000000000001, 5.0, 5000, -128.39655686651943691, -0.003000300040006000959)]
    [InlineData(0.001, 0.001, 10.0, 1000, -0.76279948441431508878, -0.00001000500333583533521)]
    [InlineData(50.0, 10000.0, 10.0, 1000000, -6447.1159620096001148, -0.00050000025000016684595)]
    public void SurvivalAndRetentionAgreeWithMpmath(double alpha, double beta, double c, int t, double logSurvival, double logRetention)
    {
        var model = new BdwModel(new BdwParameters(alpha, beta, c));
        double tolerance = 2e-16 * 16 * Math.Max(1, Math.Abs(logSurvival));
        Assert.InRange(model.LogSurvival(t), logSurvival - tolerance, logSurvival + tolerance);
        Assert.InRange(Math.Log(model.RetentionRate(t)), logRetention - tolerance, logRetention + tolerance);
    }
}
