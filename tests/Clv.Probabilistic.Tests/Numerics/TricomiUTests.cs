using System.Globalization;
using Clv.Probabilistic.Numerics;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Numerics;

/// <summary>
/// K(a, z) = z^{a−1} U(a, a, z) against mpmath (tricomi_u_reference.py, tricomi_u_reference.csv in this folder: the
/// integral ∫₀^∞ e^{−zu} (1+u)^{−a} du at 30 digits, checked against mpmath.hyperu), over a from 10⁻³ to 1500 (a ≈ 1,
/// a ≈ 3/2 and the switch to the continued fraction at a = 1000 among them) and z from 10⁻¹² to 10⁸ (both sides of z = 1).
/// </summary>
public class TricomiUTests(ITestOutputHelper output)
{
    [Fact]
    public void ScaledDiagonalMatchesMpmath()
    {
        double worst = 0;
        int count = 0;
        foreach (var line in File.ReadAllLines(Path.Combine(Folder(), "tricomi_u_reference.csv")).Skip(1))
        {
            var f = line.Split(',');
            double a = double.Parse(f[0], CultureInfo.InvariantCulture), z = double.Parse(f[1], CultureInfo.InvariantCulture);
            double expected = double.Parse(f[2], CultureInfo.InvariantCulture);
            double actual = TricomiU.ScaledDiagonal(a, z);
            double error = Math.Abs(actual - expected) / expected;
            Assert.True(error <= 2e-14, $"K({a}, {z}) = {actual:R}, mpmath {expected:R} (relative error {error:G3})");
            double log = TricomiU.LogDiagonal(a, z), expectedLog = Math.Log(expected) - (a - 1) * Math.Log(z);
            Assert.True(Math.Abs(log - expectedLog) <= 2e-14 * Math.Max(1, Math.Abs(expectedLog)), $"ln U({a}, {a}, {z}) = {log:R}, mpmath {expectedLog:R}");
            worst = Math.Max(worst, error);
            count++;
        }
        Assert.Equal(21 * 16, count);
        output.WriteLine($"{count} values, largest relative error {worst:G3}");
    }

    // K = E[1/(z + G)], G ~ Gamma(a, 1): by Jensen's inequality 1/(z + a) ≤ K < 1/z; and the recurrence
    // a K(a+1, z) = 1 − z K(a, z) (DLMF 8.19.12) links the methods on either side of the switches.
    [Theory]
    [InlineData(0.3)]
    [InlineData(0.999999999)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(4.2)]
    [InlineData(999.6)]
    public void BoundsAndRecurrenceHold(double a)
    {
        foreach (double z in new[] { 1e-9, 0.01, 0.4, 0.99, 1.0, 1.01, 3.0, 250.0 })
        {
            double k = TricomiU.ScaledDiagonal(a, z), next = TricomiU.ScaledDiagonal(a + 1, z);
            Assert.True(k >= 1 / (z + a) * (1 - 1e-15) && k < 1 / z, $"K({a}, {z}) = {k:R}");
            double residual = Math.Abs(a * next + z * k - 1);
            Assert.True(residual <= 1e-14, $"a K(a+1, z) + z K(a, z) − 1 = {residual:G3} at a = {a}, z = {z}");
        }
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-1.0, 1.0)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(1.0, 0.0)]
    [InlineData(1.0, double.PositiveInfinity)]
    public void RejectsArgumentsOutsideItsDomain(double a, double z) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TricomiU.ScaledDiagonal(a, z));

    private static string Folder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "tests", "Clv.Probabilistic.Tests", "Numerics");
            if (File.Exists(Path.Combine(candidate, "tricomi_u_reference.csv"))) return candidate;
        }
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds tests/Clv.Probabilistic.Tests/Numerics/tricomi_u_reference.csv.");
    }
}
