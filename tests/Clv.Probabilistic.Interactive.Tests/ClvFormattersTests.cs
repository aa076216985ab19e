using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using MathNet.Numerics.Statistics;
using Microsoft.DotNet.Interactive.Formatting;

namespace Clv.Probabilistic.Interactive.Tests;

public sealed class ClvFormattersTests
{
    static ClvFormattersTests() => ClvFormatters.Register();

    private static string N(double value) => ClvFormatters.Number(value);

    [Fact]
    public void TryHtmlGivesTheRegisteredViewOrNull()
    {
        var summary = Datasets.CdnowSummary();
        Assert.Equal(summary.ToDisplayString(HtmlFormatter.MimeType), ClvFormatters.TryHtml(summary));
        Assert.Equal("<b>x</b>", ClvFormatters.TryHtml(new Microsoft.AspNetCore.Html.HtmlString("<b>x</b>")));
        Assert.Null(ClvFormatters.TryHtml(42));
        Assert.Null(ClvFormatters.TryHtml(null));
    }

    [Fact]
    public void SummaryHtmlHasCountsHeadRowsAndStatistics()
    {
        var summary = Datasets.CdnowSummaryWithMonetaryValue();
        string html = summary.ToDisplayString(HtmlFormatter.MimeType);
        var frequency = summary.Frequency.ToArray();
        int repeat = frequency.Count(x => x > 0);
        Assert.Contains("2357 rows, 2357 customers, " + repeat + " with repeat purchases (" + (2357 - repeat) + " without); time unit weeks.", html);
        // Independent reference for the statistics: MathNet's mean, sample sd and quantile definition 7.
        Assert.Contains("<td>frequency</td><td>" + N(frequency.Mean()) + "</td><td>" + N(frequency.StandardDeviation()) + "</td><td>0</td>", html);
        Assert.Contains("<td>" + N(summary.T.ToArray().QuantileCustom(0.75, QuantileDefinition.R7)) + "</td>", html);
        Assert.Contains("<tr><td>1</td><td>" + N(summary.Frequency[0]) + "</td><td>" + N(summary.Recency[0]) + "</td>", html);
        Assert.Contains("(first 10 of 2357 rows)", html);
    }

    [Fact]
    public void CompressedSummaryStatisticsAreWeighted()
    {
        var summary = Datasets.CdnowSummary();
        var compressed = summary.Compress().Rows;
        Assert.True(compressed.Count < summary.Count);
        var unweighted = ClvFormatters.Html(summary);
        var weighted = ClvFormatters.Html(compressed);
        string Statistics(string html) => html[html.IndexOf("<table class=\"clv-statistics\">", StringComparison.Ordinal)..];
        Assert.Equal(Statistics(unweighted), Statistics(weighted));
        Assert.Contains(" rows, 2357 customers,", weighted);
    }

    [Fact]
    public void IdsAndNamesAreEscaped()
    {
        var summary = new RfmSummary(["<script>alert('x')</script>", "a&b"], [1, 0], [2, 0], [3, 3], [10, 0], TimeUnit.Days);
        string html = summary.ToDisplayString(HtmlFormatter.MimeType);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
        Assert.Contains("<td>a&amp;b</td>", html);

        var table = new PredictionTable(["<b>"], [new("p<alive>", [0.5])]);
        string predictions = table.ToDisplayString(HtmlFormatter.MimeType);
        Assert.Contains("<th>p&lt;alive&gt;</th>", predictions);
        Assert.Contains("<td>&lt;b&gt;</td><td>0.5</td>", predictions);
    }

