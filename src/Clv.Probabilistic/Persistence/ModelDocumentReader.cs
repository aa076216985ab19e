using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clv.Probabilistic.Persistence;

/// <summary>
/// Reads <see cref="ModelDocument"/> with generated code instead of System.Text.Json's reflection contract, which took
/// a tenth of a second to prepare for one small file in every <c>clv predict</c>. Generated readers give an
/// <c>init</c> property that is absent from the file the default of its type (not its initial value), so the file is
/// read into <see cref="ModelDocumentFields"/>, a record whose constructor gives absent fields their initial values,
/// and copied into the document: the same document as the reflection reader with the options the library read with
/// before, and the same errors (a wrong file is read again by the reflection reader).
/// </summary>
internal static class ModelDocumentReader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        NumberHandling = JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
        TypeInfoResolver = ModelDocumentJsonReader.Default,
    };

    /// <summary>
    /// The document in <paramref name="json"/>, or null for the JSON text <c>null</c>. A text the generated reader refuses
    /// is read again by the reflection reader, so that a wrong file is described exactly as before (the generated reader
    /// reports some errors at another position or names its own record).
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON, or a value has the wrong kind, or a required field is missing.</exception>
    public static ModelDocument? Read(string json)
    {
        try
        {
            return ReadGenerated(json);
        }
        catch (JsonException)
        {
            return JsonSerializer.Deserialize<ModelDocument>(json, ReflectionOptions.Value);
        }
    }

    /// <summary>The options the library read model files with before, through System.Text.Json's reflection contract.</summary>
    private static readonly Lazy<JsonSerializerOptions> ReflectionOptions = new(() => new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        NumberHandling = JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    });

    /// <summary>The generated reader alone (<see cref="Read"/> without the second reading of a wrong text).</summary>
    internal static ModelDocument? ReadGenerated(string json)
    {
        var fields = JsonSerializer.Deserialize<ModelDocumentFields>(json, Options);
        return fields is { } f
            ? new ModelDocument
            {
                Format = f.Format,
                FormatVersion = f.FormatVersion,
                Model = f.Model,
                TimeUnit = f.TimeUnit,
                TimeUnitDays = f.TimeUnitDays,
                Method = f.Method,
                Status = f.Status,
                Problem = f.Problem,
                Parameters = f.Parameters,
                StandardErrors = f.StandardErrors,
                LogLikelihood = f.LogLikelihood,
                Objective = f.Objective,
                Penalty = f.Penalty,
                ConfidenceLevel = f.ConfidenceLevel,
                Fit = f.Fit,
                Data = f.Data,
                UnconstrainedCovariance = f.UnconstrainedCovariance,
                DrawSeed = f.DrawSeed,
                DrawCount = f.DrawCount,
                Draws = f.Draws,
                Diagnostics = f.Diagnostics,
                ParameterPenalties = f.ParameterPenalties,
                Covariates = f.Covariates,
            }
            : null;
    }
}

/// <summary>
/// The fields of a model file as read: <see cref="ModelDocument"/>'s properties in the same order, with the same types,
/// names and initial values, as the parameters of one constructor. A generated reader fills constructor parameters as it
/// reads each field and gives an absent one its default value (it gives an absent <c>init</c> property the default of its
/// type); settable properties it would set only after reading the whole object, so that a file cut short would be
/// reported before an earlier wrong value, unlike the reflection reader. Required fields are marked
/// <see cref="JsonRequiredAttribute"/>, checked at the end of the object as <c>required</c> is.
/// </summary>
internal sealed record ModelDocumentFields(
    string Format = ModelDocument.FormatName,
    int FormatVersion = ModelDocument.CurrentVersion,
    [property: JsonRequired] string Model = null!,
    [property: JsonRequired] string TimeUnit = null!,
    [property: JsonRequired] double TimeUnitDays = 0,
    string Method = "mle",
    string? Status = null,
    string? Problem = null,
    [property: JsonRequired] IReadOnlyDictionary<string, double> Parameters = null!,
    IReadOnlyDictionary<string, double>? StandardErrors = null,
    double? LogLikelihood = null,
    double? Objective = null,
    double? Penalty = null,
    double? ConfidenceLevel = null,
    FitRecord? Fit = null,
    DataRecord? Data = null,
    IReadOnlyList<IReadOnlyList<double>>? UnconstrainedCovariance = null,
    int? DrawSeed = null,
    int? DrawCount = null,
    DrawsRecord? Draws = null,
    DiagnosticsRecord? Diagnostics = null,
    IReadOnlyDictionary<string, double>? ParameterPenalties = null,
    CovariatesRecord? Covariates = null);

/// <summary>Generated reading code for <see cref="ModelDocumentFields"/> (its options are those of <see cref="ModelDocumentReader"/>).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false,
    GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(ModelDocumentFields))]
internal sealed partial class ModelDocumentJsonReader : JsonSerializerContext;
