using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Persistence;

/// <summary>
/// The generated model-file reader (<see cref="ModelDocumentReader"/>) against System.Text.Json's reflection reader of
/// <see cref="ModelDocument"/> with the options the library used to read with: the same document (absent fields at
/// their initial values) or the same error, on every fixture file, each with one field left out, and mutants of them;
/// the generated reader alone (<see cref="ModelDocumentReader.ReadGenerated"/>) reads exactly the texts the reflection
/// reader reads, so the reflection reader is needed only to describe a wrong file.
/// </summary>
public sealed class ModelDocumentReaderTests
{
    private static readonly JsonSerializerOptions ReflectionOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    /// <summary>Writes documents to compare them (a mutant may hold a number too large for a double, read as ∞).</summary>
    private static readonly JsonSerializerOptions ComparisonOptions = new(ReflectionOptions) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "v1");

    public static TheoryData<string> FixtureFiles() => new(Directory.GetFiles(FixtureFolder, "*.json").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void EveryFixtureFileReadsAsTheReflectionReaderReadsIt(string file)
    {
        string json = File.ReadAllText(Path.Combine(FixtureFolder, file));
        Assert.Equal("read", AssertSameOutcome(json));
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void AFixtureWithoutOneFieldReadsAsTheReflectionReaderReadsIt(string file)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(FixtureFolder, file)))!.AsObject();
        foreach (string field in document.Select(p => p.Key).ToArray())
        {
            var without = document.DeepClone().AsObject();
            without.Remove(field);
            AssertSameOutcome(without.ToJsonString());
        }
        // The fields with initial values, all absent at once and each present as null.
        var bare = document.DeepClone().AsObject();
        foreach (string field in new[] { "format", "format_version", "method" }) bare.Remove(field);
        Assert.Equal("read", AssertSameOutcome(bare.ToJsonString()));
        foreach (string field in new[] { "format", "method", "status", "parameters", "fit", "data" })
        {
            var nulled = document.DeepClone().AsObject();
            nulled[field] = null;
            AssertSameOutcome(nulled.ToJsonString());
        }
    }

    [Fact]
    public void NestedRecordsKeepTheirParameterDefaults()
    {
        const string Json = """
            {"model":"pareto-nbd","time_unit":"weeks","time_unit_days":7,"parameters":{"r":1,"alpha":2,"s":0.5,"beta":3,"Gender":0.1},
             "fit":{"converged":true,"iterations":3,"gradient_norm":0.1,"customers":10},
             "draws":{"names":["r"],"values":[[1]]},
             "diagnostics":{"r_hat":{"r":1},"ess_bulk":{"r":100}},
             "covariates":{"columns":[{"column":"Gender"}]}}
            """;
        Assert.Equal("read", AssertSameOutcome(Json));
        var document = ModelDocumentReader.Read(Json)!;
        Assert.Equal(1, document.Covariates!.Columns[0].Scale);
        Assert.Equal("mle", document.Method);
        Assert.Equal(ModelDocument.FormatName, document.Format);
        Assert.Equal(ModelDocument.CurrentVersion, document.FormatVersion);
    }

    [Fact]
    public void MutantsReadOrFailAsWithTheReflectionReader()
    {
        var random = new Random(17);
        int read = 0;
        foreach (var file in new[] { "bgnbd-mle-weeks.json", "gamma-gamma-nuts.json", "bgnbd-laplace-weeks.json" })
        {
            byte[] original = File.ReadAllBytes(Path.Combine(FixtureFolder, file));
            for (int i = 0; i < 1500; i++)
            {
                byte[] input = original;
                int mutations = 1 + random.Next(3);
                for (int m = 0; m < mutations; m++) input = ReaderFuzzTests.Mutate(input, random);
                if (AssertSameOutcome(Encoding.UTF8.GetString(input)) == "read") read++;
            }
        }
        Assert.InRange(read, 100, 4400); // both outcomes are reached
    }

    /// <summary>Asserts both readers agree; "read" when they read a document, otherwise the error both describe.</summary>
    private static string AssertSameOutcome(string json)
    {
        string expected = Outcome(() => JsonSerializer.Deserialize<ModelDocument>(json, ReflectionOptions));
        string actual = Outcome(() => ModelDocumentReader.Read(json));
        Assert.True(expected == actual, $"{expected}\n{actual}\n{json}");
        string generated = Outcome(() => ModelDocumentReader.ReadGenerated(json));
        Assert.True(generated.StartsWith("error: ", StringComparison.Ordinal) ? actual.StartsWith("error: ", StringComparison.Ordinal) : generated == actual,
            $"generated: {generated}\nreflection: {actual}\n{json}");
        return expected.StartsWith('{') ? "read" : expected;
    }

    private static string Outcome(Func<ModelDocument?> read)
    {
        try
        {
            return read() is { } document ? JsonSerializer.Serialize(document, ComparisonOptions) : "null";
        }
        catch (JsonException e)
        {
            return "error: " + JsonErrors.Describe(e);
        }
    }
}
