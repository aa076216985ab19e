using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Models;

/// <summary>The fields of a fit, from the fit engine or from a model file.</summary>
internal sealed record FitRecordData(
    FitMethod Method,
    FitStatus Status,
    string? Problem,
    double[] Point,
    double? LogLikelihood,
    double? Objective,
    double Penalty,
    double ConfidenceLevel,
    IReadOnlyList<ParameterEstimate> Estimates,
    Lazy<ParameterDraws>? Draws,
    int DrawCount,
    OptimizerReport? Optimizer,
    SamplerDiagnostics? Sampler,
    IReadOnlyList<string> Warnings,
    DataDescription? Data,
    TimeUnit TimeUnit)
{
    public GaussianApproximation? Gaussian { get; init; }

    public NutsResult? Nuts { get; init; }

    public PosteriorSummary? Summary { get; init; }

    public IReadOnlyList<double>? ParameterPenalties { get; init; }
}

/// <summary>
/// The one result of fitting any model by any method: the point estimate, draws of the parameters (posterior draws, or
/// draws from the asymptotic normal of the estimate), standard errors and intervals, diagnostics, the verdict and its
/// warnings, the method, the time unit and what the data held. Predictions, CLV, intervals, evaluation, reports and
/// model files all take it.
/// </summary>
/// <remarks>
/// Point estimate: the MLE, the mode (MAP, Laplace), or the posterior mean of φ (NUTS). Draws: g(θ) for θ from
/// N(θ̂, (−H)⁻¹) on the unconstrained scale (MLE, MAP, Laplace); the sampler's draws (NUTS). The verdict comes from
/// <see cref="FitVerdict"/>, the same for every model and method.
/// </remarks>
public abstract class ModelFit
{
    private readonly FitRecordData _record;

    private protected ModelFit(ModelDefinition definition, FitRecordData record)
    {
        Definition = definition;
        _record = record;
    }

    /// <summary>The model that was fitted.</summary>
    public ModelDefinition Definition { get; }

    /// <summary>How it was fitted.</summary>
    public FitMethod Method => _record.Method;

    /// <summary>The verdict: converged, not converged, or not identified.</summary>
    public FitStatus Status => _record.Status;

    /// <summary>Whether the verdict is <see cref="FitStatus.Converged"/>.</summary>
    public bool IsReliable => Status == FitStatus.Converged;

    /// <summary>What is wrong, in words, when <see cref="IsReliable"/> is false; otherwise null.</summary>
    public string? Problem => _record.Problem;

    /// <summary>The point estimate on the natural scale, in the order of <see cref="ModelDefinition.Parameters"/>.</summary>
    public IReadOnlyList<double> Values => _record.Point;

    /// <summary>Per parameter: estimate, standard error and interval; empty when the curvature was not usable.</summary>
    public IReadOnlyList<ParameterEstimate> Estimates => _record.Estimates;

    /// <summary>Level of the intervals in <see cref="Estimates"/>.</summary>
    public double ConfidenceLevel => _record.ConfidenceLevel;

    /// <summary>The log-likelihood at the point estimate, without any penalty or prior; null when not known.</summary>
    public double? LogLikelihood => _record.LogLikelihood;

    /// <summary>The maximised objective: the penalised log-likelihood, or the log posterior for MAP and Laplace.</summary>
    public double? Objective => _record.Objective;

    /// <summary>L2 penalty weight of a penalised maximum-likelihood fit (0 otherwise).</summary>
    public double Penalty => _record.Penalty;

    /// <summary>Per-parameter L2 penalty weights added to <see cref="Penalty"/> (<see cref="FitOptions.ParameterPenalties"/>), or null.</summary>
    public IReadOnlyList<double>? ParameterPenalties => _record.ParameterPenalties;

    /// <summary>Whether the fit maximised a penalised likelihood (its <see cref="Objective"/> then differs from <see cref="LogLikelihood"/>).</summary>
    public bool IsPenalized => Penalty > 0 || ParameterPenalties?.Any(v => v > 0) == true;

    /// <summary>Draws of the parameters on the natural scale with their chains; null when the fit has none (a fit
    /// whose curvature was not usable, or a model file written without draws).</summary>
    public ParameterDraws? Draws => _record.Draws?.Value;

    /// <summary>Number of draws the fit carries (0 when none), without making them.</summary>
    public int DrawCount => _record.DrawCount;

    /// <summary>How the optimiser stopped (MLE, MAP, Laplace), or null.</summary>
    public OptimizerReport? Optimizer => _record.Optimizer;

    /// <summary>R̂, ESS and divergences (NUTS), or null.</summary>
    public SamplerDiagnostics? Sampler => _record.Sampler;

