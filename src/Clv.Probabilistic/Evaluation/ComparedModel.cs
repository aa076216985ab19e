using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Evaluation;

/// <summary>One purchase model's row of a <see cref="ModelComparison"/>: its fit, information criteria and holdout accuracy.</summary>
public sealed class ComparedModel
{
    internal ComparedModel(ModelFit fit, double customers)
    {
        Fit = fit;
        Parameters = fit.Definition.Parameters.Dimension;
        if (fit.LogLikelihood is { } ll && double.IsFinite(ll))
        {
            Aic = InformationCriteria.Aic(ll, Parameters);
            Bic = InformationCriteria.Bic(ll, Parameters, customers);
        }
    }

    /// <summary>The maximum-likelihood fit (never thrown on: an unreliable fit is reported here).</summary>
    public ModelFit Fit { get; }

    /// <summary>The model.</summary>
    public ModelDefinition Definition => Fit.Definition;

    /// <summary>The fit's verdict.</summary>
    public FitStatus Status => Fit.Status;

    /// <summary>True when the verdict is <see cref="FitStatus.Converged"/>; only such fits get deltas, weights and the recommendation.</summary>
    public bool IsReliable => Fit.IsReliable && Aic is not null;

    /// <summary>ℓ, the maximised log-likelihood; null when the fit produced none.</summary>
    public double? LogLikelihood => Fit.LogLikelihood;

    /// <summary>k, the number of estimated parameters.</summary>
    public int Parameters { get; }

    /// <summary>2k − 2ℓ; null without a finite ℓ.</summary>
    public double? Aic { get; }

    /// <summary>k ln n − 2ℓ with n the number of customers; null without a finite ℓ.</summary>
    public double? Bic { get; }

    /// <summary>AIC minus the lowest AIC of the reliable fits; null for an unreliable fit.</summary>
    public double? DeltaAic { get; internal set; }

    /// <summary>BIC minus the lowest BIC of the reliable fits; null for an unreliable fit.</summary>
    public double? DeltaBic { get; internal set; }

    /// <summary>Akaike weight among the reliable fits (they sum to 1); null for an unreliable fit.</summary>
    public double? AkaikeWeight { get; internal set; }

    /// <summary>E[Y(t*) | x, t_x, T] per customer against the holdout: totals, MAE, RMSE; null without a holdout.</summary>
    public ErrorMetrics? Holdout { get; internal init; }

    /// <summary>Mean actual and predicted holdout purchases by calibration frequency 0, …, 6, 7+; null without a holdout.</summary>
    public ConditionalExpectationTable? ConditionalExpectations { get; internal init; }
}
