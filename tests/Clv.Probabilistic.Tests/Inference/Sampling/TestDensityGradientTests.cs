using Clv.Probabilistic.Inference;
using FsCheck;
using FsCheck.Fluent;

namespace Clv.Probabilistic.Tests.Inference.Sampling;

/// <summary>The test targets' analytic gradients against central finite differences.</summary>
public class TestDensityGradientTests
{
    private static readonly ILogDensity[] Densities =
    [
        new StandardNormalDensity(3),
        GaussianDensity.Bivariate(1, -2, 1, 10, 0.99).Density,
        new GammaPoissonLogRate(2, 1, 13, 5),
        new BetaBinomialLogit(2, 3, 7, 20),
        new FunnelDensity(4),
    ];

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public Property GradientsMatchCentralDifferences() =>
        Prop.ForAll(Gen.Choose(0, Densities.Length - 1).ToArbitrary(),
            Gen.ArrayOf(Gen.Choose(-2000, 2000).Select(i => i / 1000.0), 4).ToArbitrary(),
            (index, point) =>
            {
                var density = Densities[index];
                var theta = point[..density.Dimension];
                var gradient = new double[density.Dimension];
                density.Evaluate(theta, gradient);
                for (int i = 0; i < theta.Length; i++)
                {
                    const double h = 1e-5;
                    var plus = (double[])theta.Clone();
                    var minus = (double[])theta.Clone();
                    plus[i] += h;
                    minus[i] -= h;
                    var scratch = new double[density.Dimension];
                    double numeric = (density.Evaluate(plus, scratch) - density.Evaluate(minus, scratch)) / (2 * h);
                    if (Math.Abs(numeric - gradient[i]) > 1e-5 * (1 + Math.Abs(numeric))) return false;
                }
                return true;
            });
}
