using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Tests.Numerics;

public class GammaShiftAndBetaFractionTests
{
    // ln Γ(y + d) − ln Γ(y), reference mpmath 1.3.0 loggamma at 50 digits with y and d the exact doubles shown (y + d
    // formed in the reference's precision). Where y is large the plain difference of two lnΓ values loses about
    // 10⁻¹⁶ · y ln y, e.g. 4·10⁻⁶ at y = 2·10⁹; the shifted Stirling form must not.
    [Theory]
    [InlineData(10.0, 0.5, 1.138797739322294)]
    [InlineData(12.5, -1.5, -3.6299349388609304)]
    [InlineData(100001.0, -0.9999, -11.511774172923682)]
    [InlineData(2000000000.0, 1.001, 21.437829430524111)]
    [InlineData(100000.0, -0.757, -8.7152779267095983)]
    [InlineData(1000000000000000.0, 3.0, 103.61632918473206)]
    [InlineData(50.0, 100.0, 455.44372660898254)]
    [InlineData(3.0, 0.25, 0.24265475054878005)]
    [InlineData(10000000.0, -9.5, -153.12190369660238)]
    public void LogGammaShiftMatchesHighPrecisionReference(double y, double d, double expected)
    {
        double value = GammaFunctions.LogGammaShift(y, d);
        Assert.True(Math.Abs(value - expected) <= 4e-16 * Math.Max(1, Math.Abs(expected)), $"{value:R} vs {expected:R}");
    }

    // Where y + 1 rounds to y (y ≥ 2^53) and y + d < 10, the recurrence that lifts y + d above 10 would never end
    // (issue 16: every iteration bounded). Reference: mpmath loggamma(2) − loggamma(9007199254740994) at 50 digits.
    [Fact]
    public void LogGammaShiftEndsWhereAddingOneNoLongerMovesY()
    {
        double value = GammaFunctions.LogGammaShift(9007199254740994.0, -9007199254740992.0);
        Assert.Equal(-321888483458023102.09, value, 1e-15 * 321888483458023102.09);
        Assert.Throws<ArgumentOutOfRangeException>(() => GammaFunctions.LogGammaShift(-1e300, 1e300 + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GammaFunctions.DigammaShift(-1e300, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GammaFunctions.DigammaShift(double.NaN, 1));
    }

    // ψ(y + d) − ψ(y), reference mpmath 1.3.0 digamma at 60 digits with the exact doubles shown. For y = 10⁴³ the
    // plain difference of two digamma values (≈ 99 each) would be 0 or ±1.4·10⁻¹⁴, not 6·10⁻⁴³.
    [Theory]
    [InlineData(10.0, 0.5, 0.051248445230965268)]
    [InlineData(0.5, 3.74, 3.285538506535926)]
    [InlineData(6.25, 3.74, 0.50024684594746509)]
    [InlineData(0.001, 2.0, 1000.999000999001)]
    [InlineData(12.5, 0.001, 8.3281758575508959e-5)]
    [InlineData(1000000.0, 3.74, 3.7399948762110676e-6)]
    [InlineData(2000000000.0, 1.001, 5.0049999999987482e-10)]
    [InlineData(1000000000000000.0, 3.0, 2.999999999999997e-15)]
    [InlineData(1e+20, 3.74, 3.7400000000000002e-20)]
    [InlineData(1e+43, 6.0, 5.9999999999999999e-43)]
    [InlineData(3.0, 250.0, 4.6086275671458532)]
    public void DigammaShiftMatchesHighPrecisionReference(double y, double d, double expected)
    {
        double value = GammaFunctions.DigammaShift(y, d);
        Assert.True(Math.Abs(value - expected) <= 2e-15 * Math.Abs(expected), $"{value:R} vs {expected:R}");
    }

    // ψ(y + d) − ψ(y) is ∂/∂y [lnΓ(y + d) − lnΓ(y)]: a central difference of LogGammaShift in y with step 10⁻⁴ y
    // (relative truncation error ≈ 10⁻⁸) over y from 10⁻² to 10⁴⁰.
    [FsCheck.Xunit.Property(MaxTest = 200)]
    public FsCheck.Property DigammaShiftIsTheDerivativeOfLogGammaShift() =>
        FsCheck.Fluent.Prop.ForAll(
            FsCheck.Fluent.Arb.From(FsCheck.Fluent.Gen.Choose(-2000, 40000)),
            FsCheck.Fluent.Arb.From(FsCheck.Fluent.Gen.Choose(-3000, 3000)),
            (yExponent, dExponent) =>
            {
                double y = Math.Pow(10, yExponent / 1000.0), d = Math.Pow(10, dExponent / 1000.0), h = 1e-4 * y;
                double derivative = (GammaFunctions.LogGammaShift(y + h, d) - GammaFunctions.LogGammaShift(y - h, d)) / (2 * h);
                double value = GammaFunctions.DigammaShift(y, d);
                return Math.Abs(value - derivative) <= 1e-6 * Math.Abs(value);
            });

    // ln K(a, b, x) with I_x(a, b) = x^a (1−x)^b / (a B(a, b)) · K (A&S 26.5.8); reference mpmath betainc (regularised)
    // at 50 digits. Includes x within 10⁻⁶ of 1 beyond the fast-convergence bound (a+1)/(a+b+2) and x = 10⁻¹² with b = 10⁵.
    [Theory]
    [InlineData(5000, 0.001, 0.999999, 10.077845817752655)]
    [InlineData(0.0001, 100000.0, 1e-12, 9.9990001100189939e-8)]
    [InlineData(2.5, 3.5, 0.3, 0.65789460441731625)]
    [InlineData(10.0, 0.5, 0.999, 5.0822607014937394)]
    [InlineData(100.0, 50.0, 0.6, 2.078774691880443)]
    public void IncompleteBetaFractionMatchesHighPrecisionReference(double a, double b, double x, double expected)
    {
        Assert.True(IncompleteBetaFraction.TryLog(a, b, x, 1 - x, 5_000_000, out double value));
        Assert.True(Math.Abs(value - expected) <= 1e-12 * Math.Max(1e-3, Math.Abs(expected)), $"{value:R} vs {expected:R}");
    }
}
