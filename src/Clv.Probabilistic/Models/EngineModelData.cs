using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Models;

/// <summary>
/// A model's fit data pulled from a transaction log in a database engine as distinct weighted rows, so that the fitting
/// process holds memory proportional to the distinct rows, never to the customers.
/// </summary>
public static class EngineModelData
{
    /// <summary>
    /// Prepares <paramref name="model"/>'s data: a purchase model gets <see cref="IEngineTransactionLog.PurchaseRows"/>
    /// (distinct (x, t_x, T) with weights); the Gamma-Gamma spend model gets <see cref="IEngineTransactionLog.SpendRows"/>
    /// (distinct (x, z̄) with weights). Pass the result to <see cref="ModelFitter.Fit(ModelDefinition, ModelData, Inference.FitOptions?)"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">A spend model other than Gamma-Gamma (its data needs are not known here), or a
    /// model of discrete opportunities or retention (fitted to other data).</exception>
    /// <exception cref="ClvDataException">The log cannot be summarised (see <see cref="IEngineTransactionLog.Summarize"/>).</exception>
    public static ModelData Prepare(ModelDefinition model, IEngineTransactionLog log, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        return model switch
        {
            GammaGammaDefinition spend => spend.Prepare(log.SpendRows(options), options.TimeUnit),
            _ when model.Kind == ModelKind.Purchase => model.Prepare(log.PurchaseRows(options)),
            _ when model.Kind == ModelKind.Spend => throw new NotSupportedException(
                $"{model.DisplayName} is a spend model whose data cannot be pulled from an engine as compressed rows; summarise the log (Summarize) and fit the summary."),
            _ => throw new NotSupportedException(
                $"{model.DisplayName} is a {model.Kind} model: it is fitted to discrete-period or cohort data, not to a continuous-time summary pulled from an engine."),
        };
    }
}
