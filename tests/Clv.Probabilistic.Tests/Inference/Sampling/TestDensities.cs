using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Tests.Inference.Sampling;

/// <summary>Standard normal in d dimensions: log π = −½ Σ xᵢ².</summary>
internal sealed class StandardNormalDensity(int dimension) : ILogDensity
{
    public int Dimension => dimension;

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double sum = 0;
        for (int i = 0; i < dimension; i++)
        {
            sum += theta[i] * theta[i];
            gradient[i] = -theta[i];
        }
        return -0.5 * sum;
    }
}

/// <summary>Gaussian N(μ, Σ) given by its precision P = Σ⁻¹: log π = −½ (x − μ)ᵀ P (x − μ).</summary>
internal sealed class GaussianDensity(double[] mean, double[,] precision) : ILogDensity
{
    public int Dimension => mean.Length;

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double quadratic = 0;
        for (int i = 0; i < mean.Length; i++)
        {
            double row = 0;
            for (int j = 0; j < mean.Length; j++) row += precision[i, j] * (theta[j] - mean[j]);
            gradient[i] = -row;
            quadratic += (theta[i] - mean[i]) * row;
        }
        return -0.5 * quadratic;
    }

    /// <summary>Bivariate Gaussian with standard deviations s1, s2 and correlation ρ.</summary>
    public static (GaussianDensity Density, double[,] Covariance) Bivariate(double m1, double m2, double s1, double s2, double rho)
    {
        var covariance = new[,] { { s1 * s1, rho * s1 * s2 }, { rho * s1 * s2, s2 * s2 } };
        double det = covariance[0, 0] * covariance[1, 1] - covariance[0, 1] * covariance[1, 0];
        var precision = new[,] { { covariance[1, 1] / det, -covariance[0, 1] / det }, { -covariance[1, 0] / det, covariance[0, 0] / det } };
        return (new GaussianDensity([m1, m2], precision), covariance);
    }
}

/// <summary>
/// Gamma–Poisson posterior of θ = log λ: prior λ ~ Gamma(a, b) (rate b), counts yᵢ ~ Poisson(λ), i = 1..n.
/// log π(θ) = (a + Σy) θ − (b + n) e^θ, the Jacobian dλ/dθ = λ included; λ | y ~ Gamma(a + Σy, b + n).
/// </summary>
internal sealed class GammaPoissonLogRate(double a, double b, double sumY, int n, bool omitJacobian = false) : ILogDensity
{
    public int Dimension => 1;

    public double Shape => a + sumY;

    public double Rate => b + n;

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double shape = omitJacobian ? Shape - 1 : Shape;
        double lambda = Math.Exp(theta[0]);
        gradient[0] = shape - Rate * lambda;
        return shape * theta[0] - Rate * lambda;
    }
}

/// <summary>
/// Beta–binomial posterior of φ = logit p: prior p ~ Beta(a, b), k successes in n trials.
/// log π(φ) = (a + k) log p + (b + n − k) log(1 − p) with the Jacobian p(1 − p); p | k ~ Beta(a + k, b + n − k).
/// </summary>
internal sealed class BetaBinomialLogit(double a, double b, int k, int n) : ILogDensity
{
    public int Dimension => 1;

    public double Alpha => a + k;

    public double Beta => b + n - k;

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double phi = theta[0];
        double p = 1 / (1 + Math.Exp(-phi));
        gradient[0] = Alpha * (1 - p) - Beta * p;
        // log p = −log(1 + e^−φ), log(1 − p) = −log(1 + e^φ)
        return -Alpha * Softplus(-phi) - Beta * Softplus(phi);
    }

    private static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));
}

/// <summary>
/// Neal's funnel: v ~ N(0, 3²), xᵢ | v ~ N(0, e^v), i = 1..d−1, in the centred parameterisation.
/// log π = −v²/18 − (d−1) v/2 − Σ xᵢ² e^−v / 2.
/// </summary>
internal sealed class FunnelDensity(int dimension) : ILogDensity
{
    public int Dimension => dimension;

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double v = theta[0];
        double precision = Math.Exp(-v);
        double squares = 0;
        for (int i = 1; i < dimension; i++)
        {
            squares += theta[i] * theta[i];
            gradient[i] = -theta[i] * precision;
        }
        gradient[0] = -v / 9 - (dimension - 1) / 2.0 + 0.5 * squares * precision;
        return -v * v / 18 - (dimension - 1) * v / 2 - 0.5 * squares * precision;
    }
}
