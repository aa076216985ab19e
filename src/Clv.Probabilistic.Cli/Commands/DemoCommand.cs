using System.CommandLine;
using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary><c>clv demo</c>: the whole pipeline on the embedded CDNOW data.</summary>
/// <remarks>
/// Calibration 1997-01-01 to 1997-09-30 and holdout to 1998-06-30, in weeks, as in Fader, Hardie &amp; Lee (2005),
/// "Counting Your Customers the Easy Way", section 5; CLV over 12 months at 1% a month, margin 1.
/// </remarks>
internal static class DemoCommand
{
    private const string Name = "demo";

    /// <summary>Files the demo writes into its output folder.</summary>
    internal static readonly string[] OutputFiles = ["predictions.csv", "bgnbd.json", "gamma-gamma.json", "report.html"];

    public static Command Create()
    {
        var outputDir = new Option<string>("--output", "--output-dir") { Description = "Folder for predictions.csv, bgnbd.json, gamma-gamma.json and report.html (--output-dir is the former name; '-' is refused: four files cannot be standard output).", DefaultValueFactory = _ => "clv-demo-output" };
        var force = new Option<bool>("--force") { Description = "Replace the output files if they exist." };
        var command = new Command(Name, "Run the whole pipeline on the embedded CDNOW sample: summarise, fit BG/NBD and Gamma-Gamma, check on the holdout, value customers.");
        command.Options.Add(outputDir);
        command.Options.Add(force);
        command.SetAction(parse => CliErrors.Run(Name, () => Run(parse.GetValue(outputDir)!, parse.GetValue(force))));
        return command;
    }

    private static int Run(string folder, bool force)
    {
        if (StandardStreams.IsStandardOutput(folder))
            throw new ArgumentException($"--output {folder}: the demo writes a folder of four files ({string.Join(", ", OutputFiles)}), which cannot be standard output; give a folder.");
        var paths = OutputFiles.Select(file => Path.Combine(folder, file)).ToArray();
        Cli.OutputFiles.Check([], paths.Select(path => ("--output", path)).ToArray(), force, createsFolder: true);

        var calibrationEnd = Datasets.CdnowCalibrationEnd;
        var observationEnd = Datasets.CdnowObservationEnd;
        var log = Datasets.CdnowSample();
        var split = RfmSummarizer.SummarizeCalibrationHoldout(log, calibrationEnd, new SummaryOptions(observationEnd, TimeUnit.Weeks));
        var calibration = split.Calibration;
        Console.WriteLine(Invariant($"CDNOW sample: {log.Count} transactions of {split.Count} customers; calibration to {calibrationEnd:yyyy-MM-dd}, holdout to {observationEnd:yyyy-MM-dd}; time unit weeks."));
        Console.WriteLine();

        var purchases = ModelFitter.Fit(BgNbdDefinition.Instance, calibration, ModelReport.DefaultOptions);
        ModelReport.Print(purchases);
        ModelReport.Warn(purchases, Name);
        Console.WriteLine();
        var spend = ModelFitter.Fit(GammaGammaDefinition.Instance, calibration, ModelReport.DefaultOptions);
        ModelReport.Print(spend);
        ModelReport.Warn(spend, Name);
        Console.WriteLine();

        PrintHoldoutCheck(purchases.Model, split);
        Console.WriteLine();

        var valuation = ValuationOptions.Default;
        var predictions = CustomerPredictions.Compute(purchases.Model, calibration, valuation.Horizon, valuation.Period, spend.Model, valuation);
        PrintMostValuable(predictions, valuation, calibrationEnd);

        Directory.CreateDirectory(folder);
        predictions.WriteCsv(paths[0]);
        ModelFile.Save(purchases, paths[1], drawSeed: FitOptions.Default.Seed);
        ModelFile.Save(spend, paths[2], drawSeed: FitOptions.Default.Seed);
        Console.WriteLine();
        CliErrors.Status(Invariant($"Wrote {paths[0]} (customer_id,expected_purchases,p_alive,expected_spend,clv over 12 months), {paths[1]}, {paths[2]}."));
        ReportCommand.Write(log, split, calibrationEnd, observationEnd, purchases, spend, paths[3], "CDNOW sample", valuation);
        return 0;
    }

    private static void PrintHoldoutCheck(IPurchaseModel model, CalibrationHoldoutSummary split)
    {
        var calibration = split.Calibration;
        var predicted = new double[split.Count];
        double holdoutWeeks = split.DurationHoldout[0];
        foreach (double duration in split.DurationHoldout)
            if (duration != holdoutWeeks) throw new InvalidOperationException("The CDNOW holdout periods should all be equally long.");
        model.ConditionalExpectedPurchases(calibration, holdoutWeeks, predicted);
        var metrics = ErrorMetrics.Compute(predicted, split.FrequencyHoldout, calibration.Weights);
        var table = ConditionalExpectationTable.Compute(calibration.Frequency, predicted, split.FrequencyHoldout, calibration.Weights);

        Console.WriteLine(Invariant($"Holdout check: repeat purchases in the {holdoutWeeks:0.##} holdout weeks, predicted by the calibration fit vs actual"));
        Console.WriteLine(Invariant($"  total predicted: {metrics.TotalPredicted:F1}   total actual: {metrics.TotalActual:F0}   per customer: MAE {metrics.MeanAbsoluteError:F4}, RMSE {metrics.RootMeanSquaredError:F4}, bias {metrics.Bias:F4}"));
        Console.WriteLine("Conditional expectations by calibration repeat purchases x:");
        var rows = new TextTable("x", "customers", "mean actual", "mean predicted");
        foreach (var row in table.Rows)
            rows.Add(row.Label, TextTable.Number(row.Customers, "F0"), row.MeanActual is { } a ? TextTable.Number(a, "F3") : "-",
                row.MeanPredicted is { } p ? TextTable.Number(p, "F3") : "-");
        rows.Write();
    }

    private static void PrintMostValuable(CustomerPredictions predictions, ClvOptions valuation, DateOnly from)
    {
        var value = predictions.Value!;
        Console.WriteLine(Invariant($"Customer lifetime value over the {valuation.PeriodCount} months after {from:yyyy-MM-dd}: discount rate {valuation.DiscountRate.Rate * 100:0.##}% a month (paid at the end of each month), margin {valuation.Margin} (revenue); Gamma-Gamma expected spend per purchase, BG/NBD expected purchases from the calibration fit."));
        Console.WriteLine(Invariant($"Total over {value.Count} customers: {value.Total:F2}"));
        Console.WriteLine("The ten most valuable customers:");
        var order = Enumerable.Range(0, value.Count).OrderByDescending(i => value.Values[i]).ThenBy(i => i).Take(10);
        var table = new TextTable("customer", "x", "P(alive)", "expected purchases", "expected spend", "CLV");
        var customers = predictions.Customers;
        foreach (int i in order)
            table.Add(customers.CustomerIds[i], TextTable.Number(customers.Frequency[i], "F0"), TextTable.Number(predictions.ProbabilityAlive[i], "F4"),
                TextTable.Number(predictions.ExpectedPurchases[i], "F3"), TextTable.Number(value.ExpectedSpend[i], "F2"), TextTable.Number(value.Values[i], "F2"));
        table.Write();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
