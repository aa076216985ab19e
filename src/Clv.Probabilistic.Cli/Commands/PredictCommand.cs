using System.CommandLine;
using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Discrete;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.Covariates;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Valuation;
using Clv.Probabilistic.Valuation.Intervals;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// <c>clv predict</c>: per-customer expected purchases and P(alive) from any purchase-model file, and with any spend-model
/// file expected spend and CLV; <c>--interval</c> adds parameter-uncertainty intervals from the files' draws.
/// </summary>
internal static class PredictCommand
{
    private const string Name = "predict";

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = $"Purchase-model file written by 'clv fit' ({KindNames(ModelKind.Purchase)}; discrete: {KindNames(ModelKind.DiscretePurchase)}), or a retention-model file ({KindNames(ModelKind.Retention)}, with --tenure-column).", Required = true };
        var tenureColumn = new Option<string?>("--tenure-column") { Description = "Retention models: the input column holding each customer's renewals so far; writes retention, survival over --horizon periods, derl at --discount-rate and residual_value (derl × --margin)." };
        var input = new Option<string>("--input") { Description = "Summary CSV of the customers to predict (customer_id,frequency,recency,T[,monetary_value]).", Required = true };
        var timeUnit = new Option<string?>("--time-unit") { Description = "Unit of recency and T in the summary; must be the model's (the default)." };
        var horizon = new Option<double>("--horizon")
        {
            Description = "Prediction horizon, in --horizon-unit periods (for a discrete model: whole periods of the model); 'inf' with --continuous and --discount-rate gives the discounted expected purchases over the customer's whole future (DERT) where the model has a closed form.",
            Required = true,
            CustomParser = ParseHorizon,
        };
        var horizonUnit = new Option<string?>("--horizon-unit") { Description = "Unit of --horizon: days, weeks, months or years (default: the model's time unit)." };
        var spendModel = new Option<string?>("--spend-model") { Description = $"Spend-model file written by 'clv fit' ({KindNames(ModelKind.Spend)}): adds expected_spend and clv (needs monetary_value in the summary)." };
        var discountRate = new Option<double?>("--discount-rate") { Description = "Discount rate per --discount-unit period, e.g. 0.01 (with --spend-model)." };
        var discountUnit = new Option<string?>("--discount-unit") { Description = "Period of --discount-rate (default: --horizon-unit)." };
        var margin = new Option<double>("--margin") { Description = "Profit margin applied to expected revenue.", DefaultValueFactory = _ => 1.0 };
        var continuous = new Option<bool>("--continuous") { Description = "Discount continuously instead of at the end of each --horizon-unit period." };
        var dertRate = new Option<double?>("--dert-rate") { Description = "Discrete models: discount rate d per period; adds discounted_expected_purchases (DERT, all future periods discounted by (1+d)^-s)." };
        var interval = new Option<double?>("--interval") { Description = "Add equal-tailed intervals at this level (e.g. 0.9) from the model files' parameter draws (any fit method); see --interval-kind." };
        var intervalKind = new Option<string>("--interval-kind") { Description = "With --interval: 'credible' (default) adds <column>_lower/_upper of the expected quantities (parameter uncertainty); 'predictive' adds future_purchases_lower/_upper (whole numbers) and, with --spend-model, future_value_lower/_upper of the realised purchases and undiscounted value in the horizon (parameter and process uncertainty).", DefaultValueFactory = _ => "credible" };
        var intervalDraws = new Option<int>("--draws") { Description = "With --interval: parameter draws behind the intervals (default 200; at most the model files' draws).", DefaultValueFactory = _ => 200 };
        var output = new Option<string>("--output") { Description = "Predictions CSV to write.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists." };
        var covariates = new CovariateBinding();

        var command = new Command(Name, "Predict expected purchases and P(alive) per customer, and optionally expected spend and discounted CLV.");
        foreach (var option in new Option[] { model, input, timeUnit, horizon, horizonUnit, spendModel, discountRate, discountUnit, margin, continuous, dertRate, interval, intervalKind, intervalDraws, output, force, tenureColumn }.Concat(covariates.All))
            command.Options.Add(option);
        var timeVarying = new TimeVaryingCovariateOptions(covariates.IdColumn);
        foreach (var option in timeVarying.All.Concat(TimeVaryingPredict.Extra())) command.Options.Add(option);

        command.SetAction(parse => CliErrors.Run(Name, () =>
        {
            string modelPath = StandardStreams.Input(parse.GetValue(model), "--model")!;
            string? spendPathGiven = StandardStreams.Input(parse.GetValue(spendModel), "--spend-model");
            string inputPath = StandardStreams.Input(parse.GetValue(input), "--input")!;
            string outputPath = StandardStreams.Output(parse.GetValue(output)!, "--output");
            if (timeVarying.Given(parse))
            {
                PredictWarmup.WaitForWholeFiles();
                return TimeVaryingPredict.Run(parse, timeVarying, modelPath, inputPath, parse.GetValue(horizon), parse.GetValue(discountRate), outputPath, parse.GetValue(force));
            }
            OutputFiles.Check([("--model", modelPath), ("--spend-model", spendPathGiven), ("--input", inputPath)],
                [("--output", outputPath)], parse.GetValue(force));
            var loaded = covariates.Load(parse, modelPath);
            var loadedSpend = spendPathGiven is { } spendFile ? covariates.Load(parse, spendFile) : null;
            covariates.CheckUsed(parse);
            PredictWarmup.Wait();
            if (loaded.Definition.Kind == ModelKind.Retention)
            {
                PredictWarmup.WaitForWholeFiles();
                return RetentionPredict.Run(loaded, modelPath, inputPath, parse.GetValue(tenureColumn), parse.GetValue(horizon),
                    parse.GetValue(discountRate), parse.GetValue(margin), outputPath,
                    new Option[] { timeUnit, horizonUnit, spendModel, discountUnit, continuous, interval, intervalKind, intervalDraws, dertRate }.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name));
            }
            if (parse.GetValue(tenureColumn) is not null)
                throw new ArgumentException($"--tenure-column applies to retention models, but {modelPath} holds a {loaded.Definition.DisplayName} model.");
            if (loaded.Definition.Kind == ModelKind.DiscretePurchase)
            {
                if (parse.GetValue(spendModel) is not null || parse.GetValue(discountRate) is not null || parse.GetValue(discountUnit) is not null
                    || parse.GetValue(continuous) || parse.GetValue(horizonUnit) is not null || parse.GetValue(interval) is not null
                    || parse.GetResult(intervalKind) is { Implicit: false } || parse.GetResult(intervalDraws) is { Implicit: false })
                    throw new ArgumentException($"{modelPath} holds a {loaded.Definition.DisplayName} model of discrete opportunities: it takes --horizon in whole periods and --dert-rate, not --spend-model, --discount-rate, --discount-unit, --continuous, --horizon-unit, --interval, --interval-kind or --draws.");
                PredictWarmup.WaitForWholeFiles();
                return PredictDiscrete(Checked(loaded, modelPath, ModelKind.DiscretePurchase, "--model"), modelPath, inputPath,
                    parse.GetValue(timeUnit), parse.GetValue(horizon), parse.GetValue(dertRate), outputPath);
            }
            if (parse.GetValue(dertRate) is not null)
                throw new ArgumentException($"--dert-rate applies to models of discrete opportunities ({KindNames(ModelKind.DiscretePurchase)}); value continuous-time customers with --spend-model and --discount-rate.");
            var purchaseFit = Checked(loaded, modelPath, ModelKind.Purchase, "--model");
            var purchases = purchaseFit.PurchaseModel();
            var unit = parse.GetValue(timeUnit) is { } unitText ? TimeUnit.Parse(unitText) : purchases.TimeUnit;
            if (!unit.IsSameAs(purchases.TimeUnit))
                throw new ArgumentException($"--time-unit {unit.Name} does not match the model's time unit ({purchases.TimeUnit.Name}, {modelPath}): summarise the customers in {purchases.TimeUnit.Name} or fit the model in {unit.Name}.");
            var periods = parse.GetValue(horizonUnit) is { } periodText ? TimeUnit.Parse(periodText) : purchases.TimeUnit;
            double horizonValue = parse.GetValue(horizon);

            if (double.IsPositiveInfinity(horizonValue))
            {
                PredictWarmup.WaitForWholeFiles();
                RunUnbounded(purchaseFit, purchases, modelPath, outputPath, periods,
                    parse.GetValue(discountRate), parse.GetValue(discountUnit), parse.GetValue(continuous),
                    loadedSpend is null ? null : Checked(loadedSpend, spendPathGiven!, ModelKind.Spend, "--spend-model"), parse.GetValue(margin),
                    parse.GetValue(interval) is not null, inputPath);
                return 0;
            }

            ModelFit? spendFit = null;
            ISpendModel? spend = null;
            ClvOptions? valuation = null;
            double? rate = parse.GetValue(discountRate);
            if (spendPathGiven is { } spendPath)
            {
                spendFit = Checked(loadedSpend!, spendPath, ModelKind.Spend, "--spend-model");
                spend = spendFit.SpendModel();
                valuation = Valuation(horizonValue, periods, rate, parse.GetValue(discountUnit), parse.GetValue(continuous), parse.GetValue(margin));
            }
            else if (rate is not null || parse.GetValue(discountUnit) is not null || parse.GetValue(continuous))
            {
                throw new ArgumentException("--discount-rate, --discount-unit and --continuous value customers and need --spend-model.");
            }

            if (parse.GetValue(interval) is null && (parse.GetResult(intervalKind) is { Implicit: false } || parse.GetResult(intervalDraws) is { Implicit: false }))
                throw new ArgumentException("--interval-kind and --draws shape the intervals of --interval: give --interval LEVEL too (e.g. 0.9).");
            // Without intervals the customers are scored block by block in constant memory. The whole file is read at
            // once for intervals, for covariates, for continuous discounting (whose quadrature refines the rows that need
            // it together, so a row's last bits depend on its neighbours), or when a model fails on a block (to report
            // the failure as it always has).
            if (parse.GetValue(interval) is null && purchases is not CovariatePurchaseModel && spend is not CovariateSpendModel
                && valuation is not { Discounting: DiscountingKind.Continuous }
                && StreamedPredictions.TryWriteCsv(purchases, inputPath, horizonValue, periods, spend, valuation, outputPath) is long streamed)
            {
                Predicted(streamed, "");
                return 0;
            }
            PredictWarmup.WaitForWholeFiles();
            var customers = RfmSummaryCsv.Read(inputPath, purchases.TimeUnit, spend is null ? SummaryFields.Durations : SummaryFields.All);
            CsvRows.CompileAhead(); // on the core the one-thread computation leaves idle
            var predictions = CustomerPredictions.Compute(purchases, customers, horizonValue, periods, spend, valuation);
            string intervals = "";
            if (parse.GetValue(interval) is double level)
            {
                string kind = parse.GetValue(intervalKind)!.Trim().ToLowerInvariant();
                if (kind is not ("credible" or "predictive"))
                    throw new ArgumentException($"--interval-kind: '{parse.GetValue(intervalKind)}' is neither 'credible' nor 'predictive'.");
                int draws = parse.GetValue(intervalDraws);
                CheckIntervals(level, draws, purchaseFit, modelPath, spendFit, spendPathGiven);
                var options = new IntervalOptions
                {
                    Level = level,
                    Horizon = periods.ConvertTo(horizonValue, purchases.TimeUnit),
                    Clv = valuation,
                    MaxDraws = draws,
                };
                var computed = kind == "credible"
                    ? PredictionIntervals.Compute(purchaseFit, spendFit, customers, options)
                    : PredictionIntervals.Predictive(purchaseFit, spendFit, customers, options);
                predictions = predictions.WithIntervals(computed);
                intervals = string.Create(CultureInfo.InvariantCulture, $", {level:0.##%} {kind} intervals over {computed.Draws} draws");
            }
            predictions.WriteCsv(outputPath);
            Predicted(customers.Count, intervals);
            return 0;

            void Predicted(long count, string intervals) => CliErrors.Status(string.Create(CultureInfo.InvariantCulture,
                $"Predicted {count} customers over {horizonValue} {periods.Name}{(valuation is null ? "" : $", discount rate {valuation.DiscountRate.Rate} per {Singular(valuation.DiscountRate.Period)} ({valuation.Discounting.ToString().ToLowerInvariant()}), margin {valuation.Margin}")}{intervals}: {outputPath}"));
        }));
        return command;
    }

    /// <summary>
    /// The valuation of <c>--spend-model</c>: <c>--discount-rate</c> is required, <c>--discount-unit</c> defaults to the
    /// horizon's unit, per-period discounting needs a whole horizon.
    /// </summary>
    internal static ClvOptions Valuation(double horizon, TimeUnit periods, double? rate, string? discountUnit, bool continuous, double margin)
    {
        if (rate is null) throw new ArgumentException("--discount-rate is required with --spend-model (e.g. 0.01 for 1% per --horizon-unit period; 0 for none).");
        var rateUnit = discountUnit is { } rateText ? TimeUnit.Parse(rateText) : periods;
        var kind = continuous ? DiscountingKind.Continuous : DiscountingKind.Discrete;
        if (kind == DiscountingKind.Discrete && Math.Abs(horizon - Math.Round(horizon)) > 1e-9 * horizon)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--horizon {horizon} {periods.Name} is not a whole number of periods, which per-period discounting needs: use a whole horizon or --continuous."));
        return new ClvOptions(horizon, periods, new DiscountRate(rate.Value, rateUnit), kind, margin);
    }

    /// <summary>Checks <c>--interval</c> and <c>--draws</c>, and that the model files hold draws to build intervals from.</summary>
    internal static void CheckIntervals(double level, int draws, ModelFit purchaseFit, string modelPath, ModelFit? spendFit, string? spendPath)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--interval: {level} is not a level in (0, 1), e.g. 0.9."));
        if (draws < 2) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--draws: {draws} is fewer than the 2 draws an interval needs (default 200)."));
        CheckDraws(purchaseFit, modelPath);
        if (spendFit is not null) CheckDraws(spendFit, spendPath!);
    }

    /// <summary>P(alive), expected transactions over whole periods and, with a rate, DERT, from a discrete-opportunity model.</summary>
    private static int PredictDiscrete(ModelFit fit, string modelPath, string inputPath, string? unitText, double horizon, double? dertRate, string outputPath)
    {
        var unit = unitText is null ? fit.TimeUnit : TimeUnit.Parse(unitText);
        if (!unit.IsSameAs(fit.TimeUnit))
            throw new ArgumentException($"--time-unit {unit.Name} does not match the model's period ({fit.TimeUnit.Name}, {modelPath}).");
        if (!(horizon >= 0) || horizon != Math.Floor(horizon) || horizon > int.MaxValue)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--horizon {horizon} is not a whole number of periods ≥ 0, which a model of discrete opportunities needs."));
        if (dertRate is double d && !(d > 0 && double.IsFinite(d)))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--dert-rate: {d} is not a discount rate > 0 per period, e.g. 0.1."));
        var customers = DiscreteSummaryCsv.Read(inputPath, fit.TimeUnit);
        DiscretePredictions.Compute(fit.DiscretePurchaseModel(), customers, (int)horizon, dertRate).WriteCsv(outputPath);
        CliErrors.Status(string.Create(CultureInfo.InvariantCulture,
            $"Predicted {customers.Count} rows over {horizon} periods{(dertRate is null ? "" : $", DERT at {dertRate} per period")}: {outputPath}"));
        return 0;
    }

    /// <summary>
    /// <c>--horizon inf</c>: DERT at δ = ln(1 + d) per --discount-unit (Fader, Hardie &amp; Lee 2005) for models that declare
    /// the closed form (<see cref="IDiscountedResidualPurchases"/>), with P(alive), and with a spend model
    /// clv = margin × expected spend × DERT.
    /// </summary>
    private static void RunUnbounded(ModelFit purchaseFit, IPurchaseModel purchases, string modelPath,
        string outputPath, TimeUnit periods, double? rate, string? rateUnitText, bool continuous, ModelFit? spendFit, double margin, bool interval, string inputPath)
    {
        if (purchases is not IDiscountedResidualPurchases closedForm)
            throw new ArgumentException(
                $"--horizon inf: the {purchaseFit.Definition.DisplayName} model ({modelPath}) has no closed form for the discounted expected purchases over an unbounded horizon; give a finite --horizon.");
        if (!continuous)
            throw new ArgumentException("--horizon inf needs --continuous: the unbounded-horizon form discounts continuously (DERT at δ = ln(1 + d)).");
        if (rate is not double d || !(d > 0))
            throw new ArgumentException("--horizon inf needs a positive --discount-rate (e.g. 0.15 with --discount-unit years): undiscounted purchases over an unbounded horizon are not finite in general.");
        if (interval)
            throw new ArgumentException("--interval is not available with --horizon inf; give a finite --horizon for intervals.");
        var rateUnit = rateUnitText is { } text ? TimeUnit.Parse(text) : periods;
        var discount = new DiscountRate(d, rateUnit);
        var customers = RfmSummaryCsv.Read(inputPath, purchases.TimeUnit);
        var predictions = CustomerPredictions.ComputeUnbounded(closedForm, customers, discount, spendFit?.SpendModel(), margin);
        predictions.WriteCsv(outputPath);
        CliErrors.Status(string.Create(CultureInfo.InvariantCulture,
            $"Predicted {customers.Count} customers over an unbounded horizon, discount rate {d} per {Singular(rateUnit)} (continuous){(spendFit is null ? "" : $", margin {margin}")}: {outputPath}"));
    }

    /// <summary>A number of periods, or inf / infinity / ∞ for an unbounded horizon.</summary>
    private static double ParseHorizon(System.CommandLine.Parsing.ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (text.Trim().ToLowerInvariant() is "inf" or "infinity" or "∞") return double.PositiveInfinity;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)) return value;
        result.AddError($"--horizon: '{text}' is not a number of periods or 'inf'.");
        return 0;
    }

    private static string Singular(TimeUnit unit) => unit.Name.EndsWith('s') ? unit.Name[..^1] : unit.Name;

    /// <summary>Loads a model file that must hold a model of <paramref name="kind"/> (see <see cref="Checked"/>).</summary>
    /// <exception cref="ModelFileException">The file is unreadable or holds a model of another kind.</exception>
    internal static ModelFit Load(string path, ModelKind kind, string option) => Checked(CovariateBinding.Refuse(ModelFile.Load(path), path), path, kind, option);

    /// <summary>
    /// Checks that a loaded model file holds a model of <paramref name="kind"/>; warns when the file records an unreliable fit.
    /// </summary>
    /// <exception cref="ModelFileException">The file holds a model of another kind.</exception>
    private static ModelFit Checked(ModelFit fit, string path, ModelKind kind, string option)
    {
        var definition = fit.Definition;
        if (definition.Kind != kind)
            throw new ModelFileException(
                $"{path} holds a {definition.DisplayName} {KindWord(definition.Kind)} model ('{definition.Name}'), but {option} takes a {KindWord(kind)} model ({KindNames(kind)}){(kind == ModelKind.Purchase ? ": pass it as --spend-model" : ": pass it as --model")}.");
        if (!fit.IsReliable)
            CliErrors.Warn(Name, $"{path}: the {definition.DisplayName} fit is recorded as {ModelReport.Verdict(fit)}");
        return fit;
    }

    /// <summary>
    /// Interval columns need the fit's draws: a file of release 0.1.0 fitted by maximum likelihood has none, and the draws
    /// of a fit that is not identified spread over many orders of magnitude along the limit it ran towards.
    /// </summary>
    private static void CheckDraws(ModelFit fit, string path)
    {
        if (fit.Status == FitStatus.NotIdentified)
            throw new ModelFileException(
                $"{path}: the {fit.Definition.DisplayName} fit is recorded as not identified, so intervals from its parameter draws would mean nothing: fit it on more data.");
        if (fit.Draws is null)
            throw new ModelFileException(
                $"{path}: model '{fit.Definition.Name}' ({fit.Method.ToName()}) holds no parameter draws (a file written by an older clv fit): fit it again to get intervals.");
    }

    private static string KindWord(ModelKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The registered models of <paramref name="kind"/>, by name.</summary>
    private static string KindNames(ModelKind kind) =>
        string.Join(", ", ModelRegistry.All.Where(m => m.Kind == kind).Select(m => m.Name));
}
