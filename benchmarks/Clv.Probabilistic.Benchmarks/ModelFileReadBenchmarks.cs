using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// Reading and writing the model file <c>clv predict</c> reads and <c>clv fit</c> writes (a BG/NBD maximum-likelihood
/// fit with its covariance): the hand-written reader and writer (<see cref="ModelDocumentReader"/>,
/// <see cref="ModelDocumentWriter"/>) against the reflection serializer they replaced, which a new process pays for in
/// full (its contract is built on first use: here a new options instance each time, as in a fresh process). Warm
/// figures: the saving of a fresh process (JIT compilation of System.Text.Json's generic converters) is measured on
/// whole processes (docs/performance.md).
/// </summary>
[MemoryDiagnoser]
public class ModelFileReadBenchmarks
{
    private string _json = null!;
    private ModelDocument _document = null!;

    [GlobalSetup]
    public void Setup() => _json = (_document = new ModelDocument
    {
        Model = "bgnbd", TimeUnit = "days", TimeUnitDays = 1, Method = "mle", Status = "converged",
        Parameters = new Dictionary<string, double> { ["r"] = 0.24156440762150658, ["alpha"] = 30.462988173567062, ["a"] = 0.7900857022733898, ["b"] = 2.4077252600490526 },
        StandardErrors = new Dictionary<string, double> { ["r"] = 0.0005510272230537177, ["alpha"] = 0.1169677112353862, ["a"] = 0.0065507705494502935, ["b"] = 0.026587074956432206 },
        LogLikelihood = -7903027.153970927, ConfidenceLevel = 0.9,
        Fit = new FitRecord(true, 21, 1.4564478045237355, 1_000_000, "GradientConverged"),
        Data = new DataRecord(1_000_000, 1_000_000, 424_595, 0),
        UnconstrainedCovariance = [[5.2e-6, 6.5e-6, -2.8e-7, 1.4e-7], [6.5e-6, 1.5e-5, -2.3e-7, 1.9e-6], [-2.8e-7, -2.3e-7, 6.9e-5, 8.5e-5], [1.4e-7, 1.9e-6, 8.5e-5, 1.2e-4]],
        DrawSeed = 1, DrawCount = 4000,
    }).ToJson();

    [Benchmark(Baseline = true)]
    public ModelDocument? ReflectionWithNewContract() => JsonSerializer.Deserialize<ModelDocument>(_json, new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    });

    [Benchmark]
    public ModelDocument? HandWritten() => ModelDocumentReader.Read(_json);

    [Benchmark]
    public string WriteReflectionWithNewContract() => JsonSerializer.Serialize(_document, new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    });

    [Benchmark]
    public byte[] WriteHandWritten() => ModelDocumentWriter.Write(_document);
}
