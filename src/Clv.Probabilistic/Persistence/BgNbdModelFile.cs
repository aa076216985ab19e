using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Persistence;

/// <summary>Converts a BG/NBD model to and from its <see cref="ModelDocument"/> (model name <c>bgnbd</c>).</summary>
/// <remarks>
/// Parameters r, α, a, b (Fader, Hardie &amp; Lee 2005) are stored under <c>r</c>, <c>alpha</c>, <c>a</c>, <c>b</c> in the
/// model's time unit, with the delta-method standard errors, the log-likelihood and the fit record when the model was
/// fitted. A loaded model carries the parameters and time unit only, so its predictions equal the saved model's.
/// </remarks>
public static class BgNbdModelFile
{
    /// <summary>The value of <see cref="ModelDocument.Model"/> for BG/NBD.</summary>
    public const string ModelName = "bgnbd";

    /// <summary>The document describing <paramref name="model"/>.</summary>
    /// <param name="model">A fitted or given model.</param>
    /// <param name="method">How it was fitted (<c>mle</c> unless a Bayesian fit says otherwise).</param>
    public static ModelDocument ToDocument(BgNbdModel model, string method = "mle")
    {
        ArgumentNullException.ThrowIfNull(model);
        var p = model.Parameters;
        var statistics = model.FitStatistics;
        Dictionary<string, double>? errors = null;
        if (statistics is { Estimates.Count: > 0 })
        {
            errors = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var estimate in statistics.Estimates) errors[estimate.Name] = estimate.StandardError;
        }
        return new ModelDocument
        {
            Model = ModelName,
            TimeUnit = model.TimeUnit.Name,
            TimeUnitDays = model.TimeUnit.DaysPerUnit,
            Method = method,
            Parameters = new Dictionary<string, double>(StringComparer.Ordinal) { ["r"] = p.R, ["alpha"] = p.Alpha, ["a"] = p.A, ["b"] = p.B },
            StandardErrors = errors,
            LogLikelihood = statistics?.LogLikelihood,
            Fit = statistics is null ? null
                : new FitRecord(statistics.Converged, statistics.Iterations, statistics.GradientNorm, statistics.Customers, statistics.Status),
        };
    }

    /// <summary>The model a document describes.</summary>
    /// <exception cref="ModelFileException">The document is not a BG/NBD model, lacks a parameter or holds an invalid one.</exception>
    public static BgNbdModel FromDocument(ModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        ModelFiles.EnsureModel(document, ModelName);
        BgNbdParameters parameters;
        try
        {
            parameters = new BgNbdParameters(document.Parameter("r"), document.Parameter("alpha"), document.Parameter("a"), document.Parameter("b"));
        }
        catch (ArgumentException e)
        {
            throw new ModelFileException($"Model '{ModelName}': {e.Message}", e);
        }
        return new BgNbdModel(parameters, document.Unit);
    }

    /// <summary>Writes the model file.</summary>
    public static void Save(BgNbdModel model, string path, string method = "mle") => ToDocument(model, method).Save(path);

    /// <summary>Reads a BG/NBD model file.</summary>
    /// <exception cref="ModelFileException">The file is missing, invalid or holds another model.</exception>
    public static BgNbdModel Load(string path) => FromDocument(ModelDocument.Load(path));
}
