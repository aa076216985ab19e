using System.Globalization;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// Runs once, on a spare core while <c>clv fit</c> reads its summary, code the command needs later: the model's
/// likelihood kernels (<see cref="ModelDefinition.WarmUp"/>: compiled at first use), the model file's JSON writer (loading
/// System.Text.Json and its text encoder) and the report's table and number formats. Their first use then costs well
/// under a millisecond instead of ≈ 10–20 ms each, on the command's critical path.
/// Nothing is written anywhere, and a failure here changes nothing (the command then pays the first use itself).
/// </summary>
internal static class FitWarmup
{
    /// <summary>Starts the warm-up of a fit of <paramref name="model"/> on the thread pool and returns at once.</summary>
    public static void Start(ModelDefinition model) => ThreadPool.UnsafeQueueUserWorkItem(static m => Run(m), model, preferLocal: false);

    /// <summary>The warm-up itself; false if it failed.</summary>
    internal static bool Run(ModelDefinition model)
    {
        try
        {
            model.WarmUp();
            var document = new ModelDocument
            {
                Model = "warm-up",
                TimeUnit = "days",
                TimeUnitDays = 1,
                Status = "converged",
                Problem = "max |gradient| ≤ 1E-06 · max(1, |f|)",
                Parameters = new Dictionary<string, double>(StringComparer.Ordinal) { ["r"] = 0.24156440762150658 },
                StandardErrors = new Dictionary<string, double>(StringComparer.Ordinal) { ["r"] = 5.510272230537177E-4 },
                LogLikelihood = -7903027.153970927,
                Fit = new FitRecord(true, 21, 1.4564478045237355, 1e6, "GradientConverged"),
                Data = new DataRecord(1e6, 1_000_000, 424_595, 0),
                UnconstrainedCovariance = [[5.203316223482113E-06, 6.508597574441725E-06]],
            };
            ModelDocumentWriter.Write(document);
            new TextTable("parameter", "estimate", "std. error")
                .Add("r", TextTable.Number(0.2415644, "G7"), TextTable.Number(5.51e-4, "G4"))
                .WritePlain(TextWriter.Null);
            TextWriter.Null.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{-7903027.154:F4} {1.456:G3} {0.9 * 100:0.#}%"));
            return true;
        }
#pragma warning disable CA1031 // a warm-up must never fail the command; the real use reports any real failure
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
