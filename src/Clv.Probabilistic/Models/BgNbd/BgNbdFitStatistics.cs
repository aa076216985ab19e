namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>One parameter's maximum-likelihood estimate with its uncertainty.</summary>
/// <param name="Name">r, alpha, a or b.</param>
/// <param name="Estimate">The estimate.</param>
/// <param name="StandardError">Delta-method standard error: estimate × standard error of its logarithm.</param>
/// <param name="Lower">Lower end of the Wald interval, computed on the log scale and exponentiated (so always &gt; 0).</param>
/// <param name="Upper">Upper end of the same interval.</param>
public sealed record BgNbdParameterEstimate(string Name, double Estimate, double StandardError, double Lower, double Upper);

/// <summary>How a BG/NBD model was fitted.</summary>
/// <param name="LogLikelihood">Log-likelihood at the estimate (without any penalty).</param>
/// <param name="Objective">The maximised objective (log-likelihood minus the L2 penalty).</param>
/// <param name="Iterations">Optimiser iterations.</param>
/// <param name="Evaluations">Objective evaluations.</param>
/// <param name="GradientNorm">Norm of the objective's gradient over the log-parameters at the estimate.</param>
/// <param name="Converged">Whether the optimiser met its convergence criterion.</param>
/// <param name="Status">The optimiser's description of how it stopped.</param>
/// <param name="Customers">Customers in the data (sum of weights).</param>
/// <param name="CompressedRows">Rows left after merging identical (x, t_x, T) rows.</param>
/// <param name="Penalty">L2 penalty coefficient used (0 for plain maximum likelihood).</param>
/// <param name="ConfidenceLevel">Level of the intervals in <paramref name="Estimates"/>.</param>
/// <param name="Estimates">Per parameter, in the order r, alpha, a, b; empty when the information matrix is not invertible.</param>
public sealed record BgNbdFitStatistics(
    double LogLikelihood,
    double Objective,
    int Iterations,
    int Evaluations,
    double GradientNorm,
    bool Converged,
    string Status,
    double Customers,
    int CompressedRows,
    double Penalty,
    double ConfidenceLevel,
    IReadOnlyList<BgNbdParameterEstimate> Estimates);
