// Generated from notebooks/quickstart.ipynb by notebooks/tools/export-apps.cs: edit the notebook, then re-export.
// Run from the repository root: dotnet run notebooks/apps/quickstart.cs [report.html]
#:project ../../src/Clv.Probabilistic.Interactive/Clv.Probabilistic.Interactive.csproj
#:project ../../src/Clv.Probabilistic.Reporting/Clv.Probabilistic.Reporting.csproj
#:project ../../src/Clv.Probabilistic/Clv.Probabilistic.csproj

// # Quick start: CDNOW with BG/NBD, Gamma-Gamma and CLV
//
// This notebook runs the whole Clv.Probabilistic pipeline on the CDNOW sample that ships inside the library
// (2,357 customers who first bought at CDNOW in the first quarter of 1997, Fader, Hardie & Lee 2005):
//
// 1. summarise the transactions into frequency / recency / age (RFM) with a calibration and a holdout period;
// 2. fit the BG/NBD purchase model and the Gamma-Gamma spend model by maximum likelihood;
// 3. predict purchases and the probability that each customer is still active;
// 4. check the predictions against the holdout period;
// 5. value each customer (CLV) and plot the results;
// 6. compare BG/NBD with the other purchase models.
//
// **Before you run it**, pack the library once from the repository root with the build step of `notebooks/README.md`.
// The first two cells load it from the local package folder that step makes, with its dependencies from NuGet.

using Clv.Probabilistic;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Interactive;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Reporting;
using Clv.Probabilistic.Reporting.Plots;
using Clv.Probabilistic.Valuation;
using Microsoft.AspNetCore.Html;

// display(...) as in a notebook: text to the console, and everything (tables and charts as HTML) to a report file.
var report = new System.Text.StringBuilder("<!DOCTYPE html><meta charset=\"utf-8\"><title>quickstart</title>\n");
string reportPath = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "clv-quickstart.html");
object? display(object? value)
{
    string? html = Clv.Probabilistic.Interactive.ClvFormatters.TryHtml(value);
    Console.WriteLine(html is null ? value : $"[{value!.GetType().Name}: see {reportPath}]");
    report.Append(html ?? "<pre>" + System.Net.WebUtility.HtmlEncode(value?.ToString()) + "</pre>").Append('\n');
    return value;
}

// Summaries, fits, draws and prediction tables render as HTML tables once the formatters are registered.
ClvFormatters.Register();
// Charts are SVG strings; HtmlString makes the notebook render them instead of printing the markup.
static HtmlString Html(string markup) => new(markup);

// ## 1. Summarise the transactions
//
// `Datasets.CdnowSample()` reads the 6,919 embedded transactions. `SummarizeCalibrationHoldout` splits each customer's
// history at 1997-09-30: in the 39-week calibration period it records
//
// * `frequency` x: the number of **repeat** purchase days (the first purchase is not counted),
// * `recency` t_x: the time of the last repeat purchase, measured from the first purchase,
// * `T`: the time from the first purchase to the end of calibration,
// * `monetary_value`: the mean amount of the repeat purchases,
//
// and, for the 39-week holdout period up to 1998-06-30, the purchases we will try to predict. Time is in weeks.

var log = Datasets.CdnowSample();
var split = RfmSummarizer.SummarizeCalibrationHoldout(log, Datasets.CdnowCalibrationEnd,
    new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks));
var calibration = split.Calibration;
display(split);

// About 60% of the customers never bought again in the calibration period (x = 0): the model must tell those who are
// merely quiet from those who have left.
//
// ## 2. Fit the BG/NBD purchase model
//
// BG/NBD says that while active a customer buys at a Poisson rate λ (Gamma(r, α) across customers) and after each
// purchase leaves with probability p (Beta(a, b) across customers). `ModelFitter.Fit(BgNbdDefinition.Instance, ...)` maximises the
// likelihood over the four population parameters. The fit shows the estimates with standard errors and 95% intervals,
// the log-likelihood, the verdict (converged, or what went wrong) and any warnings; `purchases.Model` is the fitted
// model that makes the predictions. The paper reports r = 0.243, α = 4.414, a = 0.793, b = 2.426 on this data.

var purchases = ModelFitter.Fit(BgNbdDefinition.Instance, calibration);
display(purchases);
var model = purchases.Model;

// Read the parameters as a population: r/α ≈ 0.055 is the mean purchase rate per week of an active customer
// (about one purchase every 18 weeks), and a/(a + b) ≈ 0.25 is the mean probability of leaving after a purchase.
//
// ## 3. Predict purchases and P(alive)
//
// For each customer, given their own (x, t_x, T), we ask for the expected number of purchases in the next 39 weeks
// and the probability that they are still active. The table shows the first customers; the heat map shows P(alive)
// for a customer observed for 39 weeks, by frequency and recency: a customer who bought often but not recently is
// probably gone (bottom right of each row is bright, the left of the high rows dark).

double holdoutWeeks = split.DurationHoldout[0];
var expected = new double[calibration.Count];
var alive = new double[calibration.Count];
model.ConditionalExpectedPurchases(calibration, holdoutWeeks, expected);
model.ProbabilityAlive(calibration, alive);
display(new PredictionTable(calibration.CustomerIds,
    new Dictionary<string, double[]> { ["expected_purchases_39w"] = expected, ["p_alive"] = alive }));

var frequencies = Enumerable.Range(0, 15).Select(x => (double)x).ToArray();
var recencies = Enumerable.Range(0, 40).Select(t => (double)t).ToArray();
var grid = new double[frequencies.Length, recencies.Length];
for (int i = 0; i < frequencies.Length; i++)
    for (int j = 0; j < recencies.Length; j++)
    {
        var one = new RfmSummary(["grid"], [frequencies[i]], [frequencies[i] == 0 ? 0 : recencies[j]], [39.0], [0.0], TimeUnit.Weeks);
        var p = new double[1];
        model.ProbabilityAlive(one, p);
        grid[i, j] = p[0];
    }
