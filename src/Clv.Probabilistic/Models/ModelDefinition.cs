using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;

namespace Clv.Probabilistic.Models;

/// <summary>
/// Everything that is specific to one model, in one place: its name in files and on the command line, its parameters and
/// their unconstrained maps, the data its likelihood consumes, the log-likelihood with its analytic gradient, starting
/// values, default priors, identification checks, and the fitted form that makes its predictions and simulates it.
/// Fitting (<see cref="ModelFitter"/>), files (<c>Persistence.ModelFile</c>), intervals, evaluation, reports and the
/// command line are written once against this class and look models up in <see cref="ModelRegistry"/>.
/// </summary>
/// <remarks>See docs/architecture.md, "The model definition", for the checklist of adding a model.</remarks>
public abstract class ModelDefinition
{
    /// <summary>The model's name in model files and on the command line (for example <c>bgnbd</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Other spellings accepted on the command line (for example <c>bg-nbd</c>).</summary>
    public virtual IReadOnlyList<string> Aliases => [];

    /// <summary>The name people write (for example BG/NBD).</summary>
    public abstract string DisplayName { get; }

    /// <summary>What the model predicts.</summary>
    public abstract ModelKind Kind { get; }

    /// <summary>The paper that defines the model.</summary>
    public abstract string Reference { get; }

    /// <summary>The parameters in the papers' order, with their domains.</summary>
    public abstract ParameterSpace Parameters { get; }

    /// <summary>Whether the parameters carry a time unit (purchase models) or not (spend models record it only).</summary>
    public bool UsesTimeUnit => Kind == ModelKind.Purchase;

    /// <summary>The data the likelihood consumes, prepared from a summary (compressed rows with weights).</summary>
    /// <exception cref="ArgumentException">The summary cannot be fitted (the message names the row or the reason).</exception>
    public abstract ModelData Prepare(RfmSummary summary);

    /// <summary>
    /// The data of one group of customers that share their covariates: as <see cref="Prepare"/> but without the checks
    /// that the whole summary identifies the model (a group may, for example, have no repeat purchase).
    /// </summary>
    internal virtual ModelData PrepareGroup(RfmSummary summary) => Prepare(summary);

    /// <summary>
    /// The optional summary columns <see cref="Prepare"/> (and what a fit computes from its data) reads, besides ids,
    /// frequency and weights: a reader may leave the others out (<see cref="RfmSummaryCsv"/>). By kind: a purchase model
    /// reads t_x and T, a spend model the monetary value; any other model every column.
    /// </summary>
    internal virtual SummaryFields SummaryFields => Kind switch
    {
        ModelKind.Purchase => SummaryFields.Durations,
        ModelKind.Spend => SummaryFields.MonetaryValue,
        _ => SummaryFields.All,
    };

    /// <summary>
    /// Evaluates the likelihood once on a few made-up rows, so that its vectorised row kernels (which a ReadyToRun image
    /// cannot hold) are compiled, for example on a spare core while the data are read; does nothing for most models.
    /// </summary>
    internal virtual void WarmUp()
    {
    }

    /// <summary>
    /// How static covariates enter the model (<see cref="Covariates.CovariateDefinition"/>): which positive parameters each
    /// process's coefficients move and with which sign; empty when the model takes no covariates.
    /// </summary>
    public virtual IReadOnlyList<Covariates.CovariateLink> CovariateLinks => [];

    /// <summary>
    /// The log-likelihood of <paramref name="data"/> over the unconstrained θ of <see cref="Parameters"/>, with its
    /// analytic gradient; the same value for any thread count. Each call gives a new density sharing the data.
    /// </summary>
    public abstract ILogDensity LogLikelihood(ModelData data);

    /// <summary>Starting values on the natural scale, from the data.</summary>
    public abstract double[] StartingValues(ModelData data);

    /// <summary>Weakly informative priors, one per parameter, scaled to the data (see docs/bayesian.md).</summary>
    public abstract IReadOnlyList<ParameterPrior> DefaultPriors(ModelData data);

    /// <summary>
    /// Names the limit a fit ran towards when a parameter is not identified (for example "a, b → ∞ with a/(a + b)
    /// fixed"), given the natural estimate and the unconstrained standard errors; null when the model has nothing to add.
    /// </summary>
    public virtual string? DescribeLimit(IReadOnlyList<double> estimate, IReadOnlyList<double> unconstrainedStandardErrors) => null;

    /// <summary>
    /// The registered models this one contains as a limit of its parameters (GGom/NBD: Pareto/NBD as b → 0), which the
    /// model comparison tests by likelihood ratio; empty when it nests none.
    /// </summary>
    public virtual IReadOnlyList<NestedModel> Nests => [];

