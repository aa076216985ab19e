using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Tests.Numerics;

/// <summary>₂F₁ against the test project's own oracles: decimal power series and Euler-integral quadrature.</summary>
public class HypergeometricOracleTests
{
    private static void AssertRelative(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error <= tolerance, $"{what}: got {actual:R}, expected {expected:R}, relative error {error:G3} > {tolerance:G3}");
    }

    [Theory]
    [InlineData(0.5, 1.5, 2.25, 0.3)]
    [InlineData(0.5, 1.5, 2.25, 0.9)]
    [InlineData(2.75, 3.5, 1.25, 0.6)]
    [InlineData(0.125, 0.25, 0.375, 0.85)]
    [InlineData(-2.5, 3.25, 1.5, 0.7)]
    [InlineData(-7.25, -3.5, 0.75, 0.5)]
    [InlineData(1.5, 2.5, -3.5, 0.4)]
    [InlineData(12.5, 7.25, 30.5, 0.9)]
    [InlineData(0.5, 1.5, 2.25, -0.3)]
    [InlineData(2.75, 3.5, 1.25, -0.6)]
    [InlineData(4.5, -1.25, 2.5, -0.9)]
    [InlineData(-6, 2.5, 3.5, 0.8)]
    [InlineData(-12, 4.25, 1.5, -0.9)]
    [InlineData(-20, 30.5, 10.5, 0.5)]
    [InlineData(1.75, 2.5, 3.25, 0.1)]
    [InlineData(0.243, 2.426, 2.219, 0.9)]
    [InlineData(10.243, 12.426, 12.219, 0.5)]
    public void MatchesDecimalPowerSeries(double a, double b, double c, double z)
    {
        // Where the series itself cancels (condition Σ|t|/|Σt| ≫ 1) no double-precision method does better than
        // about eps·condition unless a transformation removes the cancellation; the tolerance says so explicitly.
        double expected = HypergeometricOracle.DecimalSeries(a, b, c, z, out double condition);
        AssertRelative(expected, Hypergeometric.Hyp2F1(a, b, c, z), 1e-13 + 1e-15 * condition, $"2F1({a}, {b}; {c}; {z}), condition {condition:G3}");
    }

    [Theory]
    [InlineData(0.5, 1.5, 2.25, 0.99)]
    [InlineData(0.5, 1.5, 2.25, 0.999)]
    [InlineData(0.5, 1.5, 2.25, 0.9999)]
    [InlineData(1.0, 1.0, 2.0, 0.9999)]
    [InlineData(2.5, 0.75, 1.75, 0.999)]
    [InlineData(3.5, 0.5, 1.5, 0.9999)]
    [InlineData(0.3, 0.7, 1.0, 0.999)]
    [InlineData(0.3, 0.7, 1.0000001, 0.9999)]
    [InlineData(-1.5, 2.5, 3.5, 0.99)]
    [InlineData(2.5, 0.75, 1.75, -20)]
    [InlineData(0.6, 2.5, 3.0, -1e4)]
    [InlineData(2.243, 1.426, 2.219, 0.999)]
    [InlineData(2000.243, 2002.426, 2002.219, 0.999)]
    [InlineData(10000.243, 10002.426, 10002.219, 0.99)]
    [InlineData(300.5, 150.25, 400.75, 0.95)]
    public void MatchesEulerIntegralQuadrature(double a, double b, double c, double z)
    {
        // Euler's integral needs c > b > 0; use the symmetry in a and b of the integrand's parameter if needed.
        // Compared in log space (some of these overflow double); the oracle's own noise grows with the
        // parameters (see LogEulerIntegral), hence the looser tolerance above 100.
        double expected = c > b && b > 0
            ? HypergeometricOracle.LogEulerIntegral(a, b, c, z)
            : HypergeometricOracle.LogEulerIntegral(b, a, c, z);
        double tolerance = (Math.Max(Math.Abs(a), Math.Max(Math.Abs(b), Math.Abs(c))) > 100 ? 1e-11 : 1e-13) + 1e-15 * Math.Abs(expected);
        double actual = Hypergeometric.LogHyp2F1(a, b, c, z);
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"ln 2F1({a}, {b}; {c}; {z}) = {actual:R}, oracle {expected:R}");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    [InlineData(0.999)]
    public void BgNbdEulerFormMatchesDirectSeriesAndQuadrature(double z)
    {
        // 2F1(r+x, b+x; a+b+x-1; z) = (1-z)^(a-1-r-x) 2F1(a+b-1-r, a-1; a+b+x-1; z), A&S 15.3.3.
        const double r = 0.243, a = 1.793, b = 2.426;
        foreach (int x in new[] { 0, 1, 5, 40 })
        {
            double c = a + b + x - 1;
            double direct = HypergeometricOracle.EulerIntegral(b + x, r + x, c, z); // c - (r+x) = a+b-1-r > 0
            double viaEuler = Math.Pow(1 - z, a - 1 - r - x) * HypergeometricOracle.EulerIntegral(a - 1, a + b - 1 - r, c, z);
            AssertRelative(direct, viaEuler, 1e-12, $"oracle Euler identity x={x}");
            AssertRelative(direct, Hypergeometric.Hyp2F1(r + x, b + x, c, z), 1e-12, $"BG/NBD x={x} z={z}");
        }
    }
}
