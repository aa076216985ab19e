using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Bayesian;

/// <summary>Writes any <see cref="ModelFit{TParameters}"/> as a model file and reads its draws back.</summary>
public static class ModelFitDocument
{
    /// <summary>
    /// The model file of a fit: <c>parameters</c> = the point estimate (posterior means for NUTS), <c>standard_errors</c>
    /// = the draws' standard deviations, the draws, and for NUTS <c>diagnostics</c> with R̂ and bulk/tail ESS per parameter.
    /// </summary>
    /// <param name="fit">The fit.</param>
    /// <param name="model">Model name: <c>bgnbd</c> or <c>gamma-gamma</c>.</param>
    /// <param name="unit">Time unit of the model.</param>
    /// <param name="point">The point estimate in the order of the draws' names.</param>
    public static ModelDocument ToDocument<T>(ModelFit<T> fit, string model, TimeUnit unit, IReadOnlyList<double> point)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(point);
        var draws = fit.Draws;
        var parameters = new Dictionary<string, double>();
        var errors = new Dictionary<string, double>();
        for (int j = 0; j < draws.Dimension; j++)
        {
            parameters[draws.Names[j]] = point[j];
            var column = draws.Column(j);
            double mean = column.Average();
            errors[draws.Names[j]] = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, column.Length - 1));
        }
        var values = new IReadOnlyList<double>[draws.Count];
        for (int d = 0; d < values.Length; d++) values[d] = draws.Draw(d).ToArray();
        DiagnosticsRecord? diagnostics = fit.Summary is { } summary
            ? new DiagnosticsRecord(
                summary.Rows.ToDictionary(r => r.Name, r => r.RHat),
                summary.Rows.ToDictionary(r => r.Name, r => r.EssBulk),
                summary.Rows.ToDictionary(r => r.Name, r => r.EssTail),
                fit.Nuts?.Divergences ?? 0,
                fit.Warnings)
            : null;
        return new ModelDocument
        {
            Model = model,
            TimeUnit = unit.Name,
            TimeUnitDays = unit.DaysPerUnit,
            Method = MethodName(fit.Method),
            Parameters = parameters,
            StandardErrors = errors,
            Draws = new DrawsRecord(draws.Names, values, draws.Chains.ToArray()),
            Diagnostics = diagnostics,
        };
    }

    /// <summary>The draws stored in a model file, or null when it has none.</summary>
    public static ParameterDraws? ReadDraws(ModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Draws is not { } record || record.Values.Count == 0) return null;
        var values = record.Values.SelectMany(v => v).ToArray();
        return new ParameterDraws(record.Names, values, record.Chains?.ToArray() ?? default);
    }

    /// <summary>A fit rebuilt from a model file's point estimate and draws, for intervals.</summary>
    /// <exception cref="ModelFileException">The file holds no draws (a maximum-likelihood fit written without them).</exception>
    public static ModelFit<T> FromDocument<T>(ModelDocument document, T point, Func<ReadOnlySpan<double>, T> build)
        where T : class
    {
        var draws = ReadDraws(document) ?? throw new ModelFileException(
            $"Model '{document.Model}' ({document.Method}) holds no parameter draws: fit it with --method laplace or nuts to get intervals.");
        var method = ParseMethod(document.Method);
        var fit = new ModelFit<T>(method, point, draws, build, null, null, null, document.Diagnostics?.Warnings ?? []);
        return fit.WithTimeUnit(document.Unit);
    }

    /// <summary>The file's name of a method: mle, laplace or nuts.</summary>
    public static string MethodName(FitMethod method) => method switch
    {
        FitMethod.MaximumLikelihood => "mle",
        FitMethod.Laplace => "laplace",
        FitMethod.Nuts => "nuts",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown fit method."),
    };

    /// <summary>Parses mle, laplace or nuts.</summary>
    public static FitMethod ParseMethod(string text) => text.Trim().ToLowerInvariant() switch
    {
        "mle" => FitMethod.MaximumLikelihood,
        "laplace" => FitMethod.Laplace,
        "nuts" => FitMethod.Nuts,
        _ => throw new ArgumentException($"Unknown fit method '{text}': use mle, laplace or nuts."),
    };
}
