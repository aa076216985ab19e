// Generated from notebooks/bayesian.ipynb by notebooks/tools/export-apps.cs: edit the notebook, then re-export.
// Run from the repository root: dotnet run notebooks/apps/bayesian.cs [report.html]
#:project ../../src/Clv.Probabilistic.Interactive/Clv.Probabilistic.Interactive.csproj
#:project ../../src/Clv.Probabilistic.Reporting/Clv.Probabilistic.Reporting.csproj
#:project ../../src/Clv.Probabilistic/Clv.Probabilistic.csproj

// # Bayesian BG/NBD: posterior, diagnostics and CLV credible intervals
//
// Maximum likelihood gives one set of parameters and asymptotic standard errors. A Bayesian fit gives the whole
// posterior distribution of (r, α, a, b), and so an honest interval for every number computed from them, such as each
// customer's lifetime value. This notebook
//
// 1. fits BG/NBD by maximum likelihood (the reference point);
// 2. samples the posterior with the No-U-Turn sampler (NUTS) under the library's default priors;
// 3. checks convergence (R̂, effective sample size, divergences, trace plots);
// 4. turns posterior draws into 95% credible intervals for each customer's 12-month CLV.
//
// **Before you run it**, pack the library once from the repository root with the build step of `notebooks/README.md`.
// The first two cells load it from the local package folder that step makes, with its dependencies from NuGet.
// Set `CLV_NOTEBOOK_DRAWS` to change the number of warm-up iterations and draws per chain (default 1000); the tests use fewer.

using Clv.Probabilistic;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Interactive;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Reporting;
using Clv.Probabilistic.Reporting.Plots;
using Clv.Probabilistic.Valuation;
using Clv.Probabilistic.Valuation.Intervals;
using Microsoft.AspNetCore.Html;

// display(...) as in a notebook: text to the console, and everything (tables and charts as HTML) to a report file.
var report = new System.Text.StringBuilder("<!DOCTYPE html><meta charset=\"utf-8\"><title>bayesian</title>\n");
string reportPath = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "clv-bayesian.html");
object? display(object? value)
{
    string? html = Clv.Probabilistic.Interactive.ClvFormatters.TryHtml(value);
    Console.WriteLine(html is null ? value : $"[{value!.GetType().Name}: see {reportPath}]");
    report.Append(html ?? "<pre>" + System.Net.WebUtility.HtmlEncode(value?.ToString()) + "</pre>").Append('\n');
    return value;
}

ClvFormatters.Register();
static HtmlString Html(string markup) => new(markup);
int drawsPerChain = Environment.GetEnvironmentVariable("CLV_NOTEBOOK_DRAWS") is string d ? int.Parse(d) : 1000;

// ## 1. Data and the maximum-likelihood fit
//
// The CDNOW calibration period (39 weeks to 1997-09-30), as in the quick start.

var split = RfmSummarizer.SummarizeCalibrationHoldout(Datasets.CdnowSample(), Datasets.CdnowCalibrationEnd,
    new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks));
var calibration = split.Calibration;
var mle = ModelFitter.Fit(BgNbdDefinition.Instance, calibration);
display(mle);

// ## 2. The prior
//
// `BgNbdPriors` holds one prior per parameter (`BgNbdDefinition.Instance.DefaultPriors` gives them for a data set); the defaults (see `docs/bayesian.md`) are weak log-normal priors:
// r ~ median 1, σ 1.5; α ~ median 30 days expressed in the model's time unit, σ 2; a ~ median 1, σ 1.5;
// b ~ median 1, σ 2. Each covers several orders of magnitude, so the likelihood of 2,357 customers dominates.
// The sampler works on θ = (ln r, ln α, ln a, ln b); `LogPosterior` adds the log-likelihood, the log-priors and the
// log-Jacobian of φ = e^θ, so the draws, mapped back by exp, are draws of the posterior of (r, α, a, b).

var priors = BgNbdPriors.Default(TimeUnit.Weeks); // or new BgNbdPriors(r, alpha, a, b) from LogNormalPrior, GammaPrior, HalfNormalPrior (Clv.Probabilistic.Inference.Priors)
display(priors);

// ## 3. Sample the posterior with NUTS
//
// Four chains (run in parallel), a warm-up that adapts the step size and a dense mass matrix (ln r and ln α are strongly
// correlated), then the kept draws. The same `ModelFitter.Fit` as for maximum likelihood, with `Method = FitMethod.Nuts`;
// `FitOptions.DefaultSampler with { ... }` keeps the library's sampler defaults (the chains start around the posterior
// mode) and changes only the chains and their lengths.

var stopwatch = System.Diagnostics.Stopwatch.StartNew();
var purchases = ModelFitter.Fit(BgNbdDefinition.Instance, calibration, new FitOptions
{
    Method = FitMethod.Nuts,
    Seed = 2005,
    Sampler = FitOptions.DefaultSampler with { Chains = 4, Warmup = drawsPerChain, Draws = drawsPerChain },
    Priors = priors.ToList(),
});
stopwatch.Stop();
var nuts = purchases.Nuts!;
display(purchases);
display($"{nuts.Options.Chains} chains × ({nuts.Options.Warmup} warm-up + {nuts.Options.Draws} draws) in {stopwatch.Elapsed.TotalSeconds:F1} s; " +
        $"{nuts.GradientEvaluations:N0} gradient evaluations, {nuts.Divergences} divergent transitions.");

