using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;

namespace Clv.Probabilistic.Models.Covariates;

/// <summary>
/// A model with static covariates: the parameters of <see cref="Model"/> followed by one coefficient per covariate and
/// process, each customer's parameters moved by the model's <see cref="ModelDefinition.CovariateLinks"/>
/// (φ_i = φ·exp(±γ_process·z_i)). It is a <see cref="ModelDefinition"/> like any other, so the one fit path gives
/// maximum likelihood with standard errors, MAP, Laplace and NUTS, and predictions use each customer's own parameters.
/// </summary>
/// <remarks>
/// The likelihood groups customers by their covariate values: within a group every customer has the same parameters, so
/// the model's own likelihood (with its row compression) serves each group at shifted θ, and the chain rule gives the
/// coefficients' gradient: ∂ℓ/∂γ_{p,k} = Σ_groups Σ_links of p Sign·z_{g,k}·∂ℓ_g/∂θ_link.
/// </remarks>
public sealed class CovariateDefinition : ModelDefinition
{
    private static readonly CovariateProcess[] ProcessOrder = [CovariateProcess.Transaction, CovariateProcess.Lifetime, CovariateProcess.Spend];

    private readonly ParameterSpace _space;
    private readonly int[][] _coefficientOf;
    private readonly int[] _linkParameter;
    private readonly int[] _linkProcess;
    private readonly int[] _linkSign;

    /// <summary>Adds covariates to <paramref name="model"/>.</summary>
    /// <param name="model">A model with <see cref="ModelDefinition.CovariateLinks"/>.</param>
    /// <param name="encoding">How the covariate table became numbers (kept in model files).</param>
    /// <param name="covariates">The customers' encoded covariates, found by customer id.</param>
    /// <param name="specification">Which covariates act on which process; null for every covariate on every process.</param>
    /// <exception cref="ArgumentException">The model takes no covariates, the matrix does not match the encoding, or the specification names an unknown covariate or a process the model lacks.</exception>
    public CovariateDefinition(ModelDefinition model, CovariateEncoding encoding, CovariateMatrix covariates, CovariateSpecification? specification = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(covariates);
        if (model is CovariateDefinition) throw new ArgumentException("The model already has covariates.", nameof(model));
        if (model.CovariateLinks.Count == 0)
            throw new ArgumentException($"{model.DisplayName} ('{model.Name}') takes no static covariates; the models that do: {string.Join(", ", ModelRegistry.All.Where(m => m.CovariateLinks.Count > 0).Select(m => m.Name))}.", nameof(model));
        if (!covariates.Names.SequenceEqual(encoding.Names, StringComparer.Ordinal))
            throw new ArgumentException($"The covariates ({string.Join(", ", covariates.Names)}) were not encoded by this encoding ({string.Join(", ", encoding.Names)}).", nameof(covariates));
        Model = model;
        Encoding = encoding;
        Covariates = covariates;
        Specification = specification ?? CovariateSpecification.All;

        var processes = model.CovariateLinks.Select(l => l.Process).Distinct().ToArray();
        foreach (var process in ProcessOrder.Except(processes))
            if (Specification.For(process) is { Count: > 0 } named)
                throw new ArgumentException($"{model.DisplayName} has no {Describe(process)} process, but covariates were named for it ({string.Join(", ", named)}).", nameof(specification));
        var constrained = new HashSet<string>(Specification.Constrained.SelectMany(Resolve), StringComparer.Ordinal);

        var parameters = model.Parameters.Parameters.ToList();
        _coefficientOf = new int[ProcessOrder.Length][];
        var shared = new Dictionary<string, int>(StringComparer.Ordinal);
        var coefficients = new List<CovariateCoefficient>();
        foreach (var process in ProcessOrder)
        {
            var of = _coefficientOf[(int)process] = Enumerable.Repeat(-1, encoding.Names.Count).ToArray();
            if (!processes.Contains(process)) continue;
            var selected = Specification.For(process) is { } names
                ? new HashSet<string>(names.SelectMany(Resolve), StringComparer.Ordinal)
                : new HashSet<string>(encoding.Names, StringComparer.Ordinal);
            for (int k = 0; k < encoding.Names.Count; k++)
            {
                string name = encoding.Names[k];
                if (!selected.Contains(name)) continue;
                if (constrained.Contains(name) && shared.TryGetValue(name, out int index))
                {
                    of[k] = index;
                    coefficients[index - model.Parameters.Dimension].AddProcess(process);
                    continue;
                }
                string parameter = constrained.Contains(name) ? name : $"{Prefix(process)}.{name}";
                of[k] = parameters.Count;
                if (constrained.Contains(name)) shared[name] = parameters.Count;
                parameters.Add(new ParameterInfo(parameter, ParameterDomain.Real,
                    $"coefficient of covariate {name} on the {Describe(process)} process"));
                coefficients.Add(new CovariateCoefficient(parameter, name, process));
            }
        }
        if (coefficients.Count == 0) throw new ArgumentException("The specification leaves no covariate on any process.", nameof(specification));
        foreach (var name in constrained)
            if (coefficients.FirstOrDefault(c => c.Covariate == name) is not { Processes.Count: > 1 })
                throw new ArgumentException($"Covariate '{name}' is constrained equal across processes but acts on fewer than two.", nameof(specification));
        _space = new ParameterSpace(parameters);
        CoefficientLayout = coefficients;

        var links = model.CovariateLinks;
        _linkParameter = new int[links.Count];
        _linkProcess = new int[links.Count];
        _linkSign = new int[links.Count];
        for (int l = 0; l < links.Count; l++)
        {
            int j = model.Parameters.IndexOf(links[l].Parameter);
            if (j < 0 || model.Parameters.Parameters[j].Domain != ParameterDomain.Positive || Math.Abs(links[l].Sign) != 1)
                throw new InvalidOperationException($"{model.DisplayName} declares an invalid covariate link on '{links[l].Parameter}'.");
            _linkParameter[l] = j;
            _linkProcess[l] = (int)links[l].Process;
            _linkSign[l] = links[l].Sign;
        }
    }

