using Clv.Probabilistic.Numerics;
using MathNet.Numerics;

namespace Clv.Probabilistic.Tests.Numerics;

/// <summary>₂F₁ against elementary closed forms (A&amp;S 15.1.3, 15.1.6, 15.1.8, 15.1.20) and its special values.</summary>
public class HypergeometricClosedFormTests
{
    public static TheoryData<double> Arguments => new() { -1e6, -50, -0.9, -0.3, 1e-12, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999 };

    private static void AssertRelative(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error <= tolerance, $"{what}: got {actual:R}, expected {expected:R}, relative error {error:G3}");
    }

    [Theory]
    [MemberData(nameof(Arguments))]
    public void OneOneTwoIsMinusLogOneMinusZOverZ(double z)
    {
        // −ln(1−z)/z; ln(1−z) from Math.Log of an exact 1−z where possible, else its Taylor series.
        double expected = Math.Abs(z) < 1e-6 ? 1 + z / 2 + z * z / 3 : -Math.Log(1 - z) / z;
        AssertRelative(expected, Hypergeometric.Hyp2F1(1, 1, 2, z), 2e-15 * Math.Max(1, Math.Abs(Math.Log(1 - z))) + 1e-15, $"z={z}");
    }

    [Theory]
    [MemberData(nameof(Arguments))]
    public void BEqualsCIsPowerOfOneMinusZ(double z)
    {
        foreach (double a in new[] { 0.37, -2.5, 7.0, 1234.5 })
        {
            foreach (double b in new[] { 0.6, 3.25, 10000.0 })
            {
                double expectedLog = -a * LogOnePlus(-z);
                double actualLog = Hypergeometric.LogHyp2F1(a, b, b, z);
                Assert.True(Math.Abs(actualLog - expectedLog) <= 1e-14 * Math.Max(1, Math.Abs(expectedLog)),
                    $"a={a} b={b} z={z}: {actualLog:R} vs {expectedLog:R}");
            }
        }
    }

    /// <summary>ln(1+x): Taylor series for |x| &lt; 1e-4 (error below 1e-20), else Math.Log(1+x) whose argument
    /// rounding costs at most 1.1e-16/|ln(1+x)| relative, below 1e-12 here.</summary>
    private static double LogOnePlus(double x) =>
        Math.Abs(x) < 1e-4 ? x - x * x / 2 + x * x * x / 3 - x * x * x * x / 4 : Math.Log(1 + x);

    [Theory]
    [InlineData(1e-8)]
    [InlineData(0.2)]
    [InlineData(0.7)]
    [InlineData(0.95)]
    [InlineData(0.999)]
    [InlineData(0.99999)]
    public void HalfHalfThreeHalvesIsArcsinOverZ(double x)
    {
        AssertRelative(Math.Asin(x) / x, Hypergeometric.Hyp2F1(0.5, 0.5, 1.5, x * x), 1e-14, $"x={x}");
    }

    [Theory]
    [InlineData(0.25, 0.5, 2.0)]
    [InlineData(1.5, 0.75, 4.25)]
    [InlineData(-2.5, 3.0, 1.75)]
    [InlineData(0.243, 0.793, 3.1)]
    public void ApproachesGaussSumAtOne(double a, double b, double c)
    {
        double m = c - a - b;
        double gauss = SpecialFunctions.Gamma(c) * SpecialFunctions.Gamma(m) / (SpecialFunctions.Gamma(c - a) * SpecialFunctions.Gamma(c - b));
        AssertRelative(gauss, Hypergeometric.Hyp2F1(a, b, c, 1.0), 1e-13, "z = 1");
        // F(1) − F(z) = O((1−z)^min(m,1)) (with a log factor at m = 1), so the gap shrinks with 1−z.
        double previousGap = double.PositiveInfinity;
        foreach (double oneMinusZ in new[] { 1e-2, 1e-4, 1e-6, 1e-8 })
        {
            double gap = Math.Abs(Hypergeometric.Hyp2F1(a, b, c, 1 - oneMinusZ) - gauss) / Math.Abs(gauss);
            Assert.True(gap < previousGap || gap < 1e-12, $"1-z={oneMinusZ}: gap {gap:G3} did not shrink from {previousGap:G3}");
            Assert.True(gap <= 50 * Math.Pow(oneMinusZ, Math.Min(m, 1)) * (1 + Math.Abs(Math.Log(oneMinusZ))), $"1-z={oneMinusZ}: gap {gap:G3}");
            previousGap = gap;
        }
    }

    [Fact]
    public void SpecialValuesAreExact()
    {
        Assert.Equal(1.0, Hypergeometric.Hyp2F1(3.5, 2.5, 1.5, 0.0));
        Assert.Equal(1.0, Hypergeometric.Hyp2F1(0.0, 2.5, 1.5, 0.999));
        Assert.Equal(1.0, Hypergeometric.Hyp2F1(2.5, 0.0, 1.5, -7));
        Assert.Equal(0.0, Hypergeometric.LogHyp2F1(7, 0.0, 1.5, 0.5));
        // Terminating: 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)), exact in rationals.
        Assert.Equal(1 - 2 * 3.0 * 0.5 / 4.0 + 3.0 * 4.0 * 0.25 / (4.0 * 5.0), Hypergeometric.Hyp2F1(-2, 3, 4, 0.5), 15);
        Assert.Equal(1 - 2 * 3.0 * 0.5 / 4.0 + 3.0 * 4.0 * 0.25 / (4.0 * 5.0), Hypergeometric.Hyp2F1(3, -2, 4, 0.5), 15);
    }

    [Fact]
    public void InvalidArgumentsThrowNamingTheParameter()
    {
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Hypergeometric.Hyp2F1(double.NaN, 1, 2, 0.5)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Hypergeometric.Hyp2F1(1, double.NaN, 2, 0.5)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Hypergeometric.LogHyp2F1(1, 1, double.NaN, 0.5)).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentException>(() => Hypergeometric.Hyp2F1Signed(1, 1, 2, double.NaN)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Hypergeometric.Hyp2F1(1, 1, 0, 0.5)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Hypergeometric.Hyp2F1(1, 1, -3, 0.5)).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Hyp2F1(1, 1, 2, 1.5)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Hyp2F1(1, 1, 2, 1.0)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Hyp2F1(double.PositiveInfinity, 1, 2, 0.5)).ParamName);
    }

    [Fact]
    public void OverflowAndNegativeValuesAreReportedNotReturned()
    {
        // (1−z)^(−a) with a = 10^4 at z = 0.5 is 2^10000: beyond double, fine in log space.
        Assert.Throws<OverflowException>(() => Hypergeometric.Hyp2F1(1e4, 2.5, 2.5, 0.5));
        Assert.Equal(1e4 * Math.Log(2), Hypergeometric.LogHyp2F1(1e4, 2.5, 2.5, 0.5), 1e-9);
        // 2F1(−1, 1; 1; z) = 1 − z < 0 for z > 1 is excluded; 2F1(−1, 2; 1; 0.75) = 1 − 1.5 = −0.5.
        Assert.Equal(-0.5, Hypergeometric.Hyp2F1(-1, 2, 1, 0.75), 15);
        Assert.Throws<ArithmeticException>(() => Hypergeometric.LogHyp2F1(-1, 2, 1, 0.75));
        SignedLogValue signed = Hypergeometric.Hyp2F1Signed(-1, 2, 1, 0.75);
        Assert.Equal(-1, signed.Sign);
        Assert.Equal(Math.Log(0.5), signed.LogAbs, 15);
    }

    [Fact]
    public void SeriesThatCannotConvergeThrowsInsteadOfReturningGarbage()
    {
        // Huge parameters with z near 1 and c − a − b an integer: the series needs far more than the cap and the
        // 1 − z transformation is degenerate.
        Assert.Throws<HypergeometricConvergenceException>(() => Hypergeometric.Hyp2F1(1e6, 1e6, 2e6, 0.99999));
    }
}
