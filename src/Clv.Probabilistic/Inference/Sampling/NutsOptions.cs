using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>Settings of <see cref="NutsSampler"/>. Defaults follow Stan's.</summary>
/// <remarks>
/// Warm-up adaptation follows Hoffman &amp; Gelman (2014), "The No-U-Turn Sampler", JMLR 15, §3.2 (dual averaging)
/// and the Stan Reference Manual, "HMC algorithm parameters" (windowed metric adaptation).
/// </remarks>
public sealed record NutsOptions
{
    /// <summary>Number of chains; each is independent and seeded from <see cref="Seed"/> and its index.</summary>
    public int Chains { get; init; } = 4;

    /// <summary>Warm-up (adaptation) iterations per chain; discarded.</summary>
    public int Warmup { get; init; } = 1000;

    /// <summary>Retained draws per chain.</summary>
    public int Draws { get; init; } = 1000;

    /// <summary>Seed; the same seed gives the same draws at any degree of parallelism.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Largest tree depth; a trajectory holds at most 2^depth leapfrog steps.</summary>
    public int MaxTreeDepth { get; init; } = 10;

    /// <summary>Target mean acceptance statistic δ of the step-size adaptation.</summary>
    public double TargetAcceptance { get; init; } = 0.8;

    /// <summary>Dual-averaging regularisation scale γ.</summary>
    public double Gamma { get; init; } = 0.05;

    /// <summary>Dual-averaging iteration offset t0.</summary>
    public double T0 { get; init; } = 10;

    /// <summary>Dual-averaging relaxation exponent κ.</summary>
    public double Kappa { get; init; } = 0.75;

    /// <summary>Initial step size before the first heuristic search.</summary>
    public double InitialStepSize { get; init; } = 1.0;

    /// <summary>Adapt a dense mass matrix (full covariance, Cholesky) instead of a diagonal one.</summary>
    public bool DenseMassMatrix { get; init; }

    /// <summary>Whether to adapt the mass matrix at all; when false it stays at <see cref="InitialInverseMetric"/>.</summary>
    public bool AdaptMassMatrix { get; init; } = true;

    /// <summary>
    /// The inverse metric M⁻¹ warm-up starts from, usually an estimate of the posterior covariance on the unconstrained
    /// scale (for example the inverse negative Hessian at the mode): d values for a diagonal, or d² (row-major,
    /// symmetric positive definite) for a dense matrix, of which a diagonal metric keeps the diagonal. Null for the
    /// identity. It also scales the regularisation of the adapted estimates and the box of <see cref="InitialJitter"/>.
    /// </summary>
    /// <remarks>
    /// The metric changes only the efficiency of the sampler, not its stationary distribution. When the posterior is
    /// nearly Gaussian with scales far from 1 (large data sets), starting from the right scale spares the warm-up the
    /// thousands of tiny steps an identity metric needs before the first window closes.
    /// </remarks>
    public IReadOnlyList<double>? InitialInverseMetric { get; init; }

    /// <summary>Fast initial adaptation interval (step size only).</summary>
    public int InitialBuffer { get; init; } = 75;

    /// <summary>Fast final adaptation interval (step size only).</summary>
    public int TerminalBuffer { get; init; } = 50;

    /// <summary>Length of the first slow (mass-matrix) window; later windows double.</summary>
    public int BaseWindow { get; init; } = 25;

    /// <summary>Energy error H − H0 above which a trajectory is declared divergent.</summary>
    public double MaxEnergyError { get; init; } = 1000;

    /// <summary>Half-width of the uniform box on the unconstrained scale from which random initial points are drawn.</summary>
    public double InitialRadius { get; init; } = 2;

    /// <summary>
    /// Half-width of the uniform box around a given initial point from which each chain draws its own start (0: every
    /// chain starts exactly at the given point). Dispersed starts are what lets R-hat detect chains that have not mixed.
    /// With an <see cref="InitialInverseMetric"/> Σ₀ the box is in its whitened coordinates: the start is the initial
    /// point plus L u, L Lᵀ = Σ₀, u uniform in the box, so the half-width counts standard deviations of Σ₀.
    /// </summary>
    public double InitialJitter { get; init; }

    /// <summary>Attempts at a random initial point with finite density and gradient before giving up.</summary>
    public int InitialAttempts { get; init; } = 100;

    /// <summary>Largest number of chains run at once; -1 means as many as the runtime chooses.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Receives progress reports (at most about 100 per chain); may be null.</summary>
    public IProgress<NutsProgress>? Progress { get; init; }

    /// <summary>Cancels sampling between iterations.</summary>
    public CancellationToken CancellationToken { get; init; }

    internal void Validate(int dimension)
    {
        if (dimension < 1) throw new ArgumentException($"The density has dimension {dimension}; at least 1 is needed.");
        Require(Chains >= 1, nameof(Chains), Chains);
        Require(Warmup >= 0, nameof(Warmup), Warmup);
        Require(Draws >= 1, nameof(Draws), Draws);
        Require(MaxTreeDepth is >= 1 and <= 30, nameof(MaxTreeDepth), MaxTreeDepth);
        Require(TargetAcceptance is > 0 and < 1, nameof(TargetAcceptance), TargetAcceptance);
        Require(Gamma > 0, nameof(Gamma), Gamma);
        Require(T0 >= 0, nameof(T0), T0);
        Require(Kappa is > 0.5 and <= 1, nameof(Kappa), Kappa);
        Require(InitialStepSize > 0 && double.IsFinite(InitialStepSize), nameof(InitialStepSize), InitialStepSize);
        Require(InitialBuffer >= 0, nameof(InitialBuffer), InitialBuffer);
        Require(TerminalBuffer >= 0, nameof(TerminalBuffer), TerminalBuffer);
        Require(BaseWindow >= 1, nameof(BaseWindow), BaseWindow);
        Require(MaxEnergyError > 0, nameof(MaxEnergyError), MaxEnergyError);
        Require(InitialRadius > 0 && double.IsFinite(InitialRadius), nameof(InitialRadius), InitialRadius);
        Require(InitialJitter >= 0 && double.IsFinite(InitialJitter), nameof(InitialJitter), InitialJitter);
        Require(InitialAttempts >= 1, nameof(InitialAttempts), InitialAttempts);
        Require(MaxDegreeOfParallelism == -1 || MaxDegreeOfParallelism >= 1, nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism);
        if (InitialInverseMetric is { } metric)
        {
            if (metric.Count != dimension && metric.Count != dimension * dimension)
                throw new ArgumentException(
                    $"NutsOptions.InitialInverseMetric has {metric.Count} values; a density of dimension {dimension} needs {dimension} (diagonal) or {dimension * dimension} (dense).");
            for (int k = 0; k < metric.Count; k++)
                if (!double.IsFinite(metric[k]))
                    throw new ArgumentException($"NutsOptions.InitialInverseMetric[{k}] is {metric[k]}; it must be finite.");
        }
    }

    private static void Require(bool condition, string name, double value)
    {
        if (!condition) throw new ArgumentOutOfRangeException(name, value, $"NutsOptions.{name} = {value} is out of range.");
    }
}

/// <summary>A progress report of one chain.</summary>
/// <param name="Chain">Chain index.</param>
/// <param name="Iteration">Iterations completed, warm-up included.</param>
/// <param name="TotalIterations">Warm-up plus draws.</param>
/// <param name="IsWarmup">Whether the chain is still warming up.</param>
/// <param name="Divergences">Divergent transitions after warm-up so far.</param>
public readonly record struct NutsProgress(int Chain, int Iteration, int TotalIterations, bool IsWarmup, int Divergences);