    /// <summary>Adds covariates read as <paramref name="table"/>, learning their encoding from it.</summary>
    /// <exception cref="ClvDataException">The table cannot be encoded (the message names file, line, column and customer).</exception>
    public static CovariateDefinition Create(ModelDefinition model, CovariateTable table, CovariateSpecification? specification = null,
        CovariateEncodingOptions? encodingOptions = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var encoding = CovariateEncoding.Learn(table, encodingOptions);
        return new CovariateDefinition(model, encoding, encoding.Encode(table), specification);
    }

    /// <summary>The model without covariates.</summary>
    public ModelDefinition Model { get; }

    /// <summary>The distinct covariate rows of <see cref="Covariates"/>, found once and shared by every fitted form (each parameter draw's).</summary>
    internal MatrixGroups MatrixGroups => _matrixGroups ??= GroupMatrix(Covariates);

    private MatrixGroups? _matrixGroups;

    private static MatrixGroups GroupMatrix(CovariateMatrix covariates)
    {
        var groups = CustomerGroups.Group(covariates, covariates.Count, i => i);
        var groupOfRow = new int[covariates.Count];
        for (int g = 0; g < groups.Count; g++)
            foreach (int row in groups[g].Members) groupOfRow[row] = g;
        return new MatrixGroups(groupOfRow, groups.Select(g => g.CovariateRow).ToArray(), groups.Select(g => g.Members.Length).ToArray());
    }

    /// <summary>How the covariates were encoded.</summary>
    public CovariateEncoding Encoding { get; }

    /// <summary>The customers' encoded covariates.</summary>
    public CovariateMatrix Covariates { get; }

    /// <summary>Which covariates act on which process.</summary>
    public CovariateSpecification Specification { get; }

    /// <summary>The coefficients after the model's own parameters, in parameter order.</summary>
    public IReadOnlyList<CovariateCoefficient> CoefficientLayout { get; }

