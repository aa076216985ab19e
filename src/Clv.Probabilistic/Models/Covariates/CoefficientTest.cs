using MathNet.Numerics.Distributions;

namespace Clv.Probabilistic.Models.Covariates;

/// <summary>One row of a coefficient table: a covariate coefficient with its Wald test of γ = 0.</summary>
/// <param name="Parameter">The coefficient's name (<c>trans.Gender</c>, <c>life.Gender</c>, or <c>Gender</c> when constrained).</param>
/// <param name="Covariate">The encoded covariate.</param>
/// <param name="Processes">The processes the coefficient acts on.</param>
/// <param name="Estimate">The estimate.</param>
/// <param name="StandardError">Its standard error (NaN when the fit has no curvature).</param>
/// <param name="Z">Estimate / standard error.</param>
/// <param name="PValue">Two-sided p-value 2Φ(−|z|) of the Wald test of γ = 0 (Wald 1943; asymptotic normality of the MLE).</param>
public sealed record CoefficientTest(string Parameter, string Covariate, IReadOnlyList<CovariateProcess> Processes,
    double Estimate, double StandardError, double Z, double PValue)
{
    internal static CoefficientTest Wald(CovariateCoefficient coefficient, double estimate, double standardError)
    {
        double z = standardError > 0 ? estimate / standardError : double.NaN;
        double p = double.IsNaN(z) ? double.NaN : 2 * Normal.CDF(0, 1, -Math.Abs(z));
        return new CoefficientTest(coefficient.Parameter, coefficient.Covariate, coefficient.Processes, estimate, standardError, z, p);
    }
}
