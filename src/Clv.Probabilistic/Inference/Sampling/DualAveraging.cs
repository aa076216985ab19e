namespace Clv.Probabilistic.Inference;

/// <summary>Nesterov dual averaging of log step size towards a target mean acceptance statistic δ.</summary>
/// <remarks>
/// Hoffman &amp; Gelman (2014), "The No-U-Turn Sampler", JMLR 15, §3.2.1, eq. (6) and Algorithm 5:
/// H̄ₘ = (1 − 1/(m+t0)) H̄ₘ₋₁ + (δ − αₘ)/(m+t0); log εₘ = μ − √m/γ · H̄ₘ;
/// log ε̄ₘ = m^−κ log εₘ + (1 − m^−κ) log ε̄ₘ₋₁; μ = log(10 ε0).
/// </remarks>
internal sealed class DualAveraging(double target, double gamma, double t0, double kappa)
{
    private double _mu;
    private double _hBar;
    private double _logStepSizeBar;
    private int _m;

    /// <summary>Restarts the averaging around a new initial step size ε0 (μ = log 10ε0).</summary>
    public void Restart(double stepSize)
    {
        _mu = Math.Log(10 * stepSize);
        _hBar = 0;
        _logStepSizeBar = 0;
        _m = 0;
    }

    /// <summary>Feeds one acceptance statistic; returns the next step size εₘ.</summary>
    public double Update(double acceptance)
    {
        _m++;
        double eta = 1.0 / (_m + t0);
        _hBar = (1 - eta) * _hBar + eta * (target - acceptance);
        double logStepSize = _mu - Math.Sqrt(_m) / gamma * _hBar;
        double weight = Math.Pow(_m, -kappa);
        _logStepSizeBar = weight * logStepSize + (1 - weight) * _logStepSizeBar;
        return Math.Exp(logStepSize);
    }

    /// <summary>The averaged step size ε̄, used after warm-up.</summary>
    public double Averaged => Math.Exp(_logStepSizeBar);
}
