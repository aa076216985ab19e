using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Persistence;

/// <summary>
/// The model-file reader (<see cref="ModelDocumentReader"/>) against System.Text.Json's reflection reader of
/// <see cref="ModelDocument"/> with the options the library used to read with: the same document (absent fields at
/// their initial values) or the same error, on every fixture file, each with one field left out, with fields reordered,
/// unknown or repeated, and mutants of them; the hand-written reader alone (<see cref="ModelDocumentReader.TryReadFast"/>)
/// reads every fixture itself and never reads a text to another document than the reflection reader.
/// </summary>
public sealed class ModelDocumentReaderTests
{
    private static readonly JsonSerializerOptions ReflectionOptions = ModelJsonAgreement.ReflectionOptions;

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

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void TheHandWrittenReaderReadsEveryFixtureItself(string file) =>
        ModelJsonAgreement.AssertReadAsReflection(File.ReadAllText(Path.Combine(FixtureFolder, file)));

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void FieldsInAnotherOrderReadTheSame(string file)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(FixtureFolder, file)))!;
        string reversed = Reversed(document).ToJsonString();
        ModelJsonAgreement.AssertReadAsReflection(reversed);
        Assert.Equal(AssertSameOutcome(document.ToJsonString()), AssertSameOutcome(reversed));
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void UnknownFieldsAreSkippedAsTheReflectionReaderSkipsThem(string file)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(FixtureFolder, file)))!.AsObject();
        var unknown = document.DeepClone().AsObject();
        unknown.Insert(0, "written_by", "clv 9.9");
        unknown["future"] = JsonNode.Parse("""{"a":[1,{"b":null}],"c":"d","e":true,"f":null}""");
        unknown["Model"] = "not-the-model"; // names are matched with their case
        unknown["unit"] = 3; // not a field of the file, though the document has a property of that name
        foreach (var nested in unknown.Select(p => p.Value).OfType<JsonObject>().ToArray())
            if (!nested.Any(p => p.Key == "r" || p.Key == "p")) nested["later"] = JsonNode.Parse("[[1],[2]]");
        ModelJsonAgreement.AssertReadAsReflection(unknown.ToJsonString());

        var twice = document.DeepClone().AsObject();
        twice["written_by"] = "a";
        string json = twice.ToJsonString();
        AssertSameOutcome(json.Insert(1, "\"written_by\":\"b\","));
        AssertSameOutcome(json.Insert(1, "\"model\":\"bgnbd\","));
        AssertSameOutcome(json.Insert(1, "\"mod\\u0065l\":\"bgnbd\","));
    }

    [Fact]
    public void NullsAndEscapesReadAsWithTheReflectionReader()
    {
        const string Head = """{"model":"bgnbd","time_unit":"days","time_unit_days":1,"parameters":{"r":1,"alpha":2,"a":0.5,"b":3}""";
        foreach (string rest in new[]
        {
            ""","status":null""", ""","log_likelihood":null""", ""","draw_seed":null""", ""","fit":null""",
            ""","unconstrained_covariance":[null]""", ""","unconstrained_covariance":[[1,null]]""",
            ""","diagnostics":{"r_hat":{"r":1},"ess_bulk":{"r":1},"warnings":["a",null]}""",
            ""","draws":{"names":["r"],"values":[[1]],"chains":[0.5]}""", ""","draws":{"names":["r"],"values":[[1]],"chains":[1e0]}""",
            ""","problem":"\u00e9t\u00e9 <&> \ud83d\ude00" """, ""","m\u0065thod":"map" """, ""","format_version":2147483648""",
            ""","parameters":{"r":2}""", ""","standard_errors":{"r":1,"r":2}""", ""","log_likelihood":1e400""", """,}""", """} x""",
            ""","$id":"1" """, ""","$ref":"x" """, ""","fit":{"$id":"2","converged":true}""", ""","standard_errors":{"$ref":1,"r":2}""",
        })
        {
            AssertSameOutcome(Head + rest + "}");
        }
        Assert.Equal("null", Outcome(() => ModelDocumentReader.Read("null")));
        AssertSameOutcome(Head + ",\"problem\":\"\\ud800\"}"); // an escaped lone surrogate
        string loneSurrogate = Head + ",\"problem\":\"\ud800\"}"; // a lone surrogate in the text, which is not UTF-16
        Assert.False(ModelDocumentReader.TryReadFast(loneSurrogate, out _));
        Assert.Equal(Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<ModelDocument>(loneSurrogate, ReflectionOptions)).Message,
            Assert.ThrowsAny<Exception>(() => ModelDocumentReader.Read(loneSurrogate)).Message);
    }

    private static JsonNode Reversed(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Reversed(p.Value)))),
        JsonArray a => new JsonArray(a.Select(e => e is null ? null : Reversed(e)).ToArray()),
        _ => node.DeepClone(),
    };

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
        // The hand-written reader alone reads a text to the same document or refuses it.
        if (ModelDocumentReader.TryReadFast(json, out var fast))
            Assert.True(Outcome(() => fast) == expected, $"hand-written: {Outcome(() => fast)}\nreflection: {expected}\n{json}");
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
