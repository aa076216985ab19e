// Generated from notebooks/large-customer-bases.ipynb by notebooks/tools/export-apps.cs: edit the notebook, then re-export.
// Run from the repository root: dotnet run notebooks/apps/large-customer-bases.cs [report.html]
#:project ../../src/Clv.Probabilistic.Interactive/Clv.Probabilistic.Interactive.csproj
#:project ../../src/Clv.Probabilistic.Reporting/Clv.Probabilistic.Reporting.csproj
#:project ../../src/Clv.Probabilistic/Clv.Probabilistic.csproj

// # Large customer bases: a million customers
//
// How the library behaves at scale: we simulate 10⁶ customers from a known BG/NBD process, fit the model, score every
// customer and evaluate the predictions on a simulated holdout period, timing each step with a `Stopwatch`.
// Because the data are simulated, we know the true parameters and can see how well the fit recovers them.
//
// **Before you run it**, pack the library once from the repository root with the build step of `notebooks/README.md`.
// The first two cells load it from the local package folder that step makes, with its dependencies from NuGet.
// Set `CLV_NOTEBOOK_CUSTOMERS` to change the number of customers (default 1,000,000; the tests use 10,000).
// Timings depend on the machine; on a laptop every step takes seconds at most.

using System.Diagnostics;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Interactive;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Reporting;
using Clv.Probabilistic.Reporting.Plots;
using Microsoft.AspNetCore.Html;

// display(...) as in a notebook: text to the console, and everything (tables and charts as HTML) to a report file.
var report = new System.Text.StringBuilder("<!DOCTYPE html><meta charset=\"utf-8\"><title>large-customer-bases</title>\n");
string reportPath = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "clv-large-customer-bases.html");
object? display(object? value)
{
    string? html = Clv.Probabilistic.Interactive.ClvFormatters.TryHtml(value);
    Console.WriteLine(html is null ? value : $"[{value!.GetType().Name}: see {reportPath}]");
    report.Append(html ?? "<pre>" + System.Net.WebUtility.HtmlEncode(value?.ToString()) + "</pre>").Append('\n');
    return value;
}

ClvFormatters.Register();
static HtmlString Html(string markup) => new(markup);
int customers = Environment.GetEnvironmentVariable("CLV_NOTEBOOK_CUSTOMERS") is string s ? int.Parse(s) : 1_000_000;
var timings = new List<(string Step, double Seconds)>();
var stopwatch = new Stopwatch();

// ## 1. Simulate
//
// The true parameters are those of the CDNOW fit, with time measured in days (α = 4.414 weeks × 7). Customers are
// acquired in weekly cohorts over 52 weeks, so at the end of calibration their ages T are 7, 14, …, 364 days. Purchase
// times are kept exact (`wholeUnits: false`): rounding the recency t_x down to whole days, as real purchase dates are,
// shifts it by half a day on average, and with a million customers even that small misspecification moves the
// estimates by more than their standard errors. A 182-day (26-week) holdout period follows.

var truth = new BgNbdParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426).RescaleTime(7);
display(truth);
var ages = new double[customers];
for (int i = 0; i < customers; i++) ages[i] = 7 * (1 + i % 52);

stopwatch.Restart();
var simulation = new BgNbdSimulator(truth, TimeUnit.Days).Simulate(ages, seed: 42, holdoutLength: 182, wholeUnits: false);
var summary = simulation.Summary;
var holdout = simulation.HoldoutPurchases.ToArray();
timings.Add(("simulate", stopwatch.Elapsed.TotalSeconds));
display(summary);

// ## 2. Fit
//
// The likelihood depends on a customer only through (x, t_x, T), and with whole days many customers share their triple
// with many others. The fitter merges identical rows into weighted ones before optimising, so the cost of each
// likelihood evaluation depends on the number of distinct rows, not on the number of customers.

stopwatch.Restart();
var fit = ModelFitter.Fit(BgNbdDefinition.Instance, summary);
timings.Add(("fit BG/NBD", stopwatch.Elapsed.TotalSeconds));
var model = fit.Model;
display($"{fit.Data!.Customers:N0} customers in {fit.Data.CompressedRows:N0} distinct rows; {fit.Optimizer!.Iterations} iterations; verdict: {fit.Status}.");
display(fit);
display(Html(string.Join("", new[] { "<table><tr><th>parameter</th><th>true</th><th>estimate</th><th>95% interval</th></tr>" }
    .Concat(fit.Estimates.Zip(new[] { truth.R, truth.Alpha, truth.A, truth.B }, (e, t) =>
        $"<tr><td>{e.Name}</td><td>{t:F4}</td><td>{e.Estimate:F4}</td><td>{e.Lower:F4} – {e.Upper:F4}</td></tr>"))
    .Append("</table>"))));
display(fit.PointEstimate);

// With a million customers the 95% intervals are narrow. Each contains its true value 95% of the time, so with four
// parameters one of them falling just outside (here α, by about a tenth of its standard error, in the seed used) is no
// sign of trouble; an estimate several standard errors away would be.
//
// ## 3. Score every customer
//
// Expected purchases in the 182-day holdout and P(alive), for each of the customers. These kernels work on whole
// columns at once, without allocating per customer.

var expected = new double[customers];
var alive = new double[customers];
stopwatch.Restart();
model.ConditionalExpectedPurchases(summary, simulation.HoldoutLength, expected);
timings.Add(("score: expected purchases", stopwatch.Elapsed.TotalSeconds));
stopwatch.Restart();
model.ProbabilityAlive(summary, alive);
timings.Add(("score: P(alive)", stopwatch.Elapsed.TotalSeconds));
display(new PredictionTable(summary.CustomerIds, new Dictionary<string, double[]> { ["expected_purchases_182d"] = expected, ["p_alive"] = alive }));

// ## 4. Evaluate on the holdout
//
// Error metrics per customer (MAE, RMSE, bias) and totals, then the conditional expectations by calibration frequency:
// the mean actual holdout purchases of the customers with x = 0, 1, 2, … against the mean predicted. With the model
// correctly specified (we simulated from it) the points lie on the diagonal up to noise.

stopwatch.Restart();
var metrics = ErrorMetrics.Compute(expected, holdout);
var conditional = ConditionalExpectationTable.Compute(summary.Frequency, expected, holdout);
timings.Add(("evaluate", stopwatch.Elapsed.TotalSeconds));
display(metrics);
display(Html(CalibrationPlot.Create(conditional,
    new ChartOptions { Title = "Holdout purchases by calibration frequency", XLabel = "calibration repeat purchases x", YLabel = "mean holdout purchases" }).ToSvg()));

// ## 5. Timings

display(Html("<table><tr><th>step</th><th>seconds</th></tr>"
    + string.Concat(timings.Select(t => $"<tr><td>{t.Step}</td><td>{t.Seconds:F3}</td></tr>"))
    + $"</table><p>{customers:N0} customers, {Environment.ProcessorCount} logical processors.</p>"));

File.WriteAllText(reportPath, report.ToString());
Console.WriteLine($"Report: {reportPath}");
