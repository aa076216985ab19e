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
// 2. samples the posterior with the No-U-Turn sampler (NUTS) under a stated prior;
// 3. checks convergence (R̂, effective sample size, divergences, trace plots);
// 4. turns posterior draws into 95% credible intervals for each customer's 12-month CLV.
//
// **Before you run it**, build the library once from the repository root: `dotnet build -c Release`.
// Set `CLV_NOTEBOOK_DRAWS` to change the number of draws per chain (default 1000); the tests use fewer.

using Clv.Probabilistic;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Interactive;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Reporting;
using Clv.Probabilistic.Reporting.Plots;
using Clv.Probabilistic.Valuation;
using Microsoft.AspNetCore.Html;

// display(...) as in a notebook: text to the console, and everything (tables and charts as HTML) to a report file.
var report = new System.Text.StringBuilder("<!DOCTYPE html><meta charset=\"utf-8\"><title>bayesian</title>\n");
string reportPath = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "clv-bayesian.html");
object? display(object? value)
{
    string? html = value switch
    {
        Microsoft.AspNetCore.Html.HtmlString h => h.Value,
        Clv.Probabilistic.Data.RfmSummary s => Clv.Probabilistic.Interactive.ClvFormatters.Html(s),
        Clv.Probabilistic.Data.CalibrationHoldoutSummary c => Clv.Probabilistic.Interactive.ClvFormatters.Html(c),
        Clv.Probabilistic.Inference.ParameterDraws d => Clv.Probabilistic.Interactive.ClvFormatters.Html(d),
        Clv.Probabilistic.Interactive.PredictionTable t => Clv.Probabilistic.Interactive.ClvFormatters.Html(t),
        _ => null,
    };
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
var mle = BgNbdModel.Fit(calibration);
display(mle.Parameters);

// ## 2. The prior
//
// NUTS works on the unconstrained vector θ = (ln r, ln α, ln a, ln b), the same one `BgNbdLogLikelihood` is written in.
// We put the prior directly on θ:
//
//   ln r, ln α, ln a, ln b ~ independent Normal(0, 3²),
//
// that is, a log-normal prior on each parameter with a median of 1 and a 95% range of about 0.003 to 360: weak, so the
// likelihood of 2,357 customers dominates. Because the prior is stated on θ, the posterior density over θ is simply
// log-likelihood + log-prior, with no change-of-variables (Jacobian) term. The class below adds the prior and its
// gradient to the log-likelihood; the sampler only ever sees an `ILogDensity`.

// ## 3. Sample the posterior with NUTS
//
// Four chains, each with its own copy of the log-density (they run in parallel), warm-up that adapts the step size and
// a diagonal mass matrix, then the kept draws. Chains start from random points so that disagreement between them would
// show up in R̂.

var stopwatch = System.Diagnostics.Stopwatch.StartNew();
var options = new NutsOptions { Chains = 4, Warmup = drawsPerChain, Draws = drawsPerChain, Seed = 2005 };
var posterior = NutsSampler.Sample(_ => new NormalPriorOnTheta(new BgNbdLogLikelihood(calibration), scale: 3.0),
    BgNbdParameters.Names.Select(name => "ln " + name).ToArray(), options);
stopwatch.Stop();
display($"{options.Chains} chains × ({options.Warmup} warm-up + {options.Draws} draws) in {stopwatch.Elapsed.TotalSeconds:F1} s; " +
        $"{posterior.GradientEvaluations:N0} gradient evaluations, {posterior.Divergences} divergent transitions.");

// ## 4. Posterior summary and diagnostics
//
// The draws are of θ; we map each back to (r, α, a, b) with exp and summarise those. Read the table as follows:
//
// * **mean, sd, quantiles**: the posterior of each parameter; compare the mean with the maximum-likelihood estimate above.
// * **R̂** (rank-normalised split R̂, Vehtari et al. 2021): near 1 when the chains agree; above 1.01 is a warning.
// * **ESS bulk / tail**: how many independent draws the correlated chain is worth, for the centre and the tails;
//   a few hundred is enough for 95% intervals.
// * **divergences**: transitions where the numerical integration broke down; there should be none.

double[] naturalValues = posterior.Draws.Values.ToArray().Select(Math.Exp).ToArray();
var draws = new ParameterDraws(BgNbdParameters.Names, naturalValues, posterior.Draws.Chains);
var summary = posterior.Summarize(draws);
display(summary);
display(draws);
display(summary.Warnings.Count == 0 && posterior.SamplerWarnings().Count == 0
    ? "No diagnostic warnings."
    : string.Join("\n", summary.Warnings.Concat(posterior.SamplerWarnings())));

// Trace plots show each chain's draws in order: well-mixed chains look like overlapping, stationary noise with no trends
// or stuck stretches. The density plot overlays each chain's posterior density; the curves should coincide.

foreach (var name in new[] { "r", "alpha" })
    display(Html(TracePlot.Create(draws, name, new ChartOptions { Title = $"Trace of {name}", XLabel = "draw", YLabel = name }).ToSvg()));
display(Html(DensityPlot.Create(draws, "a", new ChartOptions { Title = "Posterior density of a by chain", XLabel = "a", YLabel = "density" }).ToSvg()));

// ## 5. CLV credible intervals
//
// A customer's CLV is a function of the population parameters. Pushing each posterior draw through the CLV formula gives
// draws of that customer's CLV; their 2.5% and 97.5% quantiles are a 95% credible interval. The spend side uses the
// Gamma-Gamma maximum-likelihood fit and draws from its asymptotic normal distribution (on the log scale), so the
// interval carries the uncertainty of both models. (It is the uncertainty about the *expected* value given the
// population parameters, not the much wider spread of what a single customer will actually spend.)
//
// We use a thinned subset of 200 draws (fewer when the chains are shorter, as in the tests): each one values all 2,357 customers.

var spend = GammaGammaFitter.Fit(calibration);
var valuation = ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01));
var pointClv = CustomerLifetimeValue.Compute(mle, spend.Model, calibration, valuation).Values.ToArray();

