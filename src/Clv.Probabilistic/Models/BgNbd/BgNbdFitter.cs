using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>Maximum-likelihood estimation of the BG/NBD parameters (Fader, Hardie &amp; Lee 2005, section 4).</summary>
public static class BgNbdFitter
{
    /// <summary>
    /// Maximises the log-likelihood (FHL 2005 eq. 6, summed over customers with their weights) over
    /// θ = [ln r, ln α, ln a, ln b] by quasi-Newton, merging identical rows first, and attaches delta-method standard
    /// errors and log-scale Wald intervals from the observed information.
    /// </summary>
    /// <param name="summary">Customers; the model takes its time unit.</param>
    /// <param name="options">Fit options; null for <see cref="BgNbdFitOptions.Default"/>.</param>
    /// <returns>The fitted model. Its statistics carry no estimates when the observed information is not positive
    /// definite (a weakly identified fit), or when the fit did not converge and <see cref="BgNbdFitOptions.ThrowIfNotConverged"/> is false.</returns>
    /// <exception cref="ArgumentException">The summary is empty or has no repeat purchases (the parameters of drop-out are then not identified).</exception>
    /// <exception cref="ConvergenceException">The optimiser did not converge and <see cref="BgNbdFitOptions.ThrowIfNotConverged"/> is true.</exception>
    public static BgNbdModel Fit(RfmSummary summary, BgNbdFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        options ??= BgNbdFitOptions.Default;
        if (!(options.ConfidenceLevel > 0 && options.ConfidenceLevel < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.ConfidenceLevel, "The confidence level must lie in (0, 1).");
        var data = BgNbdData.From(summary);
        if (data.X.Length == 0)
            throw new ArgumentException("No customer in the summary has a repeat purchase: the BG/NBD parameters are not identified.", nameof(summary));
        var logLikelihood = new BgNbdLogLikelihood(data);
        ILogDensity objective = options.Penalty == 0
            ? logLikelihood
            : new PenalizedLogDensity(logLikelihood, options.Penalty, options.PenaltyCentre?.ToLogVector() ?? default);
        // A pilot fit on a subsample as the starting point was tried and saved no evaluations (BFGS rebuilds its
        // curvature either way), so the fit starts from the simple values below.
        var start = (options.Start ?? StartingValues(data)).ToLogVector();
        var optimum = QuasiNewton.Maximize(objective, start, options.Optimizer);
        if (options.ThrowIfNotConverged) optimum.EnsureConverged();

        var parameters = BgNbdParameters.FromLogVector(optimum.Theta);
        MaximumLikelihoodEstimate? estimate = null;
        IReadOnlyList<BgNbdParameterEstimate> estimates = [];
        if (optimum.Converged)
        {
            try
            {
                estimate = MaximumLikelihoodEstimate.FromOptimum(objective, optimum, BgNbdParameters.Names);
                var list = new BgNbdParameterEstimate[4];
                for (int j = 0; j < 4; j++)
                {
                    var natural = estimate.NaturalScale(j, options.ConfidenceLevel);
                    list[j] = new BgNbdParameterEstimate(BgNbdParameters.Names[j], natural.Value, natural.StandardError,
                        natural.Interval.Lower, natural.Interval.Upper);
                }
                estimates = list;
            }
            catch (NotPositiveDefiniteException)
            {
                estimate = null;
            }
        }

        var statistics = new BgNbdFitStatistics(
            LogLikelihood: logLikelihood.Evaluate(parameters),
            Objective: optimum.Value,
            Iterations: optimum.Iterations,
            Evaluations: optimum.Evaluations,
            GradientNorm: optimum.GradientNorm,
            Converged: optimum.Converged,
            Status: optimum.ToString(),
            Customers: data.TotalWeight,
            CompressedRows: data.CompressedRows,
            Penalty: options.Penalty,
            ConfidenceLevel: options.ConfidenceLevel,
            Estimates: estimates);
        return new BgNbdModel(parameters, summary.TimeUnit, statistics) { Estimate = estimate };
    }

    /// <summary>
    /// A starting point from the data: r = 1 and α = Σ w T / Σ w x (so that the mean rate r/α matches the observed
    /// repeat-purchase rate), a = 1, b = 1; α falls back to the mean T when there are no repeat purchases.
    /// </summary>
    public static BgNbdParameters StartingValues(RfmSummary summary) => StartingValues(BgNbdData.From(summary));

    internal static BgNbdParameters StartingValues(BgNbdData data)
    {
        double exposure = 0, purchases = 0;
        for (int i = 0; i < data.ZeroT.Length; i++) exposure += data.ZeroWeight[i] * data.ZeroT[i];
        for (int i = 0; i < data.X.Length; i++)
        {
            exposure += data.Weight[i] * data.T[i];
            purchases += data.Weight[i] * data.X[i];
        }
        double alpha = purchases > 0 ? exposure / purchases : exposure / data.TotalWeight;
        if (!(alpha > 0) || !double.IsFinite(alpha)) alpha = 1;
        return new BgNbdParameters(1, alpha, 1, 1);
    }
}