    /// <summary>Number of the model's own parameters (the coefficients follow them).</summary>
    public int ModelDimension => Model.Parameters.Dimension;

    /// <inheritdoc />
    public override string Name => Model.Name;

    /// <inheritdoc />
    public override string DisplayName => $"{Model.DisplayName} with covariates";

    /// <inheritdoc />
    public override ModelKind Kind => Model.Kind;

    /// <inheritdoc />
    public override string Reference => Model.Reference;

    /// <inheritdoc />
    public override ParameterSpace Parameters => _space;

    /// <inheritdoc />
    public override IReadOnlyList<CovariateLink> CovariateLinks => [];

    /// <summary>The same model and coefficients for other customers' covariates (to score customers the fit did not see).</summary>
    /// <exception cref="ArgumentException">The matrix was encoded differently.</exception>
    public CovariateDefinition WithCovariates(CovariateMatrix covariates) => new(Model, Encoding, covariates, Specification);

    /// <summary>
    /// The same model without covariate column <paramref name="column"/> (or one encoded covariate) on any process: the
    /// restricted model of a likelihood-ratio test; the model without covariates when none would remain.
    /// </summary>
    /// <exception cref="ArgumentException">No covariate has that name.</exception>
    public ModelDefinition Without(string column)
    {
        var removed = new HashSet<string>(Resolve(column), StringComparer.Ordinal);
        IReadOnlyList<string> Remaining(CovariateProcess process) => CoefficientLayout
            .Where(c => c.Processes.Contains(process) && !removed.Contains(c.Covariate)).Select(c => c.Covariate).ToArray();
        var specification = new CovariateSpecification
        {
            Transaction = Remaining(CovariateProcess.Transaction),
            Lifetime = Remaining(CovariateProcess.Lifetime),
            Spend = Remaining(CovariateProcess.Spend),
            Constrained = CoefficientLayout.Where(c => c.Processes.Count > 1 && !removed.Contains(c.Covariate)).Select(c => c.Covariate).ToArray(),
        };
        return CoefficientLayout.All(c => removed.Contains(c.Covariate)) ? Model : new CovariateDefinition(Model, Encoding, Covariates, specification);
    }

    /// <summary>The model's own parameters for a customer with covariates <paramref name="z"/>, at natural values <paramref name="values"/> of every parameter.</summary>
    public double[] CustomerParameters(ReadOnlySpan<double> values, ReadOnlySpan<double> z)
    {
        if (values.Length != _space.Dimension) throw new ArgumentException($"{values.Length} values for the {_space.Dimension} parameters.", nameof(values));
        if (z.Length != Encoding.Names.Count) throw new ArgumentException($"{z.Length} covariates; the encoding has {Encoding.Names.Count}.", nameof(z));
        var own = values[..ModelDimension].ToArray();
        Span<double> shift = stackalloc double[own.Length];
        Shift(values, z, shift);
        for (int j = 0; j < own.Length; j++)
            if (shift[j] != 0) own[j] *= Math.Exp(shift[j]);
        return own;
    }

    /// <summary>The shift Sign·γ·z of each of the model's own parameters on the log scale.</summary>
    internal void Shift(ReadOnlySpan<double> values, ReadOnlySpan<double> z, Span<double> shift)
    {
        shift.Clear();
        for (int l = 0; l < _linkParameter.Length; l++)
        {
            var of = _coefficientOf[_linkProcess[l]];
            double sum = 0;
            for (int k = 0; k < of.Length; k++)
                if (of[k] >= 0) sum += values[of[k]] * z[k];
            shift[_linkParameter[l]] += _linkSign[l] * sum;
        }
    }

    /// <summary>Adds the chain rule of one group: ∂ℓ/∂γ_{p,k} += Sign·z_k·∂ℓ_g/∂θ_link.</summary>
    internal void AddCoefficientGradient(ReadOnlySpan<double> groupGradient, ReadOnlySpan<double> z, Span<double> gradient)
    {
        for (int l = 0; l < _linkParameter.Length; l++)
        {
            var of = _coefficientOf[_linkProcess[l]];
            double g = _linkSign[l] * groupGradient[_linkParameter[l]];
            for (int k = 0; k < of.Length; k++)
                if (of[k] >= 0) gradient[of[k]] += g * z[k];
        }
    }