int valuationDraws = Math.Min(200, drawsPerChain / 2);
int stride = draws.Count / valuationDraws;
var spendDraws = spend.DrawParameters(valuationDraws, seed: 7);
var clvDraws = new double[valuationDraws][];
stopwatch.Restart();
for (int s = 0; s < valuationDraws; s++)
{
    var theta = draws.Draw(s * stride).ToArray();
    var purchaseModel = new BgNbdModel(new BgNbdParameters(theta[0], theta[1], theta[2], theta[3]), TimeUnit.Weeks);
    var g = spendDraws.Draw(s).ToArray();
    var spendModel = new GammaGammaSpendModel(new GammaGammaParameters(g[0], g[1], g[2]));
    clvDraws[s] = CustomerLifetimeValue.Compute(purchaseModel, spendModel, calibration, valuation).Values.ToArray();
}
stopwatch.Stop();
display($"Valued {calibration.Count:N0} customers under {valuationDraws} posterior draws in {stopwatch.Elapsed.TotalSeconds:F1} s.");

var lower = new double[calibration.Count];
var median = new double[calibration.Count];
var upper = new double[calibration.Count];
var column = new double[valuationDraws];
for (int i = 0; i < calibration.Count; i++)
{
    for (int s = 0; s < valuationDraws; s++) column[s] = clvDraws[s][i];
    lower[i] = McmcDiagnostics.Quantile(column, 0.025);
    median[i] = McmcDiagnostics.Quantile(column, 0.5);
    upper[i] = McmcDiagnostics.Quantile(column, 0.975);
}
var top = Enumerable.Range(0, calibration.Count).OrderByDescending(i => pointClv[i]).Take(10).ToArray();
display(new PredictionTable(top.Select(i => calibration.CustomerIds[i]).ToArray(), new Dictionary<string, double[]>
{
    ["x"] = top.Select(i => calibration.Frequency[i]).ToArray(),
    ["clv_mle"] = top.Select(i => pointClv[i]).ToArray(),
    ["clv_lower_95"] = top.Select(i => lower[i]).ToArray(),
    ["clv_median"] = top.Select(i => median[i]).ToArray(),
    ["clv_upper_95"] = top.Select(i => upper[i]).ToArray(),
}));
var all = new PredictionTable(calibration.CustomerIds, new Dictionary<string, double[]>
{
    ["clv_mle"] = pointClv, ["clv_lower_95"] = lower, ["clv_median"] = median, ["clv_upper_95"] = upper,
});
display(all);

// The intervals are narrow relative to the values for frequent buyers (their own history pins them down) and relative
// widths grow for customers with little history, whose value depends mostly on the population parameters. The
// maximum-likelihood CLV lies inside every customer's interval, as it should when the prior is weak.

double total = pointClv.Sum();
var totals = clvDraws.Select(values => values.Sum()).ToArray();
display($"Total 12-month CLV: {total:N0} (MLE); 95% credible interval {McmcDiagnostics.Quantile(totals, 0.025):N0} to {McmcDiagnostics.Quantile(totals, 0.975):N0}.");
display(Html(ClvDistributionPlot.Create(totals, options: new ChartOptions { Title = "Posterior of the total 12-month CLV", XLabel = "total CLV (dollars)", YLabel = "draws" }).ToSvg()));

File.WriteAllText(reportPath, report.ToString());
Console.WriteLine($"Report: {reportPath}");

/// <summary>Log-likelihood plus independent Normal(0, scale²) priors on every unconstrained coordinate.</summary>
sealed class NormalPriorOnTheta(ILogDensity likelihood, double scale) : ILogDensity
{
    public int Dimension => likelihood.Dimension;

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double value = likelihood.Evaluate(theta, gradient);
        double variance = scale * scale;
        for (int j = 0; j < theta.Length; j++)
        {
            value -= 0.5 * theta[j] * theta[j] / variance + Math.Log(scale) + 0.5 * Math.Log(2 * Math.PI);
            gradient[j] -= theta[j] / variance;
        }
        return value;
    }
}
