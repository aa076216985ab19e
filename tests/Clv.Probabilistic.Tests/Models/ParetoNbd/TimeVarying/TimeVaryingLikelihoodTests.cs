using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Models.ParetoNbd.TimeVarying;
using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd.TimeVarying;

public class TimeVaryingLikelihoodTests
{
    private static readonly double[] Theta = [Math.Log(0.8), Math.Log(6.0), Math.Log(0.6), Math.Log(9.0), 0.3, -0.4, -0.5, 0.7];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Constant_covariates_give_the_static_model_at_scaled_alpha_and_beta(int seed)
    {
        var rows = SyntheticPaths.Create(60, 2, seed, constant: true);
        var density = new TimeVaryingParetoNbdLogLikelihood(rows);
        var gradient = new double[density.Dimension];
        double value = density.Evaluate(Theta, gradient);

        double r = Math.Exp(Theta[0]), alpha = Math.Exp(Theta[1]), s = Math.Exp(Theta[2]), beta = Math.Exp(Theta[3]);
        double expected = 0;
        for (int i = 0; i < rows.Customers; i++)
        {
            var z = rows.Path.VectorAt(rows.Path.Vector[rows.Path.Start[i]]);
            double alphaI = alpha * Math.Exp(-(Theta[4] * z[0] + Theta[5] * z[1]));
            double betaI = beta * Math.Exp(-(Theta[6] * z[0] + Theta[7] * z[1]));
            expected += StaticTerm(r, alphaI, s, betaI, rows.X[i], rows.Recency[i], rows.T[i]);
        }
        Assert.Equal(expected, value, Math.Abs(expected) * 1e-12);
    }

    [Fact]
    public void Zero_coefficients_give_the_plain_pareto_nbd_on_time_varying_paths()
    {
        var rows = SyntheticPaths.Create(80, 2, 3);
        var density = new TimeVaryingParetoNbdLogLikelihood(rows);
        double[] theta = [.. Theta[..4], 0, 0, 0, 0];
        double value = density.Evaluate(theta, new double[density.Dimension]);
        double expected = 0;
        for (int i = 0; i < rows.Customers; i++)
            expected += StaticTerm(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]), Math.Exp(theta[3]), rows.X[i], rows.Recency[i], rows.T[i]);
        Assert.Equal(expected, value, Math.Abs(expected) * 1e-12);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Gradient_matches_central_differences(int seed)
    {
        var rows = SyntheticPaths.Create(50, 2, seed);
        var density = new TimeVaryingParetoNbdLogLikelihood(rows);
        var gradient = new double[density.Dimension];
        density.Evaluate(Theta, gradient);
        var scratch = new double[density.Dimension];
        for (int j = 0; j < density.Dimension; j++)
        {
            const double H = 1e-5;
            var plus = (double[])Theta.Clone();
            var minus = (double[])Theta.Clone();
            plus[j] += H;
            minus[j] -= H;
            double numeric = (density.Evaluate(plus, scratch) - density.Evaluate(minus, scratch)) / (2 * H);
            Assert.True(Math.Abs(numeric - gradient[j]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)),
                $"parameter {j}: analytic {gradient[j]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Thread_count_does_not_change_the_bits()
    {
        var rows = SyntheticPaths.Create(700, 2, 6);
        var density = new TimeVaryingParetoNbdLogLikelihood(rows);
        var g1 = new double[density.Dimension];
        var g2 = new double[density.Dimension];
        density.MaxDegreeOfParallelism = 1;
        double v1 = density.Evaluate(Theta, g1);
        density.MaxDegreeOfParallelism = -1;
        double v2 = density.Evaluate(Theta, g2);
        Assert.Equal(v1, v2);
        Assert.Equal(g1, g2);
    }

    /// <summary>The static Pareto/NBD term of one customer (its own implementation, by a different quadrature).</summary>
    internal static double StaticTerm(double r, double alpha, double s, double beta, double x, double recency, double t)
    {
        var row = ParetoNbdLogLikelihood.Row.Evaluate(r, alpha, s, beta, x, recency, t);
        return row.Value + r * Math.Log(alpha) + s * Math.Log(beta) + (x == 0 ? 0 : GammaFunctions.LogGammaShift(r, x));
    }
}
