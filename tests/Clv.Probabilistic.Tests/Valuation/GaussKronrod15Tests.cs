using Clv.Probabilistic.Valuation;
using MathNet.Numerics.Integration;

namespace Clv.Probabilistic.Tests.Valuation;

public class GaussKronrod15Tests
{
    private static (double Kronrod, double Gauss) Integrate(Func<double, double> f, double a, double b)
    {
        Span<double> nodes = stackalloc double[15], wk = stackalloc double[15], wg = stackalloc double[15];
        GaussKronrod15.OnInterval(a, b, nodes, wk, wg);
        double k = 0, g = 0;
        for (int j = 0; j < 15; j++)
        {
            k += wk[j] * f(nodes[j]);
            g += wg[j] * f(nodes[j]);
        }
        return (k, g);
    }

    [Fact]
    public void KronrodRuleIsExactToDegree23AndGaussRuleToDegree13()
    {
        // By symmetry the 7-point Gauss rule is exact to degree 2n − 1 = 13 and the 15-point Kronrod rule to 3n + 2 = 23 (n = 7 odd).
        for (int degree = 0; degree <= 23; degree++)
        {
            // ∫ from 0 to 2 of t^d = 2^(d+1)/(d+1)
            double exact = Math.Pow(2, degree + 1) / (degree + 1);
            var (kronrod, gauss) = Integrate(t => Math.Pow(t, degree), 0, 2);
            Assert.True(Math.Abs(kronrod - exact) <= 1e-14 * exact, $"Kronrod, degree {degree}");
            if (degree <= 13) Assert.True(Math.Abs(gauss - exact) <= 1e-14 * exact, $"Gauss, degree {degree}");
        }
        // On [−1, 1], s^24 and s^14 are the first even powers the rules miss.
        var (k24, _) = Integrate(s => Math.Pow(s, 24), -1, 1);
        var (_, g14) = Integrate(s => Math.Pow(s, 14), -1, 1);
        Assert.True(Math.Abs(k24 - 2.0 / 25) > 1e-10, "Kronrod degree 24 should not be exact");
        Assert.True(Math.Abs(g14 - 2.0 / 15) > 1e-6, "Gauss degree 14 should not be exact");
    }

    [Fact]
    public void GaussNodesAndWeightsAgreeWithMathNetsSevenPointRule()
    {
        var rule = new GaussLegendreRule(-1, 1, 7);
        var reference = rule.Abscissas.Zip(rule.Weights).OrderBy(p => p.First).ToArray();
        Span<double> nodes = stackalloc double[15], wk = stackalloc double[15], wg = stackalloc double[15];
        GaussKronrod15.OnInterval(-1, 1, nodes, wk, wg);
        var ours = new List<(double, double)>();
        for (int j = 0; j < 15; j++) if (wg[j] != 0) ours.Add((nodes[j], wg[j]));
        var sorted = ours.OrderBy(p => p.Item1).ToArray();
        Assert.Equal(7, sorted.Length);
        for (int j = 0; j < 7; j++)
        {
            Assert.Equal(reference[j].First, sorted[j].Item1, 1e-15);
            Assert.Equal(reference[j].Second, sorted[j].Item2, 1e-15);
        }
    }
}
