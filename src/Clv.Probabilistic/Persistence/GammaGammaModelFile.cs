using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Persistence;

/// <summary>Converts a Gamma-Gamma spend model to and from its <see cref="ModelDocument"/> (model name <c>gamma-gamma</c>).</summary>
/// <remarks>
/// Parameters p, q, γ (Fader, Hardie &amp; Lee 2005, "RFM and CLV") are stored under <c>p</c>, <c>q</c>, <c>gamma</c>.
/// They do not depend on time; the document's time unit records the unit of the summary the model was fitted on.
/// </remarks>
public static class GammaGammaModelFile
{
    /// <summary>The value of <see cref="ModelDocument.Model"/> for Gamma-Gamma.</summary>
    public const string ModelName = "gamma-gamma";

    /// <summary>The document describing a fit.</summary>
    /// <param name="fit">The maximum-likelihood fit.</param>
    /// <param name="timeUnit">Time unit of the summary it was fitted on.</param>
    public static ModelDocument ToDocument(GammaGammaFit fit, TimeUnit timeUnit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var errors = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int j = 0; j < GammaGammaParameters.Names.Count; j++) errors[GammaGammaParameters.Names[j]] = fit.Estimates[j].StandardError;
        var optimum = fit.Estimate.Optimum;
        return ToDocument(fit.Model, timeUnit) with
        {
            StandardErrors = errors,
            LogLikelihood = fit.LogLikelihood,
            Fit = new FitRecord(optimum.Converged, optimum.Iterations, optimum.GradientNorm, fit.Data.TotalWeight, optimum.ToString()),
        };
    }

    /// <summary>The document describing a spend model with given parameters.</summary>
    public static ModelDocument ToDocument(GammaGammaSpendModel model, TimeUnit timeUnit)
    {
        ArgumentNullException.ThrowIfNull(model);
        var p = model.Parameters;
        return new ModelDocument
        {
            Model = ModelName,
            TimeUnit = timeUnit.Name,
            TimeUnitDays = timeUnit.DaysPerUnit,
            Parameters = new Dictionary<string, double>(StringComparer.Ordinal) { ["p"] = p.P, ["q"] = p.Q, ["gamma"] = p.Gamma },
        };
    }

    /// <summary>The spend model a document describes.</summary>
    /// <exception cref="ModelFileException">The document is not a Gamma-Gamma model, lacks a parameter or holds an invalid one.</exception>
    public static GammaGammaSpendModel FromDocument(ModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        ModelFiles.EnsureModel(document, ModelName);
        try
        {
            return new GammaGammaSpendModel(new GammaGammaParameters(document.Parameter("p"), document.Parameter("q"), document.Parameter("gamma")));
        }
        catch (ArgumentException e)
        {
            throw new ModelFileException($"Model '{ModelName}': {e.Message}", e);
        }
    }

    /// <summary>Reads a Gamma-Gamma model file.</summary>
    /// <exception cref="ModelFileException">The file is missing, invalid or holds another model.</exception>
    public static GammaGammaSpendModel Load(string path) => FromDocument(ModelDocument.Load(path));
}
