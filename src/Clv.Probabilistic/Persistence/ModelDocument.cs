using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Persistence;

/// <summary>
/// The versioned JSON form of a fitted model: what <c>clv fit</c> writes and <c>clv predict</c> reads.
/// Parameters are stored by the papers' names (r, alpha, a, b; p, q, gamma) in the model's time unit.
/// </summary>
/// <remarks>
/// Format version 1. Fields: <c>format</c> (always <c>clv-model</c>), <c>format_version</c>, <c>model</c> (a name in
/// <see cref="Models.ModelRegistry"/>), <c>time_unit</c> and <c>time_unit_days</c>, <c>method</c> (<c>mle</c>,
/// <c>map</c>, <c>laplace</c> or <c>nuts</c>), <c>status</c> and <c>problem</c> (the verdict), <c>parameters</c>,
/// <c>standard_errors</c>, <c>log_likelihood</c>, <c>objective</c>, <c>penalty</c>, <c>fit</c>, <c>data</c>,
/// <c>unconstrained_covariance</c> (MLE, MAP, Laplace: the covariance of the normal approximation, from which the draws
/// are regenerated), and for fits with draws <c>draws</c> and <c>diagnostics</c>; <c>parameter_penalties</c> for fits with
/// per-parameter L2 weights, and <c>covariates</c> for a model with static covariates (its coefficients are parameters
/// named <c>trans.X</c>, <c>life.X</c>, <c>spend.X</c>, or <c>X</c> when constrained equal across processes). Files without the newer fields (written
/// by release 0.1.0) read as before. Numbers are written in their shortest round-trip form, so a saved model loads back
/// identical. <see cref="ModelFile"/> converts documents to and from fits.
/// </remarks>
public sealed record ModelDocument
{
    /// <summary>The value of <see cref="Format"/> in every model file.</summary>
    public const string FormatName = "clv-model";

    /// <summary>The format version this library writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>Format version of the file.</summary>
    public int FormatVersion { get; init; } = CurrentVersion;

    /// <summary>Model name: <c>bgnbd</c> or <c>gamma-gamma</c>.</summary>
    public required string Model { get; init; }

    /// <summary>Name of the time unit the parameters are expressed in (see <see cref="TimeUnit.Parse"/>).</summary>
    public required string TimeUnit { get; init; }

    /// <summary>Length of the time unit in days.</summary>
    public required double TimeUnitDays { get; init; }

    /// <summary>How the model was fitted: <c>mle</c>, <c>laplace</c> or <c>nuts</c>.</summary>
    public string Method { get; init; } = "mle";

    /// <summary>The verdict: <c>converged</c>, <c>not_converged</c> or <c>not_identified</c>; absent in files of release 0.1.0.</summary>
    public string? Status { get; init; }

    /// <summary>What is wrong with the fit, in words, when the status is not <c>converged</c>.</summary>
    public string? Problem { get; init; }

    /// <summary>Point estimates by parameter name (posterior means for Bayesian fits).</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>Standard errors (posterior standard deviations for Bayesian fits) by parameter name.</summary>
    public IReadOnlyDictionary<string, double>? StandardErrors { get; init; }

    /// <summary>Log-likelihood at the point estimate.</summary>
    public double? LogLikelihood { get; init; }

    /// <summary>The maximised objective (penalised log-likelihood, or log posterior for MAP and Laplace) when it differs from the log-likelihood.</summary>
    public double? Objective { get; init; }

    /// <summary>L2 penalty weight of a penalised maximum-likelihood fit.</summary>
    public double? Penalty { get; init; }

    /// <summary>Level of the intervals the fit reported.</summary>
    public double? ConfidenceLevel { get; init; }

    /// <summary>How the fit went.</summary>
    public FitRecord? Fit { get; init; }

    /// <summary>What the data held.</summary>
    public DataRecord? Data { get; init; }

    /// <summary>Covariance of the normal approximation on the unconstrained scale (row by row, in parameter order).</summary>
    public IReadOnlyList<IReadOnlyList<double>>? UnconstrainedCovariance { get; init; }

    /// <summary>Seed of the draws regenerated from <see cref="UnconstrainedCovariance"/>.</summary>
    public int? DrawSeed { get; init; }

    /// <summary>Number of draws regenerated from <see cref="UnconstrainedCovariance"/>.</summary>
    public int? DrawCount { get; init; }

    /// <summary>Parameter draws, for fits that carry uncertainty as draws.</summary>
    public DrawsRecord? Draws { get; init; }

    /// <summary>Sampler diagnostics, for NUTS fits.</summary>
    public DiagnosticsRecord? Diagnostics { get; init; }

    /// <summary>Per-parameter L2 penalty weights of a penalised fit, by parameter name (absent: none).</summary>
    public IReadOnlyDictionary<string, double>? ParameterPenalties { get; init; }