display(Html(FrequencyRecencyHeatmap.Create(frequencies, recencies, grid, "P(alive)", (0, 1),
    new ChartOptions { Title = "P(alive) after 39 weeks", XLabel = "recency t_x (weeks)", YLabel = "frequency x" }).ToSvg()));

// ## 4. Check against the holdout period
//
// The calibration fit never saw the holdout purchases. Two checks:
//
// * **Conditional expectations**: group customers by calibration frequency x and compare the mean predicted holdout
//   purchases with the mean actual ones. Points near the diagonal mean the model ranks customers well.
// * **Purchase-count histogram**: how many customers made 0, 1, 2, … repeat purchases in calibration, observed vs
//   expected under the fitted model (a goodness-of-fit check in sample, with a chi-square test).

var metrics = ErrorMetrics.Compute(expected, split.FrequencyHoldout, calibration.Weights);
display(metrics);
var conditional = ConditionalExpectationTable.Compute(calibration.Frequency, expected, split.FrequencyHoldout, calibration.Weights);
display(Html(CalibrationPlot.Create(conditional,
    new ChartOptions { Title = "Holdout purchases by calibration frequency", XLabel = "calibration repeat purchases x", YLabel = "mean holdout purchases" }).ToSvg()));

var ages = calibration.T.ToArray();
var histogram = PeriodTransactionsHistogram.Compute(calibration.Frequency, (n, i) => model.ProbabilityOfPurchases(ages[i], n), calibration.Weights);
var chiSquare = histogram.Test(fittedParameters: purchases.Definition.Parameters.Dimension);
display(chiSquare);
display(Html(PeriodTransactionsPlot.Create(histogram,
    new ChartOptions { Title = "Repeat purchases in calibration", XLabel = "repeat purchases", YLabel = "customers" }).ToSvg()));

// How to read them: `TotalPredicted` against `TotalActual` is the aggregate check; here the calibration fit predicts
// about 1,650 repeat purchase days where 1,882 happened, an under-prediction of about 12% (a bias of −0.1 purchases per
// customer), concentrated in customers with one or two calibration purchases, as the conditional-expectation plot
// shows. The chi-square test compares the in-sample histogram with the model; a p-value well above 0.05 means no
// evidence of misfit. Both are the kind of numbers to report next to any forecast.
//
// ## 5. Spend and customer lifetime value
//
// The Gamma-Gamma model (Fader, Hardie & Lee 2005b) shrinks each customer's mean spend towards the population mean,
// more so when they bought only a few times. It assumes spend and frequency are independent: check the reported
// correlation is small. Customers with x = 0 have no repeat spend and get the population mean.
//
// CLV is then, per customer, the discounted sum over the next 12 months of expected purchases × expected spend, here at
// 1% a month and a margin of 1 (so the values are revenue).

var spend = ModelFitter.Fit(GammaGammaDefinition.Instance, calibration);
display(spend);
display($"Correlation of frequency and mean spend among repeat buyers: {SpendFrequencyCorrelation.Compute(GammaGammaData.FromSummary(calibration))}");
var valuation = ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01), margin: 1.0);
var clv = CustomerLifetimeValue.Compute(model, spend.Model, calibration, valuation);
display($"Total 12-month CLV of the {clv.Count} customers: {clv.Total:F2}");
var top = Enumerable.Range(0, clv.Count).OrderByDescending(i => clv.Values[i]).Take(10).ToArray();
display(new PredictionTable(top.Select(i => clv.CustomerIds[i]).ToArray(), new Dictionary<string, double[]>
{
    ["x"] = top.Select(i => calibration.Frequency[i]).ToArray(),
    ["p_alive"] = top.Select(i => alive[i]).ToArray(),
    ["expected_spend"] = top.Select(i => clv.ExpectedSpend[i]).ToArray(),
    ["clv_12_months"] = top.Select(i => clv.Values[i]).ToArray(),
}));

display(Html(ClvDistributionPlot.Create(clv.Values.ToArray(), logScale: true,
    options: new ChartOptions { Title = "12-month CLV per customer", XLabel = "CLV (dollars, log scale)", YLabel = "customers" }).ToSvg()));

// The distribution is very skewed: a few percent of customers carry most of the value. The ten most valuable customers
// above all bought often and recently, and spent above average.

// ## 6. Which purchase model?
//
// BG/NBD is one of several purchase models in the library; `ModelRegistry.All` lists them and
// `ModelComparison.PurchaseModels` keeps the purchase models (here BG/NBD, MBG/NBD and Pareto/NBD).
// `ModelComparison.Compute` fits each to the same calibration period by maximum likelihood and scores each on the
// holdout. Read the table as follows:
//
// * **ℓ, k, AIC, BIC**: the log-likelihood, the number of parameters and the two information criteria
//   (AIC = 2k − 2ℓ, BIC = k ln n − 2ℓ with n customers); lower is better, and a difference of a few units is small.
// * **ΔAIC, ΔBIC**: the differences from the best reliable fit; **Akaike weight**: the relative support for each model
//   among those compared.
// * **holdout**: the total predicted holdout purchases against the 1,882 that happened, and the mean absolute error
//   per customer.
//
// The recommendation below the table is the reliable fit with the lowest BIC, with its reason.

var comparison = ModelComparison.Compute(ModelComparison.PurchaseModels, split);
display(comparison);

File.WriteAllText(reportPath, report.ToString());
Console.WriteLine($"Report: {reportPath}");