// ## 4. Posterior summary and diagnostics
//
// Read the table as follows:
//
// * **mean, sd, quantiles**: the posterior of each parameter; compare the mean with the maximum-likelihood estimate above.
// * **R̂** (rank-normalised split R̂, Vehtari et al. 2021): near 1 when the chains agree; above 1.01 is a warning.
// * **ESS bulk / tail**: how many independent draws the correlated chains are worth, for the centre and the tails;
//   a few hundred is enough for 95% intervals.
// * **warnings**: divergences, high R̂, low ESS, as plain sentences; there should be none.

display(purchases.Summary);
display(purchases.Draws!);
display(purchases.Warnings.Count == 0 ? "No diagnostic warnings." : string.Join("\n", purchases.Warnings));

// Trace plots show each chain's draws in order: well-mixed chains look like overlapping, stationary noise with no trends
// or stuck stretches. The density plot overlays each chain's posterior density; the curves should coincide.

foreach (var name in new[] { "r", "alpha" })
    display(Html(TracePlot.Create(purchases.Draws!, name, new ChartOptions { Title = $"Trace of {name}", XLabel = "draw", YLabel = name }).ToSvg()));
display(Html(DensityPlot.Create(purchases.Draws!, "a", new ChartOptions { Title = "Posterior density of a by chain", XLabel = "a", YLabel = "density" }).ToSvg()));

// ## 5. CLV credible intervals
//
// A customer's CLV is a function of the population parameters. Pushing each posterior draw through the CLV formula gives
// draws of that customer's CLV; their 2.5% and 97.5% quantiles are a 95% credible interval. The spend side is a
// Gamma-Gamma fit by the Laplace approximation (a Gaussian at the posterior mode, on the log scale); draw k of the
// purchase posterior is paired with draw k of the spend posterior, so the interval carries the uncertainty of both
// models. It is the uncertainty about the *expected* value given the data, not the much wider spread of what a single
// customer will actually spend (`PredictionIntervals.Predictive` gives that).
//
// `PredictionIntervals.Compute` streams the customers in blocks and never holds customers × draws numbers at once.
// It uses at most `MaxDraws` evenly thinned draws (200 here, fewer when the chains are shorter, as in the tests).

var spend = ModelFitter.Fit(GammaGammaDefinition.Instance, calibration, new FitOptions { Method = FitMethod.Laplace, Seed = 7 });
display(spend);
var valuation = ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01));
var pointClv = CustomerLifetimeValue.Compute(mle.Model, ModelFitter.Fit(GammaGammaDefinition.Instance, calibration).Model, calibration, valuation).Values.ToArray();
stopwatch.Restart();
var intervals = PredictionIntervals.Compute(purchases, spend, calibration,
    new IntervalOptions { Level = 0.95, Horizon = 39, Clv = valuation, MaxDraws = Math.Min(200, drawsPerChain / 2) });
stopwatch.Stop();
display($"Intervals for {calibration.Count:N0} customers from {intervals.Draws} posterior draws in {stopwatch.Elapsed.TotalSeconds:F1} s.");
var clv = intervals["clv"]!;
var mean = clv.Mean.ToArray();
var lower = clv.Lower.ToArray();
var upper = clv.Upper.ToArray();
var top = Enumerable.Range(0, calibration.Count).OrderByDescending(i => pointClv[i]).Take(10).ToArray();
display(new PredictionTable(top.Select(i => calibration.CustomerIds[i]).ToArray(), new Dictionary<string, double[]>
{
    ["x"] = top.Select(i => calibration.Frequency[i]).ToArray(),
    ["clv_mle"] = top.Select(i => pointClv[i]).ToArray(),
    ["clv_lower_95"] = top.Select(i => lower[i]).ToArray(),
    ["clv_mean"] = top.Select(i => mean[i]).ToArray(),
    ["clv_upper_95"] = top.Select(i => upper[i]).ToArray(),
}));
display(new PredictionTable(calibration.CustomerIds, new Dictionary<string, double[]>
{
    ["clv_mle"] = pointClv, ["clv_lower_95"] = lower, ["clv_mean"] = mean, ["clv_upper_95"] = upper,
}));

// The intervals are narrow relative to the values for frequent buyers (their own history pins them down), and relative
// widths grow for customers with little history, whose value depends mostly on the population parameters. The
// maximum-likelihood CLV lies inside nearly every customer's interval, as it should when the priors are weak. The plot
// shows the distribution of the relative interval width (upper − lower) / mean over customers.

display($"Total 12-month CLV: {pointClv.Sum():N0} (MLE), posterior mean {mean.Sum():N0}.");
var relativeWidth = Enumerable.Range(0, calibration.Count).Select(i => (upper[i] - lower[i]) / mean[i]).ToArray();
display(Html(ClvDistributionPlot.Create(relativeWidth, options: new ChartOptions { Title = "Relative width of the 95% CLV intervals", XLabel = "(upper − lower) / mean", YLabel = "customers" }).ToSvg()));

File.WriteAllText(reportPath, report.ToString());
Console.WriteLine($"Report: {reportPath}");
