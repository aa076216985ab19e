using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>Outcome of one NUTS transition.</summary>
internal readonly record struct TransitionStatistics(
    double AcceptanceStatistic, int TreeDepth, int LeapfrogSteps, bool Divergent, double Energy);

/// <summary>
/// One multinomial NUTS transition with the generalised no-U-turn criterion. All buffers are allocated once, so a
/// transition allocates nothing; the cost is the gradient evaluations plus O(d) (diagonal) or O(d²) (dense) per step.
/// </summary>
/// <remarks>
/// Betancourt (2017), "A Conceptual Introduction to Hamiltonian Monte Carlo", arXiv:1701.02434, §A.4 (multinomial
/// sampling: biased progressive sampling between a tree and its new subtree, uniform progressive sampling within a
/// subtree) and §A.4.2 (generalised criterion: p♯₋·ρ &gt; 0 and p♯₊·ρ &gt; 0 with ρ the summed momenta); the extra
/// criterion checks across the two halves of each merged tree follow the Stan Reference Manual, "Hamiltonian Monte
/// Carlo Sampling". Hoffman &amp; Gelman (2014), JMLR 15, Algorithm 3, for the doubling scheme.
/// </remarks>
internal sealed class NutsTransition
{
    private readonly ILogDensity _density;
    private readonly Random _random;
    private readonly StandardNormalSource _normal;
    private readonly int _maxDepth;
    private readonly double _maxEnergyError;
    private readonly int _d;

    private readonly PhasePoint _forward, _backward, _sample, _propose;
    private readonly double[] _rho, _rhoForward, _rhoBackward, _extended;
    private readonly double[] _pFwdFwd, _pFwdBck, _pBckFwd, _pBckBck;
    private readonly double[] _vFwdFwd, _vFwdBck, _vBckFwd, _vBckBck;
    private readonly Level[] _levels;

    private int _leapfrogs;
    private double _sumAcceptance;
    private bool _divergent;
    private double _h0;

    public NutsTransition(ILogDensity density, EuclideanMetric metric, Random random, int maxDepth, double maxEnergyError)
    {
        _density = density;
        Metric = metric;
        _random = random;
        _normal = new StandardNormalSource(random);
        _maxDepth = maxDepth;
        _maxEnergyError = maxEnergyError;
        _d = density.Dimension;
        _forward = new PhasePoint(_d);
        _backward = new PhasePoint(_d);
        _sample = new PhasePoint(_d);
        _propose = new PhasePoint(_d);
        _rho = new double[_d];
        _rhoForward = new double[_d];
        _rhoBackward = new double[_d];
        _extended = new double[_d];
        _pFwdFwd = new double[_d];
        _pFwdBck = new double[_d];
        _pBckFwd = new double[_d];
        _pBckBck = new double[_d];
        _vFwdFwd = new double[_d];
        _vFwdBck = new double[_d];
        _vBckFwd = new double[_d];
        _vBckBck = new double[_d];
        _levels = new Level[maxDepth];
        for (int i = 0; i < maxDepth; i++) _levels[i] = new Level(_d);
    }

    public EuclideanMetric Metric { get; set; }

    /// <summary>The chain's normal variates (shares the chain's generator).</summary>
    public StandardNormalSource Normal => _normal;

    public double StepSize { get; set; } = 1;

    /// <summary>Gradient evaluations so far (one per leapfrog step).</summary>
    public long GradientEvaluations { get; private set; }

    /// <summary>Evaluates the density and gradient at <paramref name="point"/>'s position.</summary>
    public void Evaluate(PhasePoint point)
    {
        double logDensity = _density.Evaluate(point.Position, point.Gradient);
        GradientEvaluations++;
        // A non-finite gradient is treated as zero density, so the step counts as divergent and is never kept.
        foreach (double g in point.Gradient)
            if (!double.IsFinite(g)) { logDensity = double.NegativeInfinity; break; }
        point.LogDensity = logDensity;
    }