    /// <summary>
    /// L2 penalty weights per parameter for <see cref="FitOptions.ParameterPenalties"/>: <paramref name="transaction"/> on
    /// the transaction coefficients, <paramref name="lifetime"/> on the lifetime ones, <paramref name="spend"/> on the spend
    /// ones, the larger of its processes' weights on a coefficient shared across processes, 0 on the model's own parameters.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative or not finite.</exception>
    public double[] Penalties(double transaction = 0, double lifetime = 0, double spend = 0)
    {
        foreach (var (value, name) in new[] { (transaction, nameof(transaction)), (lifetime, nameof(lifetime)), (spend, nameof(spend)) })
            if (!(value >= 0) || !double.IsFinite(value)) throw new ArgumentOutOfRangeException(name, value, "A penalty weight must be finite and ≥ 0.");
        var weights = new double[_space.Dimension];
        for (int c = 0; c < CoefficientLayout.Count; c++)
            weights[ModelDimension + c] = CoefficientLayout[c].Processes.Max(p => p switch
            {
                CovariateProcess.Transaction => transaction,
                CovariateProcess.Lifetime => lifetime,
                _ => spend,
            });
        return weights;
    }

    /// <summary>The encoded covariates each process uses (for the collinearity check).</summary>
    internal IEnumerable<(CovariateProcess Process, int[] Columns)> ColumnsByProcess() =>
        ProcessOrder.Select(p => (p, Enumerable.Range(0, Encoding.Names.Count).Where(k => _coefficientOf[(int)p][k] >= 0).ToArray()))
            .Where(t => t.Item2.Length > 0);

    /// <inheritdoc />
    /// <exception cref="ClvDataException">A customer has no covariates, or covariates are perfectly collinear over the fitted customers.</exception>
    public override ModelData Prepare(RfmSummary summary) => CovariateData.Create(this, summary);

    /// <inheritdoc />
    public override ILogDensity LogLikelihood(ModelData data) => new CovariateLogLikelihood(this, Data(data));

    /// <inheritdoc />
    /// <remarks>The model's own start on the pooled customers, every coefficient 0.</remarks>
    public override double[] StartingValues(ModelData data) =>
        [.. Model.StartingValues(Data(data).Pooled), .. new double[CoefficientLayout.Count]];

    /// <inheritdoc />
    /// <remarks>The model's own priors on the pooled customers; Normal(0, 2.5) on each coefficient (an effect of a
    /// standardised or 0/1 covariate beyond a factor e^5 on a rate is implausible).</remarks>
    public override IReadOnlyList<ParameterPrior> DefaultPriors(ModelData data) =>
        [.. Model.DefaultPriors(Data(data).Pooled), .. CoefficientLayout.Select(_ => (ParameterPrior)new NormalPrior(0, 2.5))];

    /// <inheritdoc />
    public override string? DescribeLimit(IReadOnlyList<double> estimate, IReadOnlyList<double> unconstrainedStandardErrors) =>
        Model.DescribeLimit(estimate.Take(ModelDimension).ToArray(), unconstrainedStandardErrors.Take(ModelDimension).ToArray());

