using System.Globalization;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference;

/// <summary>
/// The one place that decides whether a fit converged and whether the data identify its parameters, so every model and
/// every method gives the same verdict on the same data.
/// </summary>
/// <remarks>
/// Optimisation-based fits (maximum likelihood, MAP, Laplace): not converged when the optimiser stopped without meeting
/// its criterion; not identified when the observed information −H at the optimum is not positive definite, or when a
/// parameter's standard error on the unconstrained scale exceeds <see cref="MaxUnconstrainedStandardError"/> (its 95%
/// interval then spans more than e^{±9.8}, eight orders of magnitude: the optimiser has stopped somewhere on a ridge that
/// rises towards the edge of the parameter space). NUTS: not converged when any split R̂ exceeds
/// <see cref="MaxRHat"/> (Gelman &amp; Rubin's classic limit; R̂ above 1.01 is already a warning).
/// </remarks>
public static class FitVerdict
{
    /// <summary>Largest standard error on the unconstrained scale accepted as identified.</summary>
    public const double MaxUnconstrainedStandardError = 5.0;

    /// <summary>Largest R̂ accepted as converged; between 1.01 and this the fit converges with a warning.</summary>
    public const double MaxRHat = 1.1;

    /// <summary>Throws the exception that matches an unreliable verdict.</summary>
    /// <exception cref="ConvergenceException">The status is <see cref="FitStatus.NotConverged"/>.</exception>
    /// <exception cref="NotIdentifiedException">The status is <see cref="FitStatus.NotIdentified"/>.</exception>
    internal static void ThrowIfUnreliable(Estimation estimation, ParameterSpace space, string model)
    {
        switch (estimation.Status)
        {
            case FitStatus.NotConverged:
                throw estimation.Optimum is { Converged: false } optimum
                    ? new ConvergenceException($"The {model} fit did not converge ({optimum.Status}): {optimum.Message}", optimum)
                    : new ConvergenceException($"The {model} fit did not converge: {estimation.Problem}");
            case FitStatus.NotIdentified:
                int j = WorstParameter(estimation);
                double se = estimation.Gaussian is { } g ? g.StandardErrors[j] : double.NaN;
                throw new NotIdentifiedException(space.Names[j], estimation.Point[j], se,
                    $"The {model} parameters are not identified by these data: {estimation.Problem}");
        }
    }

    /// <summary>The verdict on an optimisation-based fit, with the problem in words.</summary>
    /// <remarks>
    /// A fit whose log-likelihood or objective at the end is not a finite number, or whose estimate left the parameters'
    /// domain (overflowed to ∞ or underflowed to 0) or the range the library supports (<see cref="ParameterSpace.SupportedMinimum"/>
    /// to <see cref="ParameterSpace.SupportedMaximum"/>), is <see cref="FitStatus.NotConverged"/> whatever the optimiser
    /// reported: no such fit is printed as converged.
    /// </remarks>
    internal static (FitStatus Status, string? Problem) Optimisation(OptimizationResult optimum, GaussianApproximation? gaussian,
        Exception? curvatureFailure, ParameterSpace space, Func<double[], double[], string?>? describeLimit, double logLikelihood)
    {
        if (NotMeaningful(optimum.Value, logLikelihood, space, space.ToNatural(optimum.Theta)) is { } meaningless)
            return (FitStatus.NotConverged, meaningless);
        if (!optimum.Converged)
            return (FitStatus.NotConverged, $"the optimiser stopped without converging ({optimum.Status}: {optimum.Message})");
        if (gaussian is null)
            return (FitStatus.NotIdentified, curvatureFailure?.Message ?? "the observed information is not positive definite at the optimum");
        var natural = space.ToNatural(gaussian.Theta);
        var errors = gaussian.StandardErrors.ToArray();
        int worst = -1;
        for (int j = 0; j < errors.Length; j++)
            if (!(errors[j] <= MaxUnconstrainedStandardError) && (worst < 0 || !(errors[j] <= errors[worst]))) worst = j;
        if (worst < 0) return (FitStatus.Converged, null);
        string limit = describeLimit?.Invoke(natural, errors) ?? "";
        return (FitStatus.NotIdentified, string.Create(CultureInfo.InvariantCulture,
            $"parameter '{space.Names[worst]}' ran to {natural[worst]:G4} with a standard error of {errors[worst]:G3} on the unconstrained scale (its 95% interval spans more than eight orders of magnitude){(limit.Length > 0 ? ": " + limit : "")}."));
    }

    /// <summary>The verdict on a NUTS fit.</summary>
    internal static (FitStatus Status, string? Problem) Sampling(PosteriorSummary summary, ParameterSpace space, double[] point, double logLikelihood)
    {
        if (NotMeaningful(logLikelihood, logLikelihood, space, point) is { } meaningless)
            return (FitStatus.NotConverged, meaningless);
        var worst = summary.Rows.MaxBy(r => double.IsNaN(r.RHat) ? 0 : r.RHat);
        if (worst is { RHat: > MaxRHat })
            return (FitStatus.NotConverged, string.Create(CultureInfo.InvariantCulture,
                $"the chains disagree: R-hat of '{worst.Name}' is {worst.RHat:F3} (> {MaxRHat}); run longer chains or check the model."));
        return (FitStatus.Converged, null);
    }

    /// <summary>Why the end point of a fit means nothing (a value that is not finite, a parameter outside its domain), or null.</summary>
    private static string? NotMeaningful(double objective, double logLikelihood, ParameterSpace space, double[] point)
    {
        int outside = space.FirstOutside(point);
        if (outside >= 0)
            return string.Create(CultureInfo.InvariantCulture,
                $"parameter '{space.Names[outside]}' reached {point[outside]:G4}, outside its domain (the computation overflowed or underflowed): the fit ended nowhere meaningful");
        int unsupported = space.FirstUnsupported(point);
        if (unsupported >= 0)
            return string.Create(CultureInfo.InvariantCulture,
                $"parameter '{space.Names[unsupported]}' reached {point[unsupported]:G4}, outside the range the library supports ({space.SupportedRange(unsupported)}): the fit ended where no prediction is reliable");
        if (!double.IsFinite(logLikelihood) || !double.IsFinite(objective))
            return string.Create(CultureInfo.InvariantCulture,
                $"the log-likelihood at the end of the fit is {logLikelihood:G6} (objective {objective:G6}), not a finite number");
        return null;
    }

    private static int WorstParameter(Estimation estimation)
    {
        if (estimation.Gaussian is not { } g) return estimation.CurvaturePivot ?? 0;
        int worst = 0;
        for (int j = 1; j < g.Dimension; j++)
            if (!(g.StandardErrors[j] <= g.StandardErrors[worst])) worst = j;
        return worst;
    }
}