    /// <summary>Moves <paramref name="current"/> (position, log density and gradient set) to the next state.</summary>
    public TransitionStatistics Transition(PhasePoint current)
    {
        Metric.SampleMomentum(_normal, current.Momentum);
        Metric.Velocity(current.Momentum, current.Velocity);
        _h0 = current.Hamiltonian();

        _forward.CopyFrom(current);
        _backward.CopyFrom(current);
        _sample.CopyFrom(current);
        _propose.CopyFrom(current);
        foreach (var p in (ReadOnlySpan<double[]>)[_pFwdFwd, _pFwdBck, _pBckFwd, _pBckBck, _rho]) current.Momentum.CopyTo(p, 0);
        foreach (var v in (ReadOnlySpan<double[]>)[_vFwdFwd, _vFwdBck, _vBckFwd, _vBckBck]) current.Velocity.CopyTo(v, 0);

        double logSumWeight = 0;
        int depth = 0;
        _leapfrogs = 0;
        _sumAcceptance = 0;
        _divergent = false;

        while (depth < _maxDepth)
        {
            Array.Clear(_rhoForward);
            Array.Clear(_rhoBackward);
            double logSumWeightSubtree = double.NegativeInfinity;
            bool valid;
            if (_random.NextDouble() > 0.5)
            {
                // The old trajectory becomes the backward half; its forward end is the old forward end.
                _rho.CopyTo(_rhoBackward, 0);
                _pFwdFwd.CopyTo(_pBckFwd, 0);
                _vFwdFwd.CopyTo(_vBckFwd, 0);
                valid = BuildTree(depth, _forward, 1, _propose, _vFwdBck, _vFwdFwd, _rhoForward, _pFwdBck, _pFwdFwd, ref logSumWeightSubtree);
            }
            else
            {
                _rho.CopyTo(_rhoForward, 0);
                _pBckBck.CopyTo(_pFwdBck, 0);
                _vBckBck.CopyTo(_vFwdBck, 0);
                valid = BuildTree(depth, _backward, -1, _propose, _vBckFwd, _vBckBck, _rhoBackward, _pBckFwd, _pBckBck, ref logSumWeightSubtree);
            }
            if (!valid) break;
            depth++;

            // Biased progressive sampling: favour the new subtree when it carries more weight.
            if (logSumWeightSubtree > logSumWeight || _random.NextDouble() < Math.Exp(logSumWeightSubtree - logSumWeight))
                _sample.CopyFrom(_propose);
            logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);

            for (int i = 0; i < _d; i++) _rho[i] = _rhoBackward[i] + _rhoForward[i];
            bool persist = NoUTurn(_vBckBck, _vFwdFwd, _rho);
            for (int i = 0; i < _d; i++) _extended[i] = _rhoBackward[i] + _pFwdBck[i];
            persist &= NoUTurn(_vBckBck, _vFwdBck, _extended);
            for (int i = 0; i < _d; i++) _extended[i] = _rhoForward[i] + _pBckFwd[i];
            persist &= NoUTurn(_vBckFwd, _vFwdFwd, _extended);
            if (!persist) break;
        }

