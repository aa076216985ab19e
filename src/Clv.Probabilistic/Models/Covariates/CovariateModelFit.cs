using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates;
using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Models.Covariates;

/// <summary>A fit of a model with static covariates: the fit of any model, plus its coefficient table.</summary>
public sealed class CovariateModelFit : ModelFit
{
    internal CovariateModelFit(CovariateDefinition definition, FitRecordData record)
        : base(definition, record) => Covariates = definition;

    /// <summary>The model with its covariates.</summary>
    public CovariateDefinition Covariates { get; }

    /// <summary>
    /// The coefficients with standard errors, Wald z = estimate / standard error and two-sided p-values 2Φ(−|z|)
    /// (maximum likelihood, MAP, Laplace); for NUTS the posterior mean and standard deviation in their place.
    /// </summary>
    public IReadOnlyList<CoefficientTest> CoefficientTable()
    {
        var rows = new List<CoefficientTest>();
        for (int c = 0; c < Covariates.CoefficientLayout.Count; c++)
        {
            int j = Covariates.ModelDimension + c;
            var coefficient = Covariates.CoefficientLayout[c];
            double estimate = Values[j];
            double se = Estimates.Count > j ? Estimates[j].StandardError : double.NaN;
            rows.Add(CoefficientTest.Wald(coefficient, estimate, se));
        }
        return rows;
    }

    /// <summary>
    /// The same fit (estimates, draws, verdict) predicting for the customers of <paramref name="covariates"/>, encoded as
    /// at the fit: how a fit read from a model file, or fitted on other customers, scores new ones.
    /// </summary>
    /// <exception cref="ClvDataException">The table lacks a column of the encoding, or holds a level or value it cannot take (file, line, column and customer named).</exception>
    public CovariateModelFit WithCovariates(CovariateTable covariates)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        return new CovariateModelFit(Covariates.WithCovariates(Covariates.Encoding.Encode(covariates)), Record);
    }
}
