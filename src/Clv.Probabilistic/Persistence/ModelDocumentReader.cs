using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clv.Probabilistic.Persistence;

/// <summary>
/// Reads <see cref="ModelDocument"/> with hand-written code over <see cref="Utf8JsonReader"/>, which is precompiled with
/// the framework: System.Text.Json's converters are generic over the document's types, and compiling them took a tenth of
/// a second of every <c>clv predict</c>. The reader takes only what the reflection reader (with the options the library
/// read with before) reads to the same document: any text it is unsure of (a null, a repeated field, a value of the wrong
/// kind, a missing required field, text that is not JSON) is read again by the reflection reader, so that a wrong file is
/// described exactly as before.
/// </summary>
internal static class ModelDocumentReader
{
    /// <summary>
    /// The document in <paramref name="json"/>, or null for the JSON text <c>null</c>. A text the hand-written reader
    /// refuses is read again by the reflection reader.
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON, or a value has the wrong kind, or a required field is missing.</exception>
    public static ModelDocument? Read(string json) =>
        TryReadFast(json, out var document) ? document : JsonSerializer.Deserialize<ModelDocument>(json, ReflectionOptions.Value);

    /// <summary>The options the library read model files with before, through System.Text.Json's reflection contract.</summary>
    private static readonly Lazy<JsonSerializerOptions> ReflectionOptions = new(() => new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        NumberHandling = JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    });

    /// <summary>Text to UTF-8 as System.Text.Json turns it (a lone surrogate is an error, not a replacement character).</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The hand-written reader alone (<see cref="Read"/> without the second reading): false when it refuses the text,
    /// which the reflection reader then reads or describes.
    /// </summary>
    internal static bool TryReadFast(string json, out ModelDocument? document)
    {
        document = null;
        try
        {
            var reader = new Utf8JsonReader(StrictUtf8.GetBytes(json));
            document = Document(ref reader);
            return document is not null;
        }
#pragma warning disable CA1031 // whatever goes wrong here, the reflection reader reads the text again and says what
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    /// <summary>Thrown where the hand-written reader is not sure to read as the reflection reader.</summary>
    private sealed class RefusedException : Exception;

    private static RefusedException Refused() => new();

    // Bits of the document's fields, to refuse a repeated one.
    private const int FormatBit = 1, FormatVersionBit = 1 << 1, ModelBit = 1 << 2, TimeUnitBit = 1 << 3, TimeUnitDaysBit = 1 << 4,
        MethodBit = 1 << 5, StatusBit = 1 << 6, ProblemBit = 1 << 7, ParametersBit = 1 << 8, StandardErrorsBit = 1 << 9,
        LogLikelihoodBit = 1 << 10, ObjectiveBit = 1 << 11, PenaltyBit = 1 << 12, ConfidenceLevelBit = 1 << 13, FitBit = 1 << 14,
        DataBit = 1 << 15, CovarianceBit = 1 << 16, DrawSeedBit = 1 << 17, DrawCountBit = 1 << 18, DrawsBit = 1 << 19,
        DiagnosticsBit = 1 << 20, ParameterPenaltiesBit = 1 << 21, CovariatesBit = 1 << 22;

    private const int RequiredBits = ModelBit | TimeUnitBit | TimeUnitDaysBit | ParametersBit;

    private static ModelDocument Document(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartObject);
        string format = ModelDocument.FormatName, model = null!, timeUnit = null!, method = "mle";
        int formatVersion = ModelDocument.CurrentVersion;
        double timeUnitDays = 0;
        string? status = null, problem = null;
        IReadOnlyDictionary<string, double> parameters = null!;
        IReadOnlyDictionary<string, double>? standardErrors = null, parameterPenalties = null;
        double? logLikelihood = null, objective = null, penalty = null, confidenceLevel = null;
        FitRecord? fit = null;
        DataRecord? data = null;
        IReadOnlyList<IReadOnlyList<double>>? covariance = null;
        int? drawSeed = null, drawCount = null;
        DrawsRecord? draws = null;
        DiagnosticsRecord? diagnostics = null;
        CovariatesRecord? covariates = null;
        var fields = new Fields();
        while (NextField(ref reader))
        {
            if (reader.ValueTextEquals("format"u8)) { fields.Known(FormatBit); format = Text(ref reader); }
            else if (reader.ValueTextEquals("format_version"u8)) { fields.Known(FormatVersionBit); formatVersion = Int(ref reader); }
            else if (reader.ValueTextEquals("model"u8)) { fields.Known(ModelBit); model = Text(ref reader); }
            else if (reader.ValueTextEquals("time_unit"u8)) { fields.Known(TimeUnitBit); timeUnit = Text(ref reader); }
            else if (reader.ValueTextEquals("time_unit_days"u8)) { fields.Known(TimeUnitDaysBit); timeUnitDays = Number(ref reader); }
            else if (reader.ValueTextEquals("method"u8)) { fields.Known(MethodBit); method = Text(ref reader); }
            else if (reader.ValueTextEquals("status"u8)) { fields.Known(StatusBit); status = Text(ref reader); }
            else if (reader.ValueTextEquals("problem"u8)) { fields.Known(ProblemBit); problem = Text(ref reader); }
            else if (reader.ValueTextEquals("parameters"u8)) { fields.Known(ParametersBit); parameters = Map(ref reader); }
            else if (reader.ValueTextEquals("standard_errors"u8)) { fields.Known(StandardErrorsBit); standardErrors = Map(ref reader); }
            else if (reader.ValueTextEquals("log_likelihood"u8)) { fields.Known(LogLikelihoodBit); logLikelihood = Number(ref reader); }
            else if (reader.ValueTextEquals("objective"u8)) { fields.Known(ObjectiveBit); objective = Number(ref reader); }
            else if (reader.ValueTextEquals("penalty"u8)) { fields.Known(PenaltyBit); penalty = Number(ref reader); }
            else if (reader.ValueTextEquals("confidence_level"u8)) { fields.Known(ConfidenceLevelBit); confidenceLevel = Number(ref reader); }
            else if (reader.ValueTextEquals("fit"u8)) { fields.Known(FitBit); fit = Fit(ref reader); }
            else if (reader.ValueTextEquals("data"u8)) { fields.Known(DataBit); data = Data(ref reader); }
            else if (reader.ValueTextEquals("unconstrained_covariance"u8)) { fields.Known(CovarianceBit); covariance = NumberRows(ref reader); }
            else if (reader.ValueTextEquals("draw_seed"u8)) { fields.Known(DrawSeedBit); drawSeed = Int(ref reader); }
            else if (reader.ValueTextEquals("draw_count"u8)) { fields.Known(DrawCountBit); drawCount = Int(ref reader); }
            else if (reader.ValueTextEquals("draws"u8)) { fields.Known(DrawsBit); draws = Draws(ref reader); }
            else if (reader.ValueTextEquals("diagnostics"u8)) { fields.Known(DiagnosticsBit); diagnostics = Diagnostics(ref reader); }
            else if (reader.ValueTextEquals("parameter_penalties"u8)) { fields.Known(ParameterPenaltiesBit); parameterPenalties = Map(ref reader); }
            else if (reader.ValueTextEquals("covariates"u8)) { fields.Known(CovariatesBit); covariates = Covariates(ref reader); }
            else fields.Unknown(ref reader);
        }
        // Nothing may follow the object (Read throws on anything but white space).
        if (reader.Read() || (fields.Seen & RequiredBits) != RequiredBits) throw Refused();
        return new ModelDocument
        {
            Format = format, FormatVersion = formatVersion, Model = model, TimeUnit = timeUnit, TimeUnitDays = timeUnitDays,
            Method = method, Status = status, Problem = problem, Parameters = parameters, StandardErrors = standardErrors,
            LogLikelihood = logLikelihood, Objective = objective, Penalty = penalty, ConfidenceLevel = confidenceLevel,
            Fit = fit, Data = data, UnconstrainedCovariance = covariance, DrawSeed = drawSeed, DrawCount = drawCount,
            Draws = draws, Diagnostics = diagnostics, ParameterPenalties = parameterPenalties, Covariates = covariates,
        };
    }

    private static FitRecord Fit(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartObject);
        bool converged = false;
        int iterations = 0;
        double gradientNorm = 0, customers = 0;
        string? status = null;
        var fields = new Fields();
        while (NextField(ref reader))
        {
            if (reader.ValueTextEquals("converged"u8)) { fields.Known(1); converged = Boolean(ref reader); }
            else if (reader.ValueTextEquals("iterations"u8)) { fields.Known(2); iterations = Int(ref reader); }
            else if (reader.ValueTextEquals("gradient_norm"u8)) { fields.Known(4); gradientNorm = Number(ref reader); }
            else if (reader.ValueTextEquals("customers"u8)) { fields.Known(8); customers = Number(ref reader); }
            else if (reader.ValueTextEquals("status"u8)) { fields.Known(16); status = Text(ref reader); }
            else fields.Unknown(ref reader);
        }
        return new FitRecord(converged, iterations, gradientNorm, customers, status);
    }

    private static DataRecord Data(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartObject);
        double customers = 0, excluded = 0;
        int rows = 0, compressedRows = 0;
        var fields = new Fields();
        while (NextField(ref reader))
        {
            if (reader.ValueTextEquals("customers"u8)) { fields.Known(1); customers = Number(ref reader); }
            else if (reader.ValueTextEquals("rows"u8)) { fields.Known(2); rows = Int(ref reader); }
            else if (reader.ValueTextEquals("compressed_rows"u8)) { fields.Known(4); compressedRows = Int(ref reader); }
            else if (reader.ValueTextEquals("excluded_customers"u8)) { fields.Known(8); excluded = Number(ref reader); }
            else fields.Unknown(ref reader);
        }
        return new DataRecord(customers, rows, compressedRows, excluded);
    }

    private static DrawsRecord Draws(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartObject);
        IReadOnlyList<string> names = null!;
        IReadOnlyList<IReadOnlyList<double>> values = null!;
        IReadOnlyList<int>? chains = null;
        var fields = new Fields();
        while (NextField(ref reader))
        {
            if (reader.ValueTextEquals("names"u8)) { fields.Known(1); names = Texts(ref reader); }
            else if (reader.ValueTextEquals("values"u8)) { fields.Known(2); values = NumberRows(ref reader); }
            else if (reader.ValueTextEquals("chains"u8)) { fields.Known(4); chains = Ints(ref reader); }
            else fields.Unknown(ref reader);
        }
        return new DrawsRecord(names, values, chains);
    }

    private static DiagnosticsRecord Diagnostics(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartObject);
        IReadOnlyDictionary<string, double> rHat = null!, essBulk = null!;
        IReadOnlyDictionary<string, double>? essTail = null;
        int divergences = 0;
        IReadOnlyList<string>? warnings = null;
        var fields = new Fields();
        while (NextField(ref reader))
        {
            if (reader.ValueTextEquals("r_hat"u8)) { fields.Known(1); rHat = Map(ref reader); }
            else if (reader.ValueTextEquals("ess_bulk"u8)) { fields.Known(2); essBulk = Map(ref reader); }
            else if (reader.ValueTextEquals("ess_tail"u8)) { fields.Known(4); essTail = Map(ref reader); }
            else if (reader.ValueTextEquals("divergences"u8)) { fields.Known(8); divergences = Int(ref reader); }
            else if (reader.ValueTextEquals("warnings"u8)) { fields.Known(16); warnings = Texts(ref reader); }
            else fields.Unknown(ref reader);
        }
        return new DiagnosticsRecord(rHat, essBulk, essTail, divergences, warnings);
    }

    private static CovariatesRecord Covariates(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartObject);
        IReadOnlyList<CovariateColumnRecord> columns = null!;
        IReadOnlyList<string>? transaction = null, lifetime = null, spend = null, constrained = null;
        var fields = new Fields();
        while (NextField(ref reader))
        {
            if (reader.ValueTextEquals("columns"u8)) { fields.Known(1); columns = Columns(ref reader); }
            else if (reader.ValueTextEquals("transaction"u8)) { fields.Known(2); transaction = Texts(ref reader); }
            else if (reader.ValueTextEquals("lifetime"u8)) { fields.Known(4); lifetime = Texts(ref reader); }
            else if (reader.ValueTextEquals("spend"u8)) { fields.Known(8); spend = Texts(ref reader); }
            else if (reader.ValueTextEquals("constrained"u8)) { fields.Known(16); constrained = Texts(ref reader); }
            else fields.Unknown(ref reader);
        }
        return new CovariatesRecord(columns, transaction, lifetime, spend, constrained);
    }

    private static List<CovariateColumnRecord> Columns(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartArray);
        var columns = new List<CovariateColumnRecord>();
        while (NextElement(ref reader)) columns.Add(Column(ref reader));
        return columns;
    }

    /// <summary>One covariate column; the reader stands on its start.</summary>
    private static CovariateColumnRecord Column(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Refused();
        string column = null!;
        string? referenceLevel = null;
        IReadOnlyList<string>? levels = null;
        double centre = 0, scale = 1;
        var fields = new Fields();
        while (NextField(ref reader))
        {
            if (reader.ValueTextEquals("column"u8)) { fields.Known(1); column = Text(ref reader); }
            else if (reader.ValueTextEquals("reference_level"u8)) { fields.Known(2); referenceLevel = Text(ref reader); }
            else if (reader.ValueTextEquals("levels"u8)) { fields.Known(4); levels = Texts(ref reader); }
            else if (reader.ValueTextEquals("centre"u8)) { fields.Known(8); centre = Number(ref reader); }
            else if (reader.ValueTextEquals("scale"u8)) { fields.Known(16); scale = Number(ref reader); }
            else fields.Unknown(ref reader);
        }
        return new CovariateColumnRecord(column, referenceLevel, levels, centre, scale);
    }

    /// <summary>
    /// The object's fields seen so far: a field that appears twice is refused (the reflection reader reports it), and so
    /// is an unknown field that appears twice, which the reader skips otherwise as the reflection reader does.
    /// </summary>
    private struct Fields
    {
        public int Seen;
        private List<string>? _unknown;

        public void Known(int bit)
        {
            if ((Seen & bit) != 0) throw Refused();
            Seen |= bit;
        }

        /// <summary>Skips the value of an unknown field; the reader stands on its name.</summary>
        public void Unknown(ref Utf8JsonReader reader)
        {
            string name = reader.GetString()!;
            _unknown ??= [];
            if (_unknown.Contains(name)) throw Refused();
            _unknown.Add(name);
            reader.Read();
            reader.Skip();
        }
    }

    /// <summary>Moves to the next field name of an object; false at its end.</summary>
    private static bool NextField(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw Refused(),
        };
    }

    /// <summary>Moves to the next element of an array; false at its end.</summary>
    private static bool NextElement(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType != JsonTokenType.EndArray;
    }

    private static void Next(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        if (!reader.Read() || reader.TokenType != expected) throw Refused();
    }

    private static string Text(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.String);
        return reader.GetString()!;
    }

    private static double Number(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.Number);
        return reader.TryGetDouble(out double value) ? value : throw Refused();
    }

    private static int Int(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.Number);
        return reader.TryGetInt32(out int value) ? value : throw Refused();
    }

    private static bool Boolean(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw Refused(),
        };
    }

    /// <summary>An object of numbers by name, as the reflection reader makes it (a dictionary in the file's order).</summary>
    private static Dictionary<string, double> Map(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartObject);
        var map = new Dictionary<string, double>();
        while (NextField(ref reader))
        {
            string name = reader.GetString()!;
            if (!map.TryAdd(name, Number(ref reader))) throw Refused();
        }
        return map;
    }

    private static List<string> Texts(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartArray);
        var texts = new List<string>();
        while (NextElement(ref reader))
            texts.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Refused());
        return texts;
    }

    private static List<int> Ints(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartArray);
        var values = new List<int>();
        while (NextElement(ref reader))
            values.Add(reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value) ? value : throw Refused());
        return values;
    }

    private static List<double> Numbers(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw Refused();
        var values = new List<double>();
        while (NextElement(ref reader))
            values.Add(reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double value) ? value : throw Refused());
        return values;
    }

    private static List<IReadOnlyList<double>> NumberRows(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartArray);
        var rows = new List<IReadOnlyList<double>>();
        while (NextElement(ref reader)) rows.Add(Numbers(ref reader));
        return rows;
    }
}