    /// <summary>Model-specific warnings about a fit at <paramref name="estimate"/> (for example a spend-frequency correlation).</summary>
    public virtual IEnumerable<string> Warnings(ModelData data, IReadOnlyList<double> estimate) => [];

    /// <summary>The fitted form of the model at natural values <paramref name="parameters"/>: an <see cref="IPurchaseModel"/>,
    /// an <see cref="ISpendModel"/>, an <see cref="IDiscretePurchaseModel"/> or an <see cref="IRetentionModel"/> according to
    /// <see cref="Kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value lies outside its domain.</exception>
    public abstract object CreateModel(ReadOnlySpan<double> parameters, TimeUnit timeUnit);

    /// <summary>The purchase model at natural values <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidOperationException">This is not a purchase model.</exception>
    public IPurchaseModel CreatePurchaseModel(ReadOnlySpan<double> parameters, TimeUnit timeUnit) =>
        CreateModel(parameters, timeUnit) as IPurchaseModel
        ?? throw new InvalidOperationException($"{DisplayName} ('{Name}') is a {Kind.ToString().ToLowerInvariant()} model, not a purchase model.");

    /// <summary>The discrete-opportunity purchase model at natural values <paramref name="parameters"/>, with periods of <paramref name="period"/>.</summary>
    /// <exception cref="InvalidOperationException">This is not a discrete purchase model.</exception>
    public IDiscretePurchaseModel CreateDiscretePurchaseModel(ReadOnlySpan<double> parameters, TimeUnit period) =>
        CreateModel(parameters, period) as IDiscretePurchaseModel
        ?? throw new InvalidOperationException($"{DisplayName} ('{Name}') is a {Kind.ToString().ToLowerInvariant()} model, not a discrete purchase model.");

    /// <summary>The spend model at natural values <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidOperationException">This is not a spend model.</exception>
    public ISpendModel CreateSpendModel(ReadOnlySpan<double> parameters) =>
        CreateModel(parameters, TimeUnit.Weeks) as ISpendModel
        ?? throw new InvalidOperationException($"{DisplayName} ('{Name}') is a {Kind.ToString().ToLowerInvariant()} model, not a spend model.");

    /// <summary>The retention model at natural values <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidOperationException">This is not a retention model.</exception>
    public IRetentionModel CreateRetentionModel(ReadOnlySpan<double> parameters) =>
        CreateModel(parameters, TimeUnit.Weeks) as IRetentionModel
        ?? throw new InvalidOperationException($"{DisplayName} ('{Name}') is a {Kind.ToString().ToLowerInvariant()} model, not a retention model.");

    /// <inheritdoc />
    public override string ToString() => $"{DisplayName} ({Name})";

    /// <summary>Wraps a fit in the typed result.</summary>
    internal abstract ModelFit CreateFit(FitRecordData record);
}

/// <summary>A model definition with its typed parameters and its typed fitted form.</summary>
/// <typeparam name="TParameters">The parameter record (for example <c>BgNbdParameters</c>).</typeparam>
/// <typeparam name="TModel">The fitted form (for example <c>BgNbdModel</c>).</typeparam>
public abstract class ModelDefinition<TParameters, TModel> : ModelDefinition
    where TParameters : class
    where TModel : class
{
    /// <summary>The parameter record of natural values in the order of <see cref="ModelDefinition.Parameters"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value lies outside its domain (the message names it).</exception>
    public abstract TParameters CreateParameters(ReadOnlySpan<double> values);

    /// <summary>The natural values of <paramref name="parameters"/>, in the order of <see cref="ModelDefinition.Parameters"/>.</summary>
    public abstract double[] ToValues(TParameters parameters);

    /// <summary>The fitted form at <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter lies outside the range the library supports.</exception>
    public abstract TModel CreateModel(TParameters parameters, TimeUnit timeUnit);

    /// <summary>
    /// <paramref name="parameters"/>, checked against the range the library supports (<see cref="ParameterSpace.ThrowIfUnsupported"/>):
    /// every fitted form's constructor passes its parameters through here.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter lies outside the supported range (the message names it, its value and the range).</exception>
    internal TParameters Supported(TParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters.ThrowIfUnsupported(ToValues(parameters), DisplayName);
        return parameters;
    }

    /// <inheritdoc />
    public sealed override object CreateModel(ReadOnlySpan<double> parameters, TimeUnit timeUnit) =>
        CreateModel(CreateParameters(parameters), timeUnit);

    internal sealed override ModelFit CreateFit(FitRecordData record) => new ModelFit<TParameters, TModel>(this, record);
}
