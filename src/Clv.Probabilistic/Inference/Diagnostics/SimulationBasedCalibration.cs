using System.Globalization;
using System.Text;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Diagnostics;

/// <summary>Settings of <see cref="SimulationBasedCalibration"/>.</summary>
public sealed record SbcOptions
{
    /// <summary>Number of simulated data sets N.</summary>
    public int Replications { get; init; } = 200;

    /// <summary>Posterior draws L kept per replication after thinning; ranks lie in 0..L.</summary>
    public int Draws { get; init; } = 99;

    /// <summary>Keep every Thin-th NUTS draw, to reduce autocorrelation (Talts et al. 2018, §4.1).</summary>
    public int Thin { get; init; } = 2;

    /// <summary>Histogram bins B for the chi-square test; B must divide L + 1.</summary>
    public int Bins { get; init; } = 20;

    /// <summary>NUTS warm-up per replication.</summary>
    public int Warmup { get; init; } = 300;

    /// <summary>Further NUTS settings (chains, draws, warm-up and seed are set by the harness).</summary>
    public NutsOptions Sampler { get; init; } = new();

    /// <summary>Seed of the prior draws, the simulations and the samplers.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Largest number of replications run at once; -1 means as many as the runtime chooses.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}

/// <summary>
/// Simulation-based calibration: draw θ̃ from the prior, simulate data y ~ p(y | θ̃), sample the posterior
/// p(θ | y), and record the rank of θ̃ among L posterior draws. If the sampler and the posterior are right, the ranks of
/// every parameter are uniform on 0..L; a chi-square test over bins checks it.
/// </summary>
/// <remarks>
/// Talts, Betancourt, Simpson, Vehtari &amp; Gelman (2018), "Validating Bayesian Inference Algorithms with
/// Simulation-Based Calibration", arXiv:1804.06788, Algorithm 1 and §4 (thinning). Ranks are invariant under monotone
/// transforms, so they are computed on the unconstrained scale of the density.
/// </remarks>
public static class SimulationBasedCalibration
{
    /// <summary>Runs the calibration.</summary>
    /// <typeparam name="TData">The simulated data set.</typeparam>
    /// <param name="samplePrior">Draws θ̃ from the prior, on the unconstrained scale of the posterior density.</param>
    /// <param name="simulate">Simulates a data set given θ̃ (unconstrained scale).</param>
    /// <param name="posterior">Builds the posterior log density given a data set.</param>
    /// <param name="names">Parameter names.</param>
    /// <param name="options">Settings.</param>
    public static SbcResult Run<TData>(Func<Random, double[]> samplePrior, Func<double[], Random, TData> simulate,
        Func<TData, ILogDensity> posterior, IReadOnlyList<string> names, SbcOptions options)
    {
        ArgumentNullException.ThrowIfNull(samplePrior);
        ArgumentNullException.ThrowIfNull(simulate);
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Replications < 2) throw new ArgumentOutOfRangeException(nameof(options), options.Replications, "SbcOptions.Replications must be at least 2.");
        if (options.Draws < 1 || options.Thin < 1) throw new ArgumentOutOfRangeException(nameof(options), "SbcOptions.Draws and Thin must be positive.");
        if (options.Bins < 2 || (options.Draws + 1) % options.Bins != 0)
            throw new ArgumentException($"SbcOptions.Bins = {options.Bins} must be at least 2 and divide Draws + 1 = {options.Draws + 1}.", nameof(options));