    /// <summary>The normal approximation on the unconstrained scale (MLE, MAP, Laplace, in this process), or null.</summary>
    public GaussianApproximation? Gaussian => _record.Gaussian;

    /// <summary>The sampler's result (NUTS, in this process), or null.</summary>
    public NutsResult? Nuts => _record.Nuts;

    /// <summary>Posterior summary with R̂ and ESS (NUTS, in this process), or null.</summary>
    public PosteriorSummary? Summary => _record.Summary;

    /// <summary>Plain-language warnings: the verdict's problem, divergences, R̂ &gt; 1.01, low ESS, and the model's own.</summary>
    public IReadOnlyList<string> Warnings => _record.Warnings;

    /// <summary>What the data held, or null for a model file that did not record it.</summary>
    public DataDescription? Data => _record.Data;

    /// <summary>Unit of the durations (for spend models, the unit of the summary they were fitted on).</summary>
    public TimeUnit TimeUnit => _record.TimeUnit;

    internal FitRecordData Record => _record;

    /// <summary>The fitted purchase model at the point estimate.</summary>
    /// <exception cref="InvalidOperationException">This is a spend model.</exception>
    public IPurchaseModel PurchaseModel() => Definition.CreatePurchaseModel(_record.Point, TimeUnit);

    /// <summary>The fitted spend model at the point estimate.</summary>
    /// <exception cref="InvalidOperationException">This is a purchase model.</exception>
    public ISpendModel SpendModel() => Definition.CreateSpendModel(_record.Point);

    /// <summary>The fitted retention model at the point estimate.</summary>
    /// <exception cref="InvalidOperationException">This is not a retention model.</exception>
    public IRetentionModel RetentionModel() => Definition.CreateRetentionModel(_record.Point);
    /// <summary>The fitted discrete-opportunity purchase model at the point estimate.</summary>
    /// <exception cref="InvalidOperationException">This is not a discrete purchase model.</exception>
    public IDiscretePurchaseModel DiscretePurchaseModel() => Definition.CreateDiscretePurchaseModel(_record.Point, TimeUnit);

    /// <summary>The draws, or an error saying how to get them.</summary>
    /// <exception cref="InvalidOperationException">The fit carries no draws.</exception>
    public ParameterDraws RequireDraws() => Draws ?? throw new InvalidOperationException(
        $"The {Definition.DisplayName} fit ({Method.ToName()}) carries no parameter draws: {(Status != FitStatus.Converged ? Problem : "it was saved without them")}.");

    /// <summary>The same fit with <paramref name="count"/> draws kept evenly spaced (all when count ≥ the draws).</summary>
    internal ParameterDraws Thinned(int count)
    {
        var draws = RequireDraws();
        if (count >= draws.Count) return draws;
        int d = draws.Dimension;
        var values = new double[count * d];
        for (int k = 0; k < count; k++)
            draws.Draw((int)((long)k * draws.Count / count)).CopyTo(values.AsSpan(k * d, d));
        return new ParameterDraws(draws.Names, values);
    }

    /// <summary>One line: model, method, verdict and estimates.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var values = string.Join(", ", Definition.Parameters.Names.Select((n, j) => string.Create(c, $"{n} = {Values[j]:G6}")));
        return $"{Definition.DisplayName} ({Method.Describe()}, {Status}): {values}";
    }
}

/// <summary>A fit with its typed parameters and fitted form.</summary>
/// <typeparam name="TParameters">The parameter record.</typeparam>
/// <typeparam name="TModel">The fitted form (purchase or spend model).</typeparam>
public sealed class ModelFit<TParameters, TModel> : ModelFit
    where TParameters : class
    where TModel : class
{
    internal ModelFit(ModelDefinition<TParameters, TModel> definition, FitRecordData record)
        : base(definition, record)
    {
        TypedDefinition = definition;
    }

    private ModelDefinition<TParameters, TModel> TypedDefinition { get; }

    private TParameters? _point;
    private TModel? _model;

    /// <summary>The point estimate as the model's parameter record.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fit ran out of the parameter domain (see <see cref="ModelFit.Problem"/>).</exception>
    public TParameters PointEstimate => _point ??= TypedDefinition.CreateParameters(Record.Point);

    /// <summary>The fitted model at the point estimate.</summary>
    public TModel Model => _model ??= TypedDefinition.CreateModel(PointEstimate, TimeUnit);

    /// <summary>The parameters of draw <paramref name="draw"/>.</summary>
    public TParameters DrawParameters(int draw) => TypedDefinition.CreateParameters(RequireDraws().Draw(draw));

    /// <summary>The fitted model at draw <paramref name="draw"/>.</summary>
    public TModel DrawModel(int draw) => TypedDefinition.CreateModel(DrawParameters(draw), TimeUnit);
}
