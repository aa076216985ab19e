using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>Runs one chain: initial point, warm-up adaptation, then draws.</summary>
internal static class NutsChain
{
    /// <param name="density">The chain's own density.</param>
    /// <param name="options">Sampler settings.</param>
    /// <param name="chain">Chain index (for messages and progress).</param>
    /// <param name="initial">Initial point, or null for random starts.</param>
    /// <param name="random">The chain's generator.</param>
    /// <param name="draws">Receives the draws, row-major.</param>
    /// <param name="cancellation">Stops the chain between iterations.</param>
    /// <param name="beforeIteration">Called before each iteration (the sampler adjusts the gradient's threads there); may be null.</param>
    public static NutsChainStatistics Run(ILogDensity density, NutsOptions options, int chain, double[]? initial,
        Random random, Span<double> draws, CancellationToken cancellation = default, Action? beforeIteration = null)
    {
        int d = density.Dimension;
        int total = options.Warmup + options.Draws;
        var metric = EuclideanMetric.Create(options.InitialInverseMetric, d, options.DenseMassMatrix);
        var transition = new NutsTransition(density, metric, random, options.MaxTreeDepth, options.MaxEnergyError);
        var current = new PhasePoint(d);
        beforeIteration?.Invoke();
        Initialise(transition, current, options, chain, initial, random);

        var scratch = new PhasePoint(d);
        transition.StepSize = ReasonableStepSize(transition, current, scratch, options.InitialStepSize, chain);
        var averaging = new DualAveraging(options.TargetAcceptance, options.Gamma, options.T0, options.Kappa);
        averaging.Restart(transition.StepSize);
        var schedule = new WarmupSchedule(options.Warmup, options.InitialBuffer, options.TerminalBuffer, options.BaseWindow);
        var estimator = options.AdaptMassMatrix
            ? new MassMatrixEstimator(d, options.DenseMassMatrix, options.InitialInverseMetric is null ? null : metric.InverseMetric)
            : null;

        var acceptance = new double[options.Draws];
        var depth = new int[options.Draws];
        var steps = new int[options.Draws];
        var divergent = new bool[options.Draws];
        var energy = new double[options.Draws];
        int warmupDivergences = 0, divergences = 0;
        int reportEvery = Math.Max(1, total / 100);

        for (int iteration = 0; iteration < total; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            beforeIteration?.Invoke();
            var stats = transition.Transition(current);
            if (iteration < options.Warmup)
            {
                if (stats.Divergent) warmupDivergences++;
                transition.StepSize = averaging.Update(stats.AcceptanceStatistic);
                if (estimator is not null && schedule.InSlowWindow(iteration))
                {
                    estimator.Add(current.Position);
                    if (schedule.ClosesWindow(iteration))
                    {
                        transition.Metric = estimator.Estimate();
                        estimator.Reset();
                        transition.StepSize = ReasonableStepSize(transition, current, scratch, transition.StepSize, chain);
                        averaging.Restart(transition.StepSize);
                    }
                }
                if (iteration == options.Warmup - 1) transition.StepSize = averaging.Calibrated;
            }
            else
            {
                int k = iteration - options.Warmup;
                current.Position.CopyTo(draws.Slice(k * d, d));
                acceptance[k] = stats.AcceptanceStatistic;
                depth[k] = stats.TreeDepth;
                steps[k] = stats.LeapfrogSteps;
                divergent[k] = stats.Divergent;
                energy[k] = stats.Energy;
                if (stats.Divergent) divergences++;
            }
            if (options.Progress is not null && ((iteration + 1) % reportEvery == 0 || iteration + 1 == total))
                options.Progress.Report(new NutsProgress(chain, iteration + 1, total, iteration + 1 < options.Warmup, divergences));
        }

        return new NutsChainStatistics(chain, options.MaxTreeDepth, transition.StepSize, transition.Metric,
            acceptance, depth, steps, divergent, energy, transition.GradientEvaluations, warmupDivergences);
    }

    private static void Initialise(NutsTransition transition, PhasePoint current, NutsOptions options, int chain,
        double[]? initial, Random random)
    {
        if (initial is not null && options.InitialJitter == 0)
        {
            initial.CopyTo(current.Position, 0);
            transition.Evaluate(current);
            if (!double.IsFinite(current.LogDensity))
                throw new ArgumentException(
                    $"The log density or its gradient is not finite at the given initial point ({string.Join(", ", initial)}).",
                    nameof(initial));
            return;
        }
        double radius = initial is null ? options.InitialRadius : options.InitialJitter;
        // Around a given point with a given metric the box is whitened: start = initial + L u.
        bool whitened = initial is not null && options.InitialInverseMetric is not null;
        var box = new double[current.Position.Length];
        for (int attempt = 0; attempt < options.InitialAttempts; attempt++)
        {
            for (int i = 0; i < box.Length; i++) box[i] = (2 * random.NextDouble() - 1) * radius;
            if (whitened) transition.Metric.Unwhiten(box, current.Position);
            else box.CopyTo(current.Position, 0);
            for (int i = 0; i < current.Position.Length; i++) current.Position[i] += initial is null ? 0 : initial[i];
            transition.Evaluate(current);
            if (double.IsFinite(current.LogDensity)) return;
        }
        string where = initial is null ? $"uniform(−{radius}, {radius})" : $"initial point ± {radius}";
        throw new InvalidOperationException(
            $"Chain {chain}: no point with finite log density and gradient found in {options.InitialAttempts} {where} draws; give an initial point.");
    }

    /// <summary>
    /// Bound of the step-size search: halving from the largest double to below 1e-300 takes about 2020 trials, so the
    /// bound is never reached before the 1e7 and 1e-300 limits unless the start itself was out of range.
    /// </summary>
    internal const int MaxStepSizeTrials = 2100;

    /// <summary>
    /// Doubles or halves ε until the one-step acceptance probability exp(H0 − H) crosses 0.8 (Stan's threshold), at most
    /// <see cref="MaxStepSizeTrials"/> times; an <see cref="InvalidOperationException"/> names the chain otherwise.
    /// </summary>
    /// <remarks>Hoffman &amp; Gelman (2014), Algorithm 4, with momentum resampled at each trial as in Stan.</remarks>
    internal static double ReasonableStepSize(NutsTransition transition, PhasePoint current, PhasePoint scratch,
        double stepSize, int chain)
    {
        double threshold = Math.Log(0.8);
        int direction = 0;
        for (int trial = 0; trial < MaxStepSizeTrials; trial++)
        {
            scratch.CopyFrom(current);
            transition.Metric.SampleMomentum(transition.Normal, scratch.Momentum);
            transition.Metric.Velocity(scratch.Momentum, scratch.Velocity);
            double h0 = scratch.Hamiltonian();
            transition.Leapfrog(scratch, stepSize);
            double delta = h0 - scratch.Hamiltonian();
            if (direction == 0) direction = delta > threshold ? 1 : -1;
            else if (direction == 1 ? !(delta > threshold) : !(delta < threshold)) return stepSize;
            stepSize = direction == 1 ? 2 * stepSize : 0.5 * stepSize;
            if (stepSize > 1e7)
                throw new InvalidOperationException($"Chain {chain}: the step size grew beyond 1e7; the posterior is probably improper (flat in some direction).");
            if (stepSize < 1e-300)
                throw new InvalidOperationException($"Chain {chain}: the step size shrank to zero; the log density is not finite near the current point.");
        }
        throw new InvalidOperationException(
            $"Chain {chain}: no reasonable step size after {MaxStepSizeTrials} doublings or halvings (from {stepSize:G4}); the log density is not usable near the current point.");
    }
}