    /// <summary>
    /// The static covariates of a model fitted with them (<see cref="Models.Covariates.CovariateDefinition"/>): their
    /// encoding and which process each acts on; the coefficients are among <see cref="Parameters"/>. Absent for a model
    /// without covariates.
    /// </summary>
    public CovariatesRecord? Covariates { get; init; }

    /// <summary>The time unit as a <see cref="Data.TimeUnit"/>.</summary>
    [JsonIgnore]
    public TimeUnit Unit => new(TimeUnit, TimeUnitDays);

    /// <summary>Serialises to JSON text.</summary>
    public string ToJson()
    {
        Validate("(in memory)");
        return Encoding.UTF8.GetString(ModelDocumentWriter.Write(this));
    }

    /// <summary>Parses JSON text, validating it.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Where the text came from, for error messages (a file name).</param>
    /// <exception cref="ModelFileException">The text is not a valid model file; the message says what and where.</exception>
    public static ModelDocument FromJson(string json, string source = "(text)")
    {
        ModelDocument? document;
        try
        {
            document = ModelDocumentReader.Read(json);
        }
        catch (JsonException e)
        {
            if (JsonTruncation.Describe(json) is { } cut) throw new ModelFileException($"{source}: {cut}", e);
            throw new ModelFileException($"{source}: {JsonErrors.Describe(e)}", e);
        }
        if (document is null) throw new ModelFileException($"{source}: the file holds no model.");
        document.Validate(source);
        return document;
    }

    /// <summary>Writes the model file.</summary>
    public void Save(string path)
    {
        Validate("(in memory)");
        AtomicFile.WriteAllBytes(path, ModelDocumentWriter.Write(this));
    }

    /// <summary>Reads and validates a model file.</summary>
    /// <exception cref="ModelFileException">The file is not a valid model file.</exception>
    public static ModelDocument Load(string path)
    {
        if (!File.Exists(path)) throw new ModelFileException($"{path}: model file not found.");
        return FromJson(File.ReadAllText(path), path);
    }

    /// <summary>The value of a required parameter.</summary>
    /// <exception cref="ModelFileException">The parameter is missing.</exception>
    public double Parameter(string name) =>
        Parameters.TryGetValue(name, out var value)
            ? value
            : throw new ModelFileException($"Model '{Model}' has no parameter '{name}' (it has {string.Join(", ", Parameters.Keys)}).");

