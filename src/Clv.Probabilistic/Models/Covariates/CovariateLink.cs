namespace Clv.Probabilistic.Models.Covariates;

/// <summary>The process of a model that a covariate acts on.</summary>
public enum CovariateProcess
{
    /// <summary>Purchasing while alive (coefficients named <c>trans.NAME</c>).</summary>
    Transaction,

    /// <summary>Dropping out (coefficients named <c>life.NAME</c>).</summary>
    Lifetime,

    /// <summary>Spend per transaction (coefficients named <c>spend.NAME</c>).</summary>
    Spend,
}

/// <summary>
/// How static covariates z_i move one positive parameter φ of a model for customer i: φ_i = φ·exp(Sign·γ_process·z_i),
/// that is θ_i = ln φ + Sign·γ·z_i on the unconstrained scale.
/// </summary>
/// <param name="Parameter">The model parameter (for example <c>alpha</c>).</param>
/// <param name="Process">The process whose coefficients γ move it.</param>
/// <param name="Sign">+1 or −1: the sign the published link puts in front of γ·z.</param>
public sealed record CovariateLink(string Parameter, CovariateProcess Process, int Sign);
