using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Models;

/// <summary>The one fit path: any registered model, any method (MLE, MAP, Laplace, NUTS), one kind of result.</summary>
/// <remarks>
/// The model prepares its data and supplies its likelihood, start and default priors; the method is carried out by the
/// model-independent engine; <see cref="FitVerdict"/> decides convergence and identification for every model alike.
/// </remarks>
public static class ModelFitter
{
    /// <summary>Fits <paramref name="model"/> to <paramref name="summary"/>.</summary>
    /// <param name="model">The model definition (for example <c>BgNbdDefinition.Instance</c>, or one from <see cref="ModelRegistry"/>).</param>
    /// <param name="summary">Customers; the fit takes their time unit.</param>
    /// <param name="options">Method, draws, seed, sampler, priors; null for <see cref="FitOptions.Default"/> (maximum likelihood).</param>
    /// <exception cref="ArgumentException">The summary cannot be fitted by this model (the message says why).</exception>
    /// <exception cref="ConvergenceException">The fit did not converge and <see cref="FitOptions.ThrowIfUnreliable"/> is true.</exception>
    /// <exception cref="NotIdentifiedException">The data do not identify the parameters and <see cref="FitOptions.ThrowIfUnreliable"/> is true.</exception>
    public static ModelFit<TParameters, TModel> Fit<TParameters, TModel>(ModelDefinition<TParameters, TModel> model,
        RfmSummary summary, FitOptions? options = null)
        where TParameters : class
        where TModel : class =>
        (ModelFit<TParameters, TModel>)Fit((ModelDefinition)model, summary, options);

    /// <summary>Fits <paramref name="model"/> to data it has already prepared; see the typed overload for the summary.</summary>
    public static ModelFit<TParameters, TModel> Fit<TParameters, TModel>(ModelDefinition<TParameters, TModel> model,
        ModelData data, FitOptions? options = null)
        where TParameters : class
        where TModel : class =>
        (ModelFit<TParameters, TModel>)Fit((ModelDefinition)model, data, options);

    /// <summary>Fits <paramref name="model"/> to <paramref name="summary"/>; see the typed overload.</summary>
    public static ModelFit Fit(ModelDefinition model, RfmSummary summary, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(summary);
        return Fit(model, model.Prepare(summary), options);
    }

    /// <summary>Fits <paramref name="model"/> to data it has already prepared (for example compressed rows pulled from a database).</summary>
    public static ModelFit Fit(ModelDefinition model, ModelData data, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        options ??= FitOptions.Default;
        var space = model.Parameters;
        var start = options.Start?.ToArray() ?? model.StartingValues(data);
        if (start.Length != space.Dimension)
            throw new ArgumentException($"{start.Length} starting values for the {space.Dimension} parameters of {model.DisplayName} ({string.Join(", ", space.Names)}).", nameof(options));
        var priors = options.Priors ?? model.DefaultPriors(data);
        if (priors.Count != space.Dimension)
            throw new ArgumentException($"{priors.Count} priors for the {space.Dimension} parameters of {model.DisplayName} ({string.Join(", ", space.Names)}).", nameof(options));
        var problem = new FitProblem(space, _ => model.LogLikelihood(data), priors, start);
        var estimation = FitEngine.Run(problem, options, (natural, errors) => model.DescribeLimit(natural, errors));
        if (options.ThrowIfUnreliable) FitVerdict.ThrowIfUnreliable(estimation, space, model.DisplayName);

        var warnings = new List<string>();
        if (estimation.Problem is { } problemText) warnings.Add($"{estimation.Status}: {problemText}");
        warnings.AddRange(estimation.Warnings);
        if (space.Contains(estimation.Point)) warnings.AddRange(model.Warnings(data, estimation.Point));
        var record = new FitRecordData(
            estimation.Method, estimation.Status, estimation.Problem, estimation.Point,
            double.IsNaN(estimation.LogLikelihood) ? null : estimation.LogLikelihood,
            double.IsNaN(estimation.Objective) ? null : estimation.Objective,
            options.Method == FitMethod.MaximumLikelihood ? options.Penalty : 0,
            options.ConfidenceLevel, estimation.Estimates, estimation.Draws, estimation.DrawCount,
            estimation.Optimum is { } optimum ? OptimizerReport.From(optimum) : null,
            estimation.Summary is { } summary && estimation.Nuts is { } nuts ? SamplerDiagnostics.From(summary, nuts) : null,
            warnings, data.Description, data.Description.TimeUnit)
        {
            Gaussian = estimation.Gaussian,
            Nuts = estimation.Nuts,
            Summary = estimation.Summary,
            ParameterPenalties = options.Method == FitMethod.MaximumLikelihood && options.ParameterPenalties?.Any(v => v > 0) == true
                ? options.ParameterPenalties : null,
        };
        return model.CreateFit(record);
    }
}