    private static Clv.Probabilistic.Data.TimeUnit? KnownUnit(string? name)
    {
        if (name is null) return null;
        try
        {
            return Clv.Probabilistic.Data.TimeUnit.Parse(name);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private void Validate(string source)
    {
        if (Format != FormatName) throw new ModelFileException($"{source}: field 'format' is '{Format}', expected '{FormatName}'.");
        if (FormatVersion < 1 || FormatVersion > CurrentVersion)
            throw new ModelFileException($"{source}: format_version {FormatVersion} is not supported (this library reads 1..{CurrentVersion}).");
        if (string.IsNullOrWhiteSpace(Model)) throw new ModelFileException($"{source}: field 'model' is empty.");
        if (!double.IsFinite(TimeUnitDays) || TimeUnitDays <= 0)
            throw new ModelFileException($"{source}: time_unit_days {TimeUnitDays} is not a positive number.");
        if (KnownUnit(TimeUnit) is { } known && Math.Abs(known.DaysPerUnit - TimeUnitDays) > 1e-12 * known.DaysPerUnit)
            throw new ModelFileException(FormattableString.Invariant(
                $"{source}: time_unit '{TimeUnit}' is {known.DaysPerUnit} days long but time_unit_days says {TimeUnitDays}: the file is inconsistent."));
        if (Parameters is null || Parameters.Count == 0) throw new ModelFileException($"{source}: field 'parameters' is missing or empty.");
        foreach (var (name, value) in Parameters)
            if (!double.IsFinite(value)) throw new ModelFileException($"{source}: parameter '{name}' is {value}.");
        if (Draws is not null)
        {
            if (Draws.Names is null || Draws.Values is null)
                throw new ModelFileException($"{source}: 'draws' needs 'names' and 'values'.");
            for (int d = 0; d < Draws.Values.Count; d++)
                if (Draws.Values[d].Count != Draws.Names.Count)
                    throw new ModelFileException($"{source}: draw {d} has {Draws.Values[d].Count} values for {Draws.Names.Count} parameters.");
            if (Draws.Chains is not null && Draws.Chains.Count != Draws.Values.Count)
                throw new ModelFileException($"{source}: 'draws.chains' has {Draws.Chains.Count} entries for {Draws.Values.Count} draws.");
        }
        if (ParameterPenalties is not null)
            foreach (var (name, value) in ParameterPenalties)
                if (!(value >= 0) || !double.IsFinite(value))
                    throw new ModelFileException($"{source}: parameter_penalties '{name}' is {value}; a penalty weight must be finite and ≥ 0.");
        if (Covariates is not null && (Covariates.Columns is null || Covariates.Columns.Count == 0 || Covariates.Columns.Any(c => c is null || string.IsNullOrWhiteSpace(c.Column))))
            throw new ModelFileException($"{source}: 'covariates' needs 'columns', each with a 'column' name.");
    }
}

/// <summary>
/// Writes <see cref="ModelDocument"/> with generated straight-line code (no reflection, no contract metadata): the
/// writer of documents <see cref="ModelDocumentWriter"/> cannot write (a number that is not finite), which fail here as
/// they always did.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ModelDocument))]
internal sealed partial class ModelDocumentJsonWriter : JsonSerializerContext;

/// <summary>How a maximum-likelihood or MAP fit went.</summary>
/// <param name="Converged">Whether the optimiser met its convergence criterion.</param>
/// <param name="Iterations">Optimiser iterations.</param>
/// <param name="GradientNorm">Max-norm of the gradient at the optimum.</param>
/// <param name="Customers">Number of customers fitted (sum of weights).</param>
/// <param name="Status">The optimiser's or sampler's own word on how it stopped.</param>
public sealed record FitRecord(bool Converged, int Iterations, double GradientNorm, double Customers, string? Status = null);

/// <summary>What a fit's data held.</summary>
/// <param name="Customers">Customers the likelihood counts (sum of weights).</param>
/// <param name="Rows">Rows of the summary.</param>
/// <param name="CompressedRows">Rows after merging identical rows.</param>
/// <param name="ExcludedCustomers">Customers the model does not use.</param>
public sealed record DataRecord(double Customers, int Rows, int CompressedRows, double ExcludedCustomers);

/// <summary>Parameter draws as stored in a model file: one array per draw, in the order of <paramref name="Names"/>.</summary>
/// <param name="Names">Parameter names.</param>
/// <param name="Values">One array of parameter values per draw.</param>
/// <param name="Chains">Chain index of each draw (omitted for a single chain).</param>
public sealed record DrawsRecord(IReadOnlyList<string> Names, IReadOnlyList<IReadOnlyList<double>> Values, IReadOnlyList<int>? Chains = null);

/// <summary>Sampler diagnostics stored with a Bayesian fit.</summary>
/// <param name="RHat">Rank-normalised split R-hat by parameter.</param>
/// <param name="EssBulk">Bulk effective sample size by parameter.</param>
/// <param name="EssTail">Tail effective sample size by parameter.</param>
/// <param name="Divergences">Divergent transitions after warm-up.</param>
/// <param name="Warnings">Warnings the fit raised.</param>
public sealed record DiagnosticsRecord(
    IReadOnlyDictionary<string, double> RHat,
    IReadOnlyDictionary<string, double> EssBulk,
    IReadOnlyDictionary<string, double>? EssTail = null,
    int Divergences = 0,
    IReadOnlyList<string>? Warnings = null);

/// <summary>The static covariates of a model file: how the covariate table becomes numbers, and which process each acts on.</summary>
/// <param name="Columns">The covariate columns in encoding order.</param>
/// <param name="Transaction">Covariates on the transaction process (column or encoded names); absent for every covariate.</param>
/// <param name="Lifetime">Covariates on the lifetime process; absent for every covariate.</param>
/// <param name="Spend">Covariates on spend; absent for every covariate.</param>
/// <param name="Constrained">Covariates with one coefficient across processes; absent for none.</param>
public sealed record CovariatesRecord(
    IReadOnlyList<CovariateColumnRecord> Columns,
    IReadOnlyList<string>? Transaction = null,
    IReadOnlyList<string>? Lifetime = null,
    IReadOnlyList<string>? Spend = null,
    IReadOnlyList<string>? Constrained = null);

/// <summary>The encoding of one covariate column (see <see cref="Data.Covariates.CovariateColumnEncoding"/>).</summary>
/// <param name="Column">The column of the covariate table.</param>
/// <param name="ReferenceLevel">Reference level of a categorical column; absent for a numeric one.</param>
/// <param name="Levels">The other levels of a categorical column, one dummy each, in order; absent for a numeric one.</param>
/// <param name="Centre">Subtracted from a numeric value (0 unless standardised).</param>
/// <param name="Scale">Divides a numeric value after centring (1 unless standardised).</param>
public sealed record CovariateColumnRecord(string Column, string? ReferenceLevel = null, IReadOnlyList<string>? Levels = null,
    double Centre = 0, double Scale = 1);

/// <summary>A model file could not be read: the message names the file and what is wrong.</summary>
public sealed class ModelFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelFileException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public ModelFileException(string message, Exception inner) : base(message, inner) { }
}