        current.CopyFrom(_sample);
        return new TransitionStatistics(_sumAcceptance / _leapfrogs, depth, _leapfrogs, _divergent, _sample.Hamiltonian());
    }

    /// <summary>
    /// Builds a subtree of 2^depth leapfrog steps from <paramref name="z"/> in direction <paramref name="sign"/>;
    /// "begin" is the end next to the existing trajectory, "end" the far end. Adds the subtree's summed momenta to
    /// <paramref name="rho"/> and its log weight (offset by −H0) to <paramref name="logSumWeight"/>.
    /// </summary>
    private bool BuildTree(int depth, PhasePoint z, int sign, PhasePoint propose, double[] vBegin, double[] vEnd,
        double[] rho, double[] pBegin, double[] pEnd, ref double logSumWeight)
    {
        if (depth == 0)
        {
            Leapfrog(z, sign * StepSize);
            _leapfrogs++;
            double h = z.Hamiltonian();
            if (h - _h0 > _maxEnergyError) _divergent = true;
            double logWeight = _h0 - h;
            logSumWeight = LogSumExp(logSumWeight, logWeight);
            _sumAcceptance += logWeight > 0 ? 1 : Math.Exp(logWeight);
            propose.CopyFrom(z);
            z.Velocity.CopyTo(vBegin, 0);
            z.Velocity.CopyTo(vEnd, 0);
            z.Momentum.CopyTo(pBegin, 0);
            z.Momentum.CopyTo(pEnd, 0);
            for (int i = 0; i < _d; i++) rho[i] += z.Momentum[i];
            return !_divergent;
        }

        var level = _levels[depth];
        Array.Clear(level.RhoInit);
        double logSumWeightInit = double.NegativeInfinity;
        if (!BuildTree(depth - 1, z, sign, propose, vBegin, level.VInitEnd, level.RhoInit, pBegin, level.PInitEnd, ref logSumWeightInit))
            return false;

        Array.Clear(level.RhoFinal);
        double logSumWeightFinal = double.NegativeInfinity;
        if (!BuildTree(depth - 1, z, sign, level.ProposeFinal, level.VFinalBegin, vEnd, level.RhoFinal, level.PFinalBegin, pEnd, ref logSumWeightFinal))
            return false;

        // Uniform progressive sampling within the subtree: pick the final half with probability w_final / w_subtree.
        double logSumWeightSubtree = LogSumExp(logSumWeightInit, logSumWeightFinal);
        logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);
        if (_random.NextDouble() < Math.Exp(logSumWeightFinal - logSumWeightSubtree))
            propose.CopyFrom(level.ProposeFinal);

        for (int i = 0; i < _d; i++) _extended[i] = level.RhoInit[i] + level.PFinalBegin[i];
        bool persist = NoUTurn(vBegin, level.VFinalBegin, _extended);
        for (int i = 0; i < _d; i++) _extended[i] = level.RhoFinal[i] + level.PInitEnd[i];
        persist &= NoUTurn(level.VInitEnd, vEnd, _extended);
        for (int i = 0; i < _d; i++)
        {
            double subtree = level.RhoInit[i] + level.RhoFinal[i];
            _extended[i] = subtree;
            rho[i] += subtree;
        }
        persist &= NoUTurn(vBegin, vEnd, _extended);
        return persist;
    }

    /// <summary>Leapfrog step of size <paramref name="epsilon"/> (negative to integrate backward in time).</summary>
    public void Leapfrog(PhasePoint z, double epsilon)
    {
        double half = 0.5 * epsilon;
        var p = z.Momentum;
        var q = z.Position;
        var g = z.Gradient;
        for (int i = 0; i < _d; i++) p[i] += half * g[i];
        Metric.Velocity(p, z.Velocity);
        for (int i = 0; i < _d; i++) q[i] += epsilon * z.Velocity[i];
        Evaluate(z);
        for (int i = 0; i < _d; i++) p[i] += half * g[i];
        Metric.Velocity(p, z.Velocity);
    }

    /// <summary>Generalised no-U-turn criterion: the trajectory continues while both ends move along ρ.</summary>
    private static bool NoUTurn(double[] vMinus, double[] vPlus, double[] rho)
    {
        double minus = 0, plus = 0;
        for (int i = 0; i < rho.Length; i++)
        {
            minus += vMinus[i] * rho[i];
            plus += vPlus[i] * rho[i];
        }
        return minus > 0 && plus > 0;
    }

    internal static double LogSumExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        return a > b ? a + double.LogP1(Math.Exp(b - a)) : b + double.LogP1(Math.Exp(a - b));
    }

    /// <summary>Scratch of one recursion depth; a depth's buffers are used by one active call at a time.</summary>
    private sealed class Level(int d)
    {
        public double[] RhoInit { get; } = new double[d];
        public double[] RhoFinal { get; } = new double[d];
        public double[] PInitEnd { get; } = new double[d];
        public double[] VInitEnd { get; } = new double[d];
        public double[] PFinalBegin { get; } = new double[d];
        public double[] VFinalBegin { get; } = new double[d];
        public PhasePoint ProposeFinal { get; } = new(d);
    }
}
