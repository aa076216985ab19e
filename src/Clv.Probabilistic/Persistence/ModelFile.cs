using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.Covariates;

namespace Clv.Probabilistic.Persistence;

/// <summary>
/// The one reader and writer of model files for every registered model: a <see cref="ModelFit"/> to a
/// <see cref="ModelDocument"/> and back, the model looked up by name in <see cref="ModelRegistry"/>.
/// </summary>
/// <remarks>
/// A loaded fit predicts exactly as the saved one: the point estimate, the standard errors and the draws are stored in
/// shortest round-trip form. Draws of maximum-likelihood, MAP and Laplace fits are not stored one by one: the file keeps
/// the covariance of the normal approximation and the seed, and the same draws are generated again on loading. Files of
/// release 0.1.0 (without verdict or covariance) load with their parameters, errors and stored draws.
/// </remarks>
public static class ModelFile
{
    /// <summary>The document describing <paramref name="fit"/>.</summary>
    /// <param name="fit">The fit.</param>
    /// <param name="drawSeed">Seed the fit drew with (to regenerate draws of MLE, MAP and Laplace fits); null when unknown.</param>
    public static ModelDocument ToDocument(ModelFit fit, int? drawSeed = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var names = fit.Definition.Parameters.Names;
        var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int j = 0; j < names.Count; j++) parameters[names[j]] = fit.Values[j];
        Dictionary<string, double>? errors = null;
        if (fit.Estimates.Count == names.Count)
        {
            errors = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var estimate in fit.Estimates) errors[estimate.Name] = estimate.StandardError;
        }
        IReadOnlyList<IReadOnlyList<double>>? covariance = null;
        if (fit.Gaussian is { } gaussian && drawSeed is not null && fit.DrawCount > 0)
        {
            var rows = new IReadOnlyList<double>[gaussian.Dimension];
            for (int i = 0; i < rows.Length; i++) rows[i] = gaussian.Covariance.Slice(i * gaussian.Dimension, gaussian.Dimension).ToArray();
            covariance = rows;
        }
        DrawsRecord? draws = null;
        // The covariance first: a file that stores it regenerates the draws, so they must not be made here (reading
        // fit.Draws makes an MLE fit's draws, 4,000 of them for `clv fit`).
        if (covariance is null && fit.Draws is { } d)
        {
            var values = new IReadOnlyList<double>[d.Count];
            for (int k = 0; k < values.Length; k++) values[k] = d.Draw(k).ToArray();
            draws = new DrawsRecord(d.Names, values, d.ChainCount > 1 ? d.Chains.ToArray() : null);
        }
        DiagnosticsRecord? diagnostics = fit.Sampler is { } sampler
            ? new DiagnosticsRecord(Finite(sampler.RHat), Finite(sampler.EssBulk), Finite(sampler.EssTail), sampler.Divergences, fit.Warnings)
            : null;
        return new ModelDocument
        {
            Model = fit.Definition.Name,
            TimeUnit = fit.TimeUnit.Name,
            TimeUnitDays = fit.TimeUnit.DaysPerUnit,
            Method = fit.Method.ToName(),
            Status = StatusName(fit.Status),
            Problem = fit.Problem,
            Parameters = parameters,
            StandardErrors = errors,
            LogLikelihood = fit.LogLikelihood,
            Objective = fit.Objective is { } objective && objective != fit.LogLikelihood ? objective : null,
            Penalty = fit.Penalty > 0 ? fit.Penalty : null,
            ConfidenceLevel = fit.Estimates.Count > 0 ? fit.ConfidenceLevel : null,
            Fit = fit.Optimizer is { } o && fit.Data is { } data
                ? new FitRecord(o.Converged, o.Iterations, o.GradientNorm, data.Customers, o.Status)
                : null,
            Data = fit.Data is { } description
                ? new DataRecord(description.Customers, description.Rows, description.CompressedRows, description.ExcludedCustomers)
                : null,
            UnconstrainedCovariance = covariance,
            DrawSeed = covariance is null ? null : drawSeed,
            DrawCount = covariance is null ? null : fit.DrawCount,
            Draws = draws,
            Diagnostics = diagnostics,
            ParameterPenalties = fit.ParameterPenalties is { } weights && weights.Any(w => w > 0)
                ? names.Select((name, j) => (name, j)).Where(p => weights[p.j] > 0).ToDictionary(p => p.name, p => weights[p.j], StringComparer.Ordinal)
                : null,
            Covariates = fit.Definition is CovariateDefinition covariates ? CovariatesOf(covariates) : null,
        };
    }

    private static CovariatesRecord CovariatesOf(CovariateDefinition definition)
    {
        var specification = definition.Specification;
        return new CovariatesRecord(
            definition.Encoding.Columns.Select(c => new CovariateColumnRecord(c.Column, c.ReferenceLevel, c.IsCategorical ? c.Levels : null, c.Centre, c.Scale)).ToArray(),
            specification.Transaction, specification.Lifetime, specification.Spend,
            specification.Constrained.Count > 0 ? specification.Constrained.ToArray() : null);
    }

    /// <summary>Writes the model file of <paramref name="fit"/>.</summary>
    public static void Save(ModelFit fit, string path, int? drawSeed = null) => ToDocument(fit, drawSeed).Save(path);

    /// <summary>Reads a model file of any registered model.</summary>
    /// <exception cref="ModelFileException">The file is missing, invalid, inconsistent or holds an unknown model; the message names the file.</exception>
    public static ModelFit Load(string path)
    {
        var document = ModelDocument.Load(path);
        try
        {
            return FromDocument(document);
        }
        catch (ModelFileException e)
        {
            throw new ModelFileException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads a model file of any registered model, binding a model with static covariates to the customers of
    /// <paramref name="covariates"/> so that it predicts for them (each customer's covariates are encoded as at the fit).
    /// </summary>
    /// <param name="path">The model file.</param>
    /// <param name="covariates">The covariates of the customers to predict; ignored when the model has no covariates.</param>
    /// <exception cref="ModelFileException">The file is missing, invalid or inconsistent; the message names the file.</exception>
    /// <exception cref="ClvDataException">The covariates lack a column of the model, or hold a level or a value the fit's encoding cannot take (file, line, column and customer named).</exception>
    /// <remarks><see cref="Load(string)"/> reads a model with covariates bound to no customer: its coefficients and
    /// document are complete, and <see cref="CovariateModelFit.WithCovariates(CovariateTable)"/> binds it later.</remarks>
    public static ModelFit Load(string path, CovariateTable covariates)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        var fit = Load(path);
        return fit is CovariateModelFit bound ? bound.WithCovariates(covariates) : fit;
    }

    /// <summary>Reads a model file that must hold <paramref name="model"/>.</summary>
    /// <exception cref="ModelFileException">The file is invalid or holds another model.</exception>
    public static ModelFit<TParameters, TModel> Load<TParameters, TModel>(string path, ModelDefinition<TParameters, TModel> model)
        where TParameters : class
        where TModel : class
    {
        var fit = Load(path);
        return fit as ModelFit<TParameters, TModel> ?? throw new ModelFileException(
            $"{path}: the model file holds a '{fit.Definition.Name}' model{(fit is CovariateModelFit ? " with covariates" : "")} where a '{model.Name}' model is needed.");
    }

    /// <summary>The diagnostics that could be computed: a NaN (draws that do not vary) is left out of the file, whose
    /// warnings say so, since strict JSON has no NaN.</summary>
    private static Dictionary<string, double> Finite(IReadOnlyDictionary<string, double> values) =>
        values.Where(v => double.IsFinite(v.Value)).ToDictionary(v => v.Key, v => v.Value);

    /// <summary>Most parameter draws a model file may ask to be regenerated (ten million: about a second, 0.3 GB for four parameters).</summary>
    internal const int MaxDrawCount = 10_000_000;

    /// <summary>The fit a document describes.</summary>
    /// <exception cref="ModelFileException">The model is unknown, a parameter is missing, unknown or outside its domain, or the draws do not match.</exception>
    public static ModelFit FromDocument(ModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var registered = ModelRegistry.Find(document.Model) ?? throw new ModelFileException(
            $"unknown model '{document.Model}': this library reads {string.Join(", ", ModelRegistry.All.Select(m => m.Name))}.");
        var model = document.Covariates is { } covariates ? WithCovariates(registered, covariates) : registered;
        var space = model.Parameters;
        foreach (var name in document.Parameters.Keys)
            if (space.IndexOf(name) < 0)
                throw new ModelFileException($"model '{model.Name}' has no parameter '{name}' (its parameters are {string.Join(", ", space.Names)}).");
        var point = new double[space.Dimension];
        for (int j = 0; j < point.Length; j++) point[j] = document.Parameter(space.Names[j]);
        int outside = space.FirstOutside(point);
        if (outside >= 0) throw new ModelFileException($"model '{model.Name}': {space.OutsideDomain(outside, point[outside]).Message}");
        int unsupported = space.FirstUnsupported(point);
        if (unsupported >= 0)
            throw new ModelFileException($"model '{model.Name}': {space.UnsupportedMessage(unsupported, point[unsupported])}; fit the model again.");

        FitMethod method;
        try
        {
            method = FitMethodNames.Parse(document.Method);
        }
        catch (ArgumentException e)
        {
            throw new ModelFileException($"model '{model.Name}': {e.Message}", e);
        }
        var status = ParseStatus(document.Status, document.Fit);
        double level = document.ConfidenceLevel ?? 0.95;
        var (lazyDraws, drawCount, storedDraws) = ReadDraws(document, space, point);
        var estimates = Estimates(document, space, point, storedDraws, method, level);
        var warnings = document.Diagnostics?.Warnings ?? (document.Problem is { } p ? [$"{status}: {p}"] : []);
        var record = new FitRecordData(method, status, document.Problem, point, document.LogLikelihood,
            document.Objective ?? document.LogLikelihood, document.Penalty ?? 0, level, estimates,
            lazyDraws, drawCount,
            document.Fit is { } f ? new OptimizerReport(f.Converged, f.Iterations, 0, f.GradientNorm, f.Status ?? "") : null,
            document.Diagnostics is { } dg ? new SamplerDiagnostics(dg.RHat, dg.EssBulk, dg.EssTail ?? new Dictionary<string, double>(), dg.Divergences) : null,
            warnings,
            document.Data is { } data ? new DataDescription(data.Customers, data.Rows, data.CompressedRows, data.ExcludedCustomers, document.Unit)
                : document.Fit is { } old ? new DataDescription(old.Customers, 0, 0, 0, document.Unit) : null,
            document.Unit)
        {
            ParameterPenalties = ParameterPenalties(document, space),
        };
        return model.CreateFit(record);
    }

    /// <summary>
    /// The model with the file's covariates, bound to no customer: the encoding, the specification and so the coefficient
    /// names are those of the fit; <see cref="CovariateModelFit.WithCovariates(CovariateTable)"/> binds customers.
    /// </summary>
    private static CovariateDefinition WithCovariates(ModelDefinition model, CovariatesRecord record)
    {
        try
        {
            var encoding = new CovariateEncoding(record.Columns.Select(c => new CovariateColumnEncoding(
                c.Column, c.ReferenceLevel, c.ReferenceLevel is null ? [] : c.Levels ?? [], c.Centre, c.Scale)).ToArray());
            if (record.Columns.FirstOrDefault(c => c.ReferenceLevel is null && c.Levels is { Count: > 0 }) is { } numeric)
                throw new ArgumentException($"covariate '{numeric.Column}' has levels but no reference level.");
            var none = CovariateTable.FromText([], encoding.Columns.Select(c => (c.Column, (IReadOnlyList<string>)[])).ToArray());
            return new CovariateDefinition(model, encoding, encoding.Encode(none), new CovariateSpecification
            {
                Transaction = record.Transaction,
                Lifetime = record.Lifetime,
                Spend = record.Spend,
                Constrained = record.Constrained ?? [],
            });
        }
        catch (ArgumentException e)
        {
            throw new ModelFileException($"model '{model.Name}', covariates: {e.Message}", e);
        }
    }

    private static double[]? ParameterPenalties(ModelDocument document, ParameterSpace space)
    {
        if (document.ParameterPenalties is not { } weights) return null;
        foreach (var name in weights.Keys)
            if (space.IndexOf(name) < 0)
                throw new ModelFileException($"parameter_penalties names '{name}', which is not a parameter of model '{document.Model}' ({string.Join(", ", space.Names)}).");
        return space.Names.Select(name => weights.TryGetValue(name, out double w) ? w : 0).ToArray();
    }

    private static string StatusName(FitStatus status) => status switch
    {
        FitStatus.Converged => "converged",
        FitStatus.NotConverged => "not_converged",
        _ => "not_identified",
    };

    private static FitStatus ParseStatus(string? text, FitRecord? fit) => text switch
    {
        null => fit is { Converged: false } ? FitStatus.NotConverged : FitStatus.Converged,
        "converged" => FitStatus.Converged,
        "not_converged" => FitStatus.NotConverged,
        "not_identified" => FitStatus.NotIdentified,
        _ => throw new ModelFileException($"status '{text}' is not converged, not_converged or not_identified."),
    };

    /// <summary>
    /// The draws a file holds or asks for: those regenerated from the covariance are made when first used (the
    /// covariance is checked now), stored draws are read now.
    /// </summary>
    private static (Lazy<ParameterDraws>? Draws, int Count, ParameterDraws? Stored) ReadDraws(ModelDocument document, ParameterSpace space, double[] point)
    {
        if (document.UnconstrainedCovariance is { } rows)
        {
            int n = space.Dimension;
            if (rows.Count != n || rows.Any(r => r.Count != n))
                throw new ModelFileException($"'unconstrained_covariance' must be {n} × {n} for model '{document.Model}'.");
            var covariance = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) covariance[i * n + j] = rows[i][j];
            var theta = space.ToUnconstrained(point);
            if (document.DrawSeed is not int seed || document.DrawCount is not int count || count <= 0)
                throw new ModelFileException("'unconstrained_covariance' needs 'draw_seed' and a positive 'draw_count'.");
            if (count > MaxDrawCount)
                throw new ModelFileException(string.Create(CultureInfo.InvariantCulture,
                    $"'draw_count' {count} is more than {MaxDrawCount:N0}, the most draws a model file may ask for (they are made when the file is read)."));
            if (Cholesky.TryFactor(covariance, n, out int pivot) is not { } factor)
            {
                var e = new NotPositiveDefiniteException(pivot, space.Names[pivot]);
                throw new ModelFileException($"'unconstrained_covariance' is not positive definite ({e.Message}).", e);
            }
            return (new Lazy<ParameterDraws>(() => GaussianDraws.Draw(theta, factor, space.Names, count, seed, space.ToNatural)), count, null);
        }
        if (document.Draws is not { } record || record.Values.Count == 0) return (null, 0, null);
        if (!record.Names.SequenceEqual(space.Names))
            throw new ModelFileException($"the draws are of {string.Join(", ", record.Names)} but model '{document.Model}' has {string.Join(", ", space.Names)}.");
        var values = record.Values.SelectMany(v => v).ToArray();
        for (int k = 0; k < record.Values.Count; k++)
        {
            int outside = space.FirstOutside(values.AsSpan(k * space.Dimension, space.Dimension));
            if (outside >= 0)
                throw new ModelFileException(string.Create(CultureInfo.InvariantCulture,
                    $"draw {k}: {space.OutsideDomain(outside, values[k * space.Dimension + outside]).Message}"));
        }
        var stored = new ParameterDraws(record.Names, values, record.Chains?.ToArray() ?? default);
        return (new Lazy<ParameterDraws>(stored), stored.Count, stored);
    }

    private static IReadOnlyList<ParameterEstimate> Estimates(ModelDocument document, ParameterSpace space, double[] point,
        ParameterDraws? draws, FitMethod method, double level)
    {
        if (document.StandardErrors is not { } errors || !space.Names.All(errors.ContainsKey)) return [];
        var estimates = new ParameterEstimate[space.Dimension];
        for (int j = 0; j < estimates.Length; j++)
        {
            double se = errors[space.Names[j]];
            (double lower, double upper) = method == FitMethod.Nuts && draws is not null
                ? Valuation.Intervals.IntervalMath.EqualTailed(draws, j, level)
                : WaldFromStandardError(space, j, point[j], se, level);
            estimates[j] = new ParameterEstimate(space.Names[j], point[j], se, lower, upper);
        }
        return estimates;
    }

    /// <summary>The Wald interval rebuilt from a natural-scale standard error by inverting the delta method.</summary>
    private static (double, double) WaldFromStandardError(ParameterSpace space, int j, double value, double se, double level)
    {
        double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.5 + 0.5 * level);
        double theta = space.ToUnconstrained(j, value);
        double seTheta = se / Math.Abs(space.Derivative(j, theta));
        return (space.ToNatural(j, theta - z * seTheta), space.ToNatural(j, theta + z * seTheta));
    }
}
