using System.CommandLine;
using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.MachineLearning;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Reporting.CustomerBase;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// <c>clv report</c>: fits BG/NBD and Gamma-Gamma by maximum likelihood (<see cref="ModelFitter"/>) on the calibration
/// period, checks them on the holdout against the naive and ML.NET baselines, and writes one self-contained HTML page.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output") { Description = "HTML file to write.", DefaultValueFactory = _ => "report.html" };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists." };
        var transactions = new Option<string?>("--input", "--transactions") { Description = "Transaction log (delimited text with a header; '-' reads standard input) of the purchase model to fit; without it (and without a model file) the embedded CDNOW sample is used. With a model file as --model: the discrete summary ([customer_id,]frequency,recency,periods[,weight][,frequency_holdout,periods_holdout]) of a bgbb file, or the cohort table ([cohort,]period,alive) of an sbg or bdw file. --transactions is the former name." };
        var calibrationEnd = new Option<string?>("--calibration-end") { Description = "Last day of the calibration period (yyyy-MM-dd); required with --input." };
        var observationEnd = new Option<string?>("--observation-end") { Description = "Last day of observation (yyyy-MM-dd); required with --input." };
        var timeUnit = new Option<string>("--time-unit") { Description = "Unit of recency and T: days, weeks or months (also years).", DefaultValueFactory = _ => "weeks" };
        var customerColumn = new Option<string>("--customer-column") { Description = "Customer id column.", DefaultValueFactory = _ => "customer_id" };
        var dateColumn = new Option<string>("--date-column") { Description = "Date column.", DefaultValueFactory = _ => "date" };
        var amountColumn = new Option<string>("--amount-column") { Description = "Amount column.", DefaultValueFactory = _ => "amount" };
        var delimiter = new Option<string>("--delimiter") { Description = "Field delimiter: a character, 'tab', or 'whitespace'.", DefaultValueFactory = _ => "," };
        var dateFormat = new Option<string>("--date-format") { Description = "'iso' (yyyy-MM-dd or ISO date-time), 'yyyyMMdd', or another .NET date format.", DefaultValueFactory = _ => "iso" };
        var dropAfterEnd = new Option<bool>("--drop-after-end") { Description = "Drop transactions after the observation end instead of failing." };
        var allowNegative = new Option<bool>("--allow-negative") { Description = "Accept negative amounts (returns)." };
        var model = new Option<string>("--model") { Description = "Purchase model to fit (a name from 'clv models'; default bgnbd), or a discrete or retention model file with --input.", DefaultValueFactory = _ => BgNbdDefinition.Instance.Name };
        var valuation = new ValuationOptions();
        var covariates = new Option<string?>("--covariates") { Description = "Static covariates CSV (one row per customer of --input): fits the purchase model with every covariate on each of its processes; the report adds the coefficient table and predicts each customer at its own parameters." };
        var covariateId = new Option<string?>("--covariate-id-column") { Description = "With --covariates: the customer id column (default customer_id if present, else the first column)." };
        var setting = new SettingReport();
        var json = new Option<bool>("--json") { Description = "Also print what the page shows as JSON on standard output: the data and valuation, the headline total value with its interval, the segments with their rules and thresholds, and the fitted models' parameters." };

        var command = new Command("report", "Fit the models, check them on a holdout against baselines, and write a self-contained HTML report.");
        foreach (var option in new Option[] { output, force, transactions, calibrationEnd, observationEnd, timeUnit, customerColumn,
                     dateColumn, amountColumn, delimiter, dateFormat, dropAfterEnd, allowNegative, model, covariates, covariateId, json }.Concat(valuation.All).Concat(setting.All))
            command.Options.Add(option);

        command.SetAction(parse => CliErrors.Run("report", () => FitFailuresAsInputErrors(() =>
        {
            string path = StandardStreams.Output(parse.GetValue(output)!, "--output");
            string? input = StandardStreams.Input(parse.GetValue(transactions), "--input");
            string modelName = StandardStreams.Input(parse.GetValue(model), "--model")!;
            bool printJson = parse.GetValue(json);
            if (printJson && StandardStreams.IsStandardOutput(parse.GetValue(output)!))
                throw new ArgumentException("--json prints on standard output, which --output - takes for the page: write the page to a file, or leave out --json.");
            if (SettingReport.IsModelFile(modelName))
            {
                if (printJson) throw new ArgumentException("--json summarises the report of a fitted purchase model; it does not apply to a model file's page.");
                setting.Write(parse, modelName, input, path, parse.GetValue(force), valuation.Read(parse).Margin);
                return 0;
            }
            OutputFiles.Check([("--input", input), ("--covariates", parse.GetValue(covariates))], [("--output", path)], parse.GetValue(force));
            var definition = WithCovariates(PurchaseDefinition(modelName), parse.GetValue(covariates), parse.GetValue(covariateId));
            var clv = valuation.Read(parse);
            if (input is null)
            {
                Write(Datasets.CdnowSample(), Datasets.CdnowCalibrationEnd, Datasets.CdnowObservationEnd, TimeUnit.Weeks, path,
                    "CDNOW sample (2,357 customers, first purchases in 1997 Q1)", definition, clv, json: printJson);
                return 0;
            }
            var readerOptions = new TransactionLogReaderOptions
            {
                CustomerColumn = parse.GetValue(customerColumn)!,
                DateColumn = parse.GetValue(dateColumn)!,
                AmountColumn = parse.GetValue(amountColumn)!,
                Delimiter = SummarizeCommand.ParseDelimiter(parse.GetValue(delimiter)!),
                DateFormat = parse.GetValue(dateFormat),
                AllowNegativeAmounts = parse.GetValue(allowNegative),
            };
            var calibration = ParseDate(parse.GetValue(calibrationEnd), "--calibration-end");
            var observation = ParseDate(parse.GetValue(observationEnd), "--observation-end");
            var log = TransactionLogReader.Read(input, readerOptions);
            Write(log, calibration, observation, TimeUnit.Parse(parse.GetValue(timeUnit)!), path, StandardStreams.FileName(input),
                definition, clv, parse.GetValue(dropAfterEnd), printJson);
            return 0;
        })));
        return command;
    }

    /// <summary>A model that cannot be fitted to the user's data is a property of the data: report it in one line too.</summary>
    private static int FitFailuresAsInputErrors(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ConvergenceException or NotIdentifiedException or NotPositiveDefiniteException or ArithmeticException or InvalidOperationException)
        {
            throw new ArgumentException($"the models could not be fitted or evaluated on these data: {e.Message}", e);
        }
    }

    /// <summary>
    /// The whole pipeline in one call (also for <c>clv demo</c>): summarise, fit BG/NBD and Gamma-Gamma by maximum
    /// likelihood, train the ML.NET baseline, build the report and write it to <paramref name="path"/>.
    /// </summary>
    internal static CustomerBaseReport Write(TransactionLog log, DateOnly calibrationEnd, DateOnly observationEnd, TimeUnit unit,
        string path, string dataName, ModelDefinition purchaseModel, ClvOptions valuation, bool dropAfterEnd = false, bool json = false)
    {
        var data = RfmSummarizer.SummarizeCalibrationHoldout(log, calibrationEnd,
            new SummaryOptions(observationEnd, unit) { DropTransactionsAfterEnd = dropAfterEnd });
        return Write(log, data, calibrationEnd, observationEnd, ModelFitter.Fit(purchaseModel, data.Calibration, ModelReport.DefaultOptions),
            FitSpend(data.Calibration), path, dataName, valuation, json);
    }

    /// <summary>The purchase model with every covariate of <paramref name="path"/> on each of its processes, or the model itself without.</summary>
    private static ModelDefinition WithCovariates(ModelDefinition model, string? path, string? idColumn)
    {
        if (path is null)
            return idColumn is null ? model : throw new ArgumentException("--covariate-id-column applies to --covariates.");
        return new CovariateFit(path, idColumn, null, Models.Covariates.CovariateSpecification.All, new Data.Covariates.CovariateEncodingOptions(), 0, 0, 0)
            .Apply(model, new FitOptions()).Model;
    }

    private static ModelDefinition PurchaseDefinition(string name)
    {
        var definition = ModelRegistry.Find(name) ?? throw new ArgumentException(
            $"--model: '{name}' is not a registered model; purchase models: {string.Join(", ", ModelRegistry.All.Where(m => m.Kind == ModelKind.Purchase).Select(m => m.Name))}.");
        if (definition.Kind != ModelKind.Purchase)
            throw new ArgumentException($"--model: {definition.DisplayName} ({definition.Name}) is not a purchase model; the report values customers with a purchase model and fits Gamma-Gamma for spend itself.");
        return definition;
    }

    /// <summary>The report for models already fitted to <paramref name="data"/>'s calibration period (as <c>clv demo</c> has them).</summary>
    internal static CustomerBaseReport Write(TransactionLog log, CalibrationHoldoutSummary data, DateOnly calibrationEnd, DateOnly observationEnd,
        ModelFit purchases, ModelFit? spend, string path, string dataName, ClvOptions valuation, bool json = false)
    {
        var unit = data.Calibration.TimeUnit;
        var segmentation = new SegmentationOptions { NewCustomerAge = unit.FromDays(28) }; // the report's default, stated in --json
        double holdout = data.CommonHoldoutDuration();
        var trees = GradientBoostedBaseline.Train(log, calibrationEnd, holdout, unit);
        var report = CustomerBaseReport.Build(purchases, data, spend, CohortTracking.FromLog(log, calibrationEnd, observationEnd, unit),
            new CustomerBaseReportOptions
            {
                Title = "Customer base report",
                Subtitle = string.Create(CultureInfo.InvariantCulture,
                    $"{dataName}: calibration to {calibrationEnd:yyyy-MM-dd}, holdout to {observationEnd:yyyy-MM-dd}, in {unit.Name}"),
                Baselines = [new BaselinePredictions("Gradient-boosted trees (ML.NET)", trees.Predict(data.Calibration, holdout), trees.Description)],
                Valuation = valuation,
                Segmentation = segmentation,
            });
        report.Write(path);
        if (json)
            Console.Out.Write(ReportJson.Write(report, data, dataName, calibrationEnd, observationEnd, purchases, spend, valuation, segmentation, path));
        CliErrors.Status(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {path}: {data.Count} customers, holdout purchases {report.Evaluation.Purchases.TotalActual:0} actual, {report.Evaluation.Purchases.TotalPredicted:0.0} predicted by {purchases.Definition.DisplayName}."));
        return report;
    }

    /// <summary>Gamma-Gamma needs repeat buyers with positive spend; without them the report values customers by purchases.</summary>
    private static ModelFit? FitSpend(RfmSummary calibration)
    {
        bool any = false;
        for (int i = 0; i < calibration.Count && !any; i++) any = calibration.Frequency[i] > 0 && calibration.MonetaryValue[i] > 0;
        return any ? ModelFitter.Fit(GammaGammaDefinition.Instance, calibration, ModelReport.DefaultOptions) : null;
    }

    private static DateOnly ParseDate(string? text, string option) =>
        text is null ? throw new ArgumentException($"{option} is required with --input.") : SummarizeCommand.ParseDate(text, option);
}
