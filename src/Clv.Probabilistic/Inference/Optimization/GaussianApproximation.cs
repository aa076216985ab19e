using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Sampling;
using MathNet.Numerics.Distributions;

namespace Clv.Probabilistic.Inference.Optimization;

/// <summary>
/// The normal approximation N(θ̂, Σ) at a maximum θ̂ of a log density, with Σ = (−H)⁻¹ the inverse observed
/// information on the unconstrained scale: standard errors, Wald intervals and draws.
/// </summary>
/// <remarks>
/// For a log-likelihood this is the asymptotic distribution of the MLE (Cramér; see Casella &amp; Berger, Statistical
/// Inference, 2nd ed., Thm 10.1.12, with the observed instead of the expected information); for a log posterior it is
/// the Laplace approximation (Tierney &amp; Kadane, JASA 1986).
/// </remarks>
public class GaussianApproximation
{
    private readonly double[] _theta;
    private readonly double[] _hessian;
    private readonly double[] _covariance;
    private readonly double[] _standardErrors;
    private readonly Cholesky _covarianceFactor;

    /// <summary>Computes the Hessian at the optimum and the covariance from it.</summary>
    /// <exception cref="ConvergenceException">The optimiser did not converge.</exception>
    /// <exception cref="NotPositiveDefiniteException">−H is not positive definite at the optimum.</exception>
    private protected GaussianApproximation(ILogDensity f, OptimizationResult optimum, IReadOnlyList<string>? names)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(optimum);
        optimum.EnsureConverged();
        int n = f.Dimension;
        if (optimum.Theta.Length != n)
            throw new ArgumentException($"The optimum has {optimum.Theta.Length} values; the density has dimension {n}.", nameof(optimum));
        if (names is not null && names.Count != n)
            throw new ArgumentException($"{names.Count} names for {n} parameters.", nameof(names));
        Names = names?.ToArray() ?? Enumerable.Range(0, n).Select(i => $"theta{i}").ToArray();
        Optimum = optimum;
        _theta = optimum.ThetaArray();
        _hessian = Hessian.Compute(f, _theta);
        _covariance = Hessian.FactorInformation(_hessian, Names).Inverse();
        _covarianceFactor = Cholesky.TryFactor(_covariance, n, out int pivot)
            ?? throw new NotPositiveDefiniteException(pivot, Names[pivot]);
        _standardErrors = new double[n];
        for (int i = 0; i < n; i++) _standardErrors[i] = Math.Sqrt(_covariance[i * n + i]);
        LogDeterminantCovariance = _covarianceFactor.LogDeterminant();
    }

    /// <summary>Parameter names (default theta0, theta1, …).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of parameters.</summary>
    public int Dimension => _theta.Length;

    /// <summary>The optimiser's result.</summary>
    public OptimizationResult Optimum { get; }

    /// <summary>The maximiser θ̂ on the unconstrained scale.</summary>
    public ReadOnlySpan<double> Theta => _theta;

    /// <summary>Hessian of f at θ̂, row-major d×d (central differences of the gradient).</summary>
    public ReadOnlySpan<double> HessianMatrix => _hessian;

    /// <summary>Σ = (−H)⁻¹, row-major d×d, on the unconstrained scale.</summary>
    public ReadOnlySpan<double> Covariance => _covariance;

    /// <summary>Standard errors √Σ_ii on the unconstrained scale.</summary>
    public ReadOnlySpan<double> StandardErrors => _standardErrors;

    /// <summary>ln |Σ|.</summary>
    public double LogDeterminantCovariance { get; }

    /// <summary>Σ_ij.</summary>
    public double CovarianceAt(int i, int j) => _covariance[i * Dimension + j];

    /// <summary>The Wald interval θ̂_i ± z_{(1+level)/2} · SE_i on the unconstrained scale.</summary>
    /// <exception cref="ArgumentOutOfRangeException">level is not in (0, 1).</exception>
    public ConfidenceInterval WaldInterval(int parameter, double level = 0.95)
    {
        double z = NormalQuantile(level);
        double centre = _theta[parameter], half = z * _standardErrors[parameter];
        return new ConfidenceInterval(centre - half, centre + half, level);
    }

    /// <summary>
    /// For a parameter estimated as θ = log φ: φ̂ = exp(θ̂), delta-method SE exp(θ̂)·SE(θ̂), and exp of the log-scale
    /// Wald interval.
    /// </summary>
    /// <remarks>Delta method: Var g(θ̂) ≈ g′(θ̂)² Var θ̂ with g = exp (Casella &amp; Berger, Thm 5.5.24).</remarks>
    public NaturalScaleEstimate NaturalScale(int parameter, double level = 0.95)
    {
        double value = Math.Exp(_theta[parameter]);
        return new NaturalScaleEstimate(value, value * _standardErrors[parameter], WaldInterval(parameter, level).Exp());
    }

    /// <summary>
    /// Draws from N(θ̂, Σ) on the unconstrained scale as θ̂ + L z (Σ = L Lᵀ, z standard normal from
    /// Xoshiro256StarStar(<paramref name="seed"/>)), optionally mapped by <paramref name="transform"/>.
    /// </summary>
    /// <param name="count">Number of draws; positive.</param>
    /// <param name="seed">Seed; the same seed gives the same draws on every machine.</param>
    /// <param name="transform">Optional map to the reporting scale, for example exp of each component.</param>
    /// <exception cref="ArgumentException">The transform produced a non-finite value.</exception>
    public ParameterDraws DrawAsymptoticNormal(int count, int seed, ParameterTransform? transform = null) =>
        GaussianDraws.Draw(_theta, _covarianceFactor, Names, count, seed, transform);

    private static double NormalQuantile(double level)
    {
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie in (0, 1).");
        return Normal.InvCDF(0.0, 1.0, 0.5 + 0.5 * level);
    }
}

/// <summary>A maximum-likelihood estimate on the unconstrained scale with its asymptotic normal distribution.</summary>
public sealed class MaximumLikelihoodEstimate : GaussianApproximation
{
    private MaximumLikelihoodEstimate(ILogDensity logLikelihood, OptimizationResult optimum, IReadOnlyList<string>? names)
        : base(logLikelihood, optimum, names)
    {
    }

    /// <summary>The maximised log-likelihood.</summary>
    public double LogLikelihood => Optimum.Value;

    /// <summary>Maximises <paramref name="logLikelihood"/> from <paramref name="start"/> and forms the normal approximation.</summary>
    /// <exception cref="ConvergenceException">The optimiser did not converge.</exception>
    /// <exception cref="NotPositiveDefiniteException">The observed information is not positive definite.</exception>
    public static MaximumLikelihoodEstimate Fit(ILogDensity logLikelihood, ReadOnlySpan<double> start,
        IReadOnlyList<string>? names = null, OptimizerOptions? options = null) =>
        new(logLikelihood, QuasiNewton.Maximize(logLikelihood, start, options), names);

    /// <summary>Forms the normal approximation at an optimum already found.</summary>
    /// <exception cref="ConvergenceException">The optimum did not converge.</exception>
    /// <exception cref="NotPositiveDefiniteException">The observed information is not positive definite.</exception>
    public static MaximumLikelihoodEstimate FromOptimum(ILogDensity logLikelihood, OptimizationResult optimum,
        IReadOnlyList<string>? names = null) => new(logLikelihood, optimum, names);
}