    /// <inheritdoc />
    public override IEnumerable<string> Warnings(ModelData data, IReadOnlyList<double> estimate) =>
        Model.Warnings(Data(data).Pooled, estimate.Take(ModelDimension).ToArray());

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A parameter lies outside the range the library supports; a customer's own
    /// parameters are checked when that customer's model is first needed (the message then names the customer).</exception>
    /// <returns>A <see cref="CovariatePurchaseModel"/>, <see cref="CovariateSpendModel"/> or <see cref="CovariateDiscretePurchaseModel"/> that finds each customer's covariates in <see cref="Covariates"/>.</returns>
    public override object CreateModel(ReadOnlySpan<double> parameters, TimeUnit timeUnit)
    {
        if (parameters.Length != _space.Dimension)
            throw new ArgumentException($"{DisplayName} has {_space.Dimension} parameters ({string.Join(", ", _space.Names)}), got {parameters.Length}.", nameof(parameters));
        _space.ThrowIfUnsupported(parameters, DisplayName);
        if (Covariates.Count == 0)
            throw new InvalidOperationException($"The {DisplayName} model has the covariates of no customer (as read from a model file): bind the customers to predict with ModelFile.Load(path, covariates) or CovariateModelFit.WithCovariates.");
        return Kind switch
        {
            ModelKind.Purchase when Model.CreateModel(parameters[..ModelDimension], timeUnit) is IDiscountedResidualPurchases =>
                new CovariateDiscountedPurchaseModel(this, parameters.ToArray(), timeUnit),
            ModelKind.Purchase => new CovariatePurchaseModel(this, parameters.ToArray(), timeUnit),
            ModelKind.Spend => new CovariateSpendModel(this, parameters.ToArray()),
            ModelKind.DiscretePurchase => new CovariateDiscretePurchaseModel(this, parameters.ToArray(), timeUnit),
            _ => throw new NotSupportedException($"Per-customer predictions with covariates are not available for {Kind.ToString().ToLowerInvariant()} models yet; fit and coefficient tests are."),
        };
    }

    internal override ModelData PrepareGroup(RfmSummary summary) => Prepare(summary);

    /// <inheritdoc />
    /// <remarks>Every column: the customers are split into groups and tested with the summary as read.</remarks>
    internal override SummaryFields SummaryFields => SummaryFields.All;

    internal override ModelFit CreateFit(FitRecordData record) => new CovariateModelFit(this, record);

    private IEnumerable<string> Resolve(string name)
    {
        if (Encoding.Names.Contains(name, StringComparer.Ordinal)) return [name];
        if (Encoding.Columns.Any(c => string.Equals(c.Column, name, StringComparison.Ordinal))) return Encoding.NamesOf(name);
        throw new ArgumentException($"No covariate '{name}'; the covariates are: {string.Join(", ", Encoding.Columns.Select(c => c.Column))} (encoded: {string.Join(", ", Encoding.Names)}).", "specification");
    }

    private CovariateData Data(ModelData data) => data is CovariateData d && ReferenceEquals(d.Definition.Encoding, Encoding)
        ? d
        : throw new ArgumentException($"{DisplayName} needs data prepared by its own definition, got {data?.GetType().Name ?? "null"}.", nameof(data));

    internal static string Prefix(CovariateProcess process) => process switch
    {
        CovariateProcess.Transaction => "trans",
        CovariateProcess.Lifetime => "life",
        _ => "spend",
    };

    private static string Describe(CovariateProcess process) => process switch
    {
        CovariateProcess.Transaction => "transaction",
        CovariateProcess.Lifetime => "lifetime",
        _ => "spend",
    };
}

/// <summary>One covariate coefficient of a <see cref="CovariateDefinition"/>.</summary>
public sealed class CovariateCoefficient
{
    private readonly List<CovariateProcess> _processes;

    internal CovariateCoefficient(string parameter, string covariate, CovariateProcess process)
    {
        Parameter = parameter;
        Covariate = covariate;
        _processes = [process];
    }

    /// <summary>The parameter's name (<c>trans.Gender</c>, <c>life.Gender</c>, or <c>Gender</c> when constrained equal across processes).</summary>
    public string Parameter { get; }

    /// <summary>The encoded covariate.</summary>
    public string Covariate { get; }

    /// <summary>The processes it acts on (two or more when constrained).</summary>
    public IReadOnlyList<CovariateProcess> Processes => _processes;

    internal void AddProcess(CovariateProcess process) => _processes.Add(process);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Parameter} ({Covariate} on {string.Join(", ", _processes)})");
}
