using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference;

/// <summary>
/// Thrown when a maximum-likelihood fit stops on a ridge that rises towards the edge of the parameter space: the
/// observed information is positive definite only numerically, and the standard error of a log-parameter is so large
/// that the data do not fix even its order of magnitude.
/// </summary>
public sealed class NotIdentifiedException : Exception
{
    /// <summary>Creates the exception for <paramref name="parameter"/> with its log-scale standard error.</summary>
    public NotIdentifiedException(string parameter, double estimate, double logStandardError)
        : base(FormattableString.Invariant(
            $"parameter '{parameter}' ran to {estimate:G4} with a standard error of {logStandardError:G3} on the log scale (its 95% interval spans more than eight orders of magnitude): the likelihood keeps rising towards the edge of the parameter space."))
    {
        Parameter = parameter;
        Estimate = estimate;
        LogStandardError = logStandardError;
    }

    /// <summary>Creates the exception with a message saying which limit the fit ran towards.</summary>
    public NotIdentifiedException(string parameter, double estimate, double logStandardError, string message)
        : base(message)
    {
        Parameter = parameter;
        Estimate = estimate;
        LogStandardError = logStandardError;
    }

    /// <summary>Name of the parameter that is not identified.</summary>
    public string Parameter { get; }

    /// <summary>Where the optimiser stopped, on the natural scale.</summary>
    public double Estimate { get; }

    /// <summary>Standard error of the parameter on the unconstrained (log) scale; NaN when the information matrix is singular.</summary>
    public double LogStandardError { get; }
}