        int d = names.Count;
        var ranks = new int[options.Replications * d];
        var divergences = new int[options.Replications];
        var sampler = options.Sampler with
        {
            Chains = 1,
            Warmup = options.Warmup,
            Draws = options.Draws * options.Thin,
            MaxDegreeOfParallelism = 1,
            Progress = null,
        };
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        Parallel.For(0, options.Replications, parallel, r =>
        {
            var random = NutsSampler.ChainRandom(options.Seed, -1 - r);
            var truth = samplePrior(random);
            if (truth.Length != d) throw new ArgumentException($"The prior sampler returned {truth.Length} values for {d} parameters.", nameof(samplePrior));
            var data = simulate(truth, random);
            var result = NutsSampler.Sample(posterior(data), names, sampler with { Seed = random.Next() });
            divergences[r] = result.Divergences;
            var values = result.Draws.Values;
            for (int k = 0; k < options.Draws; k++)
            {
                int draw = (k + 1) * options.Thin - 1;
                for (int j = 0; j < d; j++)
                    if (values[draw * d + j] < truth[j]) ranks[r * d + j]++;
            }
        });
        return new SbcResult(names, ranks, options.Replications, options.Draws, options.Bins, divergences.Sum());
    }
}

/// <summary>Rank statistics of a simulation-based calibration and their chi-square uniformity tests.</summary>
public sealed class SbcResult
{
    private readonly int[] _ranks;

    internal SbcResult(IReadOnlyList<string> names, int[] ranks, int replications, int draws, int bins, int divergences)
    {
        Names = names.ToArray();
        _ranks = ranks;
        Replications = replications;
        Draws = draws;
        Bins = bins;
        Divergences = divergences;
        int d = names.Count;
        var counts = new int[d][];
        var chiSquare = new double[d];
        var pValue = new double[d];
        int width = (draws + 1) / bins;
        double expected = (double)replications / bins;
        for (int j = 0; j < d; j++)
        {
            counts[j] = new int[bins];
            for (int r = 0; r < replications; r++) counts[j][ranks[r * d + j] / width]++;
            var test = ChiSquareTest.Compute(counts[j].Select(c => (double)c).ToArray(), Enumerable.Repeat(expected, bins).ToArray(),
                fittedParameters: 0, minimumExpected: 0);
            chiSquare[j] = test.Statistic;
            pValue[j] = test.PValue!.Value;
        }
        BinCounts = counts;
        ChiSquare = chiSquare;
        PValue = pValue;
    }

    /// <summary>Parameter names.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Replications N.</summary>
    public int Replications { get; }

    /// <summary>Posterior draws L per replication; ranks lie in 0..L.</summary>
    public int Draws { get; }

    /// <summary>Histogram bins B.</summary>
    public int Bins { get; }

    /// <summary>Divergent transitions summed over all replications (should be 0).</summary>
    public int Divergences { get; }

    /// <summary>Rank histogram of each parameter.</summary>
    public IReadOnlyList<IReadOnlyList<int>> BinCounts { get; }

    /// <summary>Pearson χ² = Σ (O − N/B)² / (N/B) of each parameter, with B − 1 degrees of freedom.</summary>
    public IReadOnlyList<double> ChiSquare { get; }

    /// <summary>P-value of each parameter's χ² under uniform ranks.</summary>
    public IReadOnlyList<double> PValue { get; }

    /// <summary>The ranks of parameter <paramref name="parameter"/>, one per replication.</summary>
    public int[] Ranks(int parameter)
    {
        var result = new int[Replications];
        for (int r = 0; r < Replications; r++) result[r] = _ranks[r * Names.Count + parameter];
        return result;
    }

    /// <summary>Whether every parameter's p-value is at least <paramref name="alpha"/> divided by the number of parameters (Bonferroni).</summary>
    public bool IsUniform(double alpha = 0.01) => PValue.All(p => p >= alpha / Names.Count);

    /// <summary>One line per parameter: χ², p-value and the rank histogram.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder($"SBC: {Replications} replications, {Draws} draws, {Bins} bins, {Divergences} divergences");
        text.AppendLine();
        for (int j = 0; j < Names.Count; j++)
            text.AppendLine(string.Create(c, $"  {Names[j]}: chi2 = {ChiSquare[j]:0.00} (df {Bins - 1}), p = {PValue[j]:0.0000}, bins [{string.Join(" ", BinCounts[j])}]"));
        return text.ToString();
    }
}
