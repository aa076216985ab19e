using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

/// <summary>One coefficient's Wald test: z = estimate / standard error, two-sided p = 2 Φ(−|z|).</summary>
/// <param name="Name">trans.NAME or life.NAME.</param>
/// <param name="Estimate">The estimate.</param>
/// <param name="StandardError">Its standard error (from the observed information for maximum likelihood).</param>
/// <param name="Z">Estimate / standard error.</param>
/// <param name="PValue">Two-sided p-value of the hypothesis that the coefficient is 0.</param>
public sealed record CoefficientTest(string Name, double Estimate, double StandardError, double Z, double PValue);

/// <summary>The result of <see cref="TimeVaryingParetoNbd.Fit"/>.</summary>
public sealed class TimeVaryingParetoNbdFit
{
    internal TimeVaryingParetoNbdFit(IReadOnlyList<string> covariateNames, Estimation estimation, TimeUnit timeUnit)
    {
        Method = estimation.Method;
        Status = estimation.Status;
        Problem = estimation.Problem;
        LogLikelihood = estimation.LogLikelihood;
        Estimates = estimation.Estimates;
        TimeUnit = timeUnit;
        Iterations = estimation.Optimum?.Iterations;
        Parameters = TimeVaryingParetoNbdParameters.FromValues(estimation.Point, covariateNames);
        Model = new TimeVaryingParetoNbdModel(Parameters);
        var tests = new List<CoefficientTest>();
        for (int j = 4; j < Estimates.Count; j++)
        {
            var e = Estimates[j];
            double z = e.Estimate / e.StandardError;
            tests.Add(new CoefficientTest(e.Name, e.Estimate, e.StandardError, z,
                2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -Math.Abs(z))));
        }
        Coefficients = tests;
    }

    /// <summary>The fit method.</summary>
    public FitMethod Method { get; }

    /// <summary>Converged, not converged or not identified.</summary>
    public FitStatus Status { get; }

    /// <summary>Why the fit is not reliable, or null.</summary>
    public string? Problem { get; }

    /// <summary>The log-likelihood at the point estimate.</summary>
    public double LogLikelihood { get; }

    /// <summary>Point estimates (posterior means for NUTS) with standard errors and intervals, in parameter order.</summary>
    public IReadOnlyList<ParameterEstimate> Estimates { get; }

    /// <summary>Wald tests of the coefficients (empty when the fit has no standard errors).</summary>
    public IReadOnlyList<CoefficientTest> Coefficients { get; }

    /// <summary>The point estimate.</summary>
    public TimeVaryingParetoNbdParameters Parameters { get; }

    /// <summary>The model at the point estimate.</summary>
    public TimeVaryingParetoNbdModel Model { get; }

    /// <summary>Unit of the durations.</summary>
    public TimeUnit TimeUnit { get; }

    /// <summary>Optimiser iterations, for optimisation methods.</summary>
    public int? Iterations { get; }
}