    [Fact]
    public void CalibrationHoldoutHtmlShowsHoldoutColumns()
    {
        var split = RfmSummarizer.SummarizeCalibrationHoldout(Datasets.CdnowSample(), Datasets.CdnowCalibrationEnd,
            new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks));
        string html = split.ToDisplayString(HtmlFormatter.MimeType);
        double totalHoldout = split.FrequencyHoldout.ToArray().Sum();
        Assert.Contains("Holdout period: " + N(273.0 / 7) + " weeks; " + N(totalHoldout) + " holdout purchase days in all.", html);
        Assert.Contains("<th>frequency_holdout</th>", html);
        Assert.Contains("<td>frequency_holdout</td><td>" + N(split.FrequencyHoldout.ToArray().Mean()) + "</td>", html);
    }

    [Fact]
    public void ParameterDrawsHtmlHasPerParameterMeanSdAndQuantiles()
    {
        // r = 0, 1, ..., 999 and alpha = 2r: the quantiles of definition 7 are known in closed form, e.g. 2.5% = 0.025 * 999.
        var values = new List<double>();
        for (int d = 0; d < 1000; d++) values.AddRange([d, 2.0 * d]);
        var draws = new ParameterDraws(["r", "alpha"], values.ToArray(), Enumerable.Range(0, 1000).Select(d => d / 500).ToArray());
        string html = draws.ToDisplayString(HtmlFormatter.MimeType);
        Assert.Contains("1000 draws of 2 parameters, 2 chains.", html);
        double sd = Math.Sqrt(1000.0 * 1001 / 12); // sample sd of 0..999
        Assert.Contains("<td>r</td><td>499.5</td><td>" + N(sd) + "</td><td>0</td><td>" + N(0.025 * 999) + "</td><td>" + N(0.25 * 999)
            + "</td><td>499.5</td><td>" + N(0.75 * 999) + "</td><td>" + N(0.975 * 999) + "</td><td>999</td>", html);
        Assert.Contains("<td>alpha</td><td>999</td><td>" + N(2 * sd) + "</td>", html);
    }

    [Fact]
    public void ModelFitHtmlNamesModelMethodVerdictAndEveryParameter()
    {
        var fit = ModelFitter.Fit(BgNbdDefinition.Instance, Datasets.CdnowSummary());
        // Registered for the base class, so a typed fit of any model displays through it.
        string html = fit.ToDisplayString(HtmlFormatter.MimeType);
        Assert.Equal(ClvFormatters.Html(fit), html);
        Assert.Equal(html, ClvFormatters.TryHtml(fit));
        Assert.Contains("<p>BG/NBD (bgnbd) by maximum likelihood: converged.</p>", html);
        Assert.Contains("<th>estimate</th><th>std. error</th><th>95% lower</th><th>95% upper</th>", html);
        foreach (var e in fit.Estimates)
            Assert.Contains($"<tr><td>{e.Name}</td><td>{N(e.Estimate)}</td><td>{N(e.StandardError)}</td><td>{N(e.Lower)}</td><td>{N(e.Upper)}</td></tr>", html);
        Assert.Equal(["r", "alpha", "a", "b"], fit.Estimates.Select(e => e.Name));
        Assert.Contains($"log-likelihood {N(fit.LogLikelihood!.Value)}; {fit.Optimizer!.Iterations} optimiser iterations", html);
        Assert.Contains("; 1000 parameter draws; 2357 customers in ", html);
        Assert.DoesNotContain("<ul", html);
    }

    [Fact]
    public void ModelFitHtmlShowsTheMethodInWordsAndThePosteriorColumns()
    {
        var spend = ModelFitter.Fit(GammaGammaDefinition.Instance, Datasets.CdnowSummaryWithMonetaryValue(),
            new FitOptions { Method = FitMethod.Laplace, ConfidenceLevel = 0.9 });
        string html = ClvFormatters.Html(spend);
        Assert.Contains("<p>Gamma-Gamma (gamma-gamma) by Laplace approximation: converged.</p>", html);
        Assert.Contains("<th>90% lower</th>", html);
        Assert.Contains($"<tr><td>gamma</td><td>{N(spend.Estimates[2].Estimate)}</td>", html);

        var nuts = ModelFitter.Fit(BgNbdDefinition.Instance, Datasets.CdnowSummary(), new FitOptions
        {
            Method = FitMethod.Nuts,
            Sampler = FitOptions.DefaultSampler with { Chains = 2, Warmup = 100, Draws = 100 },
        });
        html = ClvFormatters.Html(nuts);
        Assert.Contains("<p>BG/NBD (bgnbd) by NUTS posterior draws: converged.</p>", html);
        Assert.Contains("<th>posterior mean</th><th>posterior sd</th>", html);
        Assert.Contains($"max R̂ {N(nuts.Sampler!.RHat.Values.Max())}, min bulk ESS {N(nuts.Sampler.EssBulk.Values.Min())}", html);
        Assert.DoesNotContain("maximum likelihood", html);
    }

    [Fact]
    public void UnreliableFitShowsItsVerdictAndWarningsEscaped()
    {
        // Spend proportional to frequency with one small scatter: q and γ run off to infinity, so the fit is not identified.
        var x = new double[300];
        var z = new double[300];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = 1 + i % 10;
            z[i] = 5 * x[i] * Math.Exp(0.3 * ((i * 7919 % 1000) / 1000.0 - 0.5));
        }
        var data = GammaGammaDefinition.Instance.Prepare(new GammaGammaData(x, z), TimeUnit.Weeks);
        var fit = ModelFitter.Fit(GammaGammaDefinition.Instance, data, new FitOptions { ThrowIfUnreliable = false });
        Assert.Equal(FitStatus.NotIdentified, fit.Status);
        string html = ClvFormatters.Html(fit);
        Assert.Contains("by maximum likelihood: not identified.</p>", html);
        Assert.Contains("<ul class=\"clv-warnings\">", html);
        foreach (var warning in fit.Warnings) Assert.Contains("<li>" + System.Net.WebUtility.HtmlEncode(warning) + "</li>", html);
        Assert.Contains("NotIdentified: ", html);
    }

    [Fact]
    public void PredictionTableRejectsMismatchedColumns()
    {
        Assert.Throws<ArgumentException>(() => new PredictionTable(["a", "b"], [new("x", [1.0])]));
        Assert.Throws<ArgumentException>(() => new PredictionTable(["a"], [new("x", [1.0]), new("x", [2.0])]));
    }

    [Fact]
    public void PlainTextIsLeftToTheCore()
    {
        // Only text/html is registered; plain text keeps the library's default formatting.
        var summary = new RfmSummary(["a"], [0], [0], [1], [0], TimeUnit.Days);
        Assert.DoesNotContain("<table", summary.ToDisplayString(PlainTextFormatter.MimeType));
    }
}
