using System.Globalization;
using System.Text.RegularExpressions;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Reporting.CustomerBase;
using Clv.Probabilistic.Reporting.Html;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>The CDNOW report's numbers against the library's and against counts taken directly from the transaction log.</summary>
public sealed class CustomerBaseReportTests(CustomerBaseReportFixture cdnow) : IClassFixture<CustomerBaseReportFixture>
{
    private static readonly int CalibrationEndDay = Datasets.CdnowCalibrationEnd.DayNumber;

    /// <summary>Distinct (customer, day) pairs in the holdout among customers first seen in calibration, straight from the log.</summary>
    private int CountHoldoutPurchaseDays()
    {
        var log = cdnow.Log;
        var first = new Dictionary<int, int>();
        for (int row = 0; row < log.Count; row++)
            first[log.CustomerIndices[row]] = Math.Min(first.GetValueOrDefault(log.CustomerIndices[row], int.MaxValue), log.DayNumbers[row]);
        var days = new HashSet<(int, int)>();
        for (int row = 0; row < log.Count; row++)
            if (log.DayNumbers[row] > CalibrationEndDay && first[log.CustomerIndices[row]] <= CalibrationEndDay)
                days.Add((log.CustomerIndices[row], log.DayNumbers[row]));
        return days.Count;
    }

    [Fact]
    public void Holdout_totals_are_the_logs_1882_purchases_and_the_models_conditional_expectation()
    {
        var metrics = cdnow.Report.Evaluation.Purchases;
        Assert.Equal(1882, CountHoldoutPurchaseDays());
        Assert.Equal(1882, metrics.TotalActual);
        var expected = new double[cdnow.Data.Count];
        cdnow.Model.ConditionalExpectedPurchases(cdnow.Data.Calibration, 39, expected);
        Assert.Equal(expected.Sum(), metrics.TotalPredicted, 1e-9);
        Assert.InRange(metrics.TotalPredicted, 1652.5, 1654.5); // ≈ 1,653 at the MLE, whose parameters match FHL (2005): 0.243, 4.414, 0.793, 2.426
        Assert.Equal(39, cdnow.HoldoutDuration, 1e-12);
    }

    [Fact]
    public void Histogram_expects_all_2357_customers_and_observes_the_summary_counts()
    {
        var histogram = cdnow.Report.Evaluation.Histogram;
        Assert.Equal(2357, histogram.Expected.ToArray().Sum(), 1e-6);
        Assert.Equal(2357, histogram.Observed.ToArray().Sum());
        var zeros = cdnow.Data.Calibration.Frequency.ToArray().Count(x => x == 0);
        Assert.Equal(zeros, histogram.Observed[0]);
        // Expected zeros by brute force over customers: Σ_i P(X(T_i) = 0).
        double expectedZeros = 0;
        foreach (double t in cdnow.Data.Calibration.T) expectedZeros += cdnow.Model.ProbabilityOfPurchases(t, 0);
        Assert.Equal(expectedZeros, histogram.Expected[0], 1e-9);
        Assert.Equal(4, cdnow.Report.Evaluation.FittedParameters);
        Assert.Equal(cdnow.Report.Evaluation.ChiSquare.DegreesOfFreedom, cdnow.Report.Evaluation.ChiSquare.Bins.Count - 1 - 4);
    }

    [Fact]
    public void Tracking_axis_puts_each_customer_at_its_summary_age()
    {
        // At the calibration end the cohort's expected repeat purchases are Σ_i E[X(T_i)] with T_i from the summary,
        // and at the observation end Σ_i E[X(T_i + t*)]: this pins every first-purchase offset.
        var cohort = cdnow.Cohort;
        var at = new double[2];
        cdnow.Model.ExpectedCumulativeRepeatPurchases(cohort.FirstPurchase, [cohort.CalibrationEnd, cohort.ObservationEnd], at);
        double calibration = 0, observation = 0;
        foreach (double t in cdnow.Data.Calibration.T)
        {
            calibration += cdnow.Model.ExpectedPurchases(t);
            observation += cdnow.Model.ExpectedPurchases(t + 39);
        }
        Assert.Equal(calibration, at[0], 1e-6);
        Assert.Equal(observation, at[1], 1e-6);
        Assert.Equal(2357, cohort.FirstPurchase.Length);
    }

    [Fact]
    public void Tracking_curve_counts_every_repeat_purchase_of_calibration_and_holdout()
    {
        var curve = cdnow.Report.Evaluation.Tracking!;
        double repeats = cdnow.Data.Calibration.Frequency.ToArray().Sum();
        Assert.Equal(repeats + 1882, curve.ActualCumulative[^1]);
        Assert.Equal(cdnow.Cohort.ObservationEnd, curve.Times[^1]);
        Assert.Equal(1.0, curve.Times[0]);
        Assert.Equal(78, curve.Times.Length); // 1997-01-01 to 1998-06-30 is 545 days: 77 whole weeks and a last part week
        double calibrationActual = TrackingCurve.CountCumulative(cdnow.Cohort.RepeatPurchaseTimes, [cdnow.Cohort.CalibrationEnd])[0];
        Assert.Equal(repeats, calibrationActual);
    }

    [Fact]
    public void Predictors_are_the_model_the_naive_rate_and_the_trees_on_the_same_holdout()
    {
        var predictors = cdnow.Report.Evaluation.Predictors;
        Assert.Equal(["BG/NBD", "Naive rate x / T × t*", "Gradient-boosted trees (ML.NET)"], predictors.Select(p => p.Name));
        var naive = new double[cdnow.Data.Count];
        for (int i = 0; i < naive.Length; i++) naive[i] = cdnow.Data.Calibration.Frequency[i] / cdnow.Data.Calibration.T[i] * 39;
        Assert.Equal(ErrorMetrics.Compute(naive, cdnow.Data.FrequencyHoldout), predictors[1].Metrics);
        Assert.Equal(ErrorMetrics.Compute(cdnow.TreePredictions, cdnow.Data.FrequencyHoldout), predictors[2].Metrics);
        Assert.All(predictors, p => Assert.Equal(1882, p.Metrics.TotalActual));
    }

    [Fact]
    public void Probability_alive_check_and_conditional_expectations_use_the_models_predictions()
    {
        var evaluation = cdnow.Report.Evaluation;
        var alive = new double[cdnow.Data.Count];
        cdnow.Model.ProbabilityAlive(cdnow.Data.Calibration, alive);
        Assert.Equal(ProbabilityAliveCheck.Compute(alive, cdnow.Data.FrequencyHoldout), evaluation.Alive);
        // BG/NBD gives P(alive) = 1 to every customer without a repeat purchase, the group least likely to buy again,
        // so P(alive) alone ranks buyers below non-buyers on CDNOW; the expected purchases rank them well.
        Assert.InRange(evaluation.Alive.RocAuc!.Value, 0.0, 0.5);
        Assert.Equal(PairwiseAuc(evaluation.Predicted.ToArray(), cdnow.Data.FrequencyHoldout.ToArray()), evaluation.PredictedPurchasesAuc!.Value, 1e-12);
        Assert.InRange(evaluation.PredictedPurchasesAuc!.Value, 0.5, 1.0);
        var row0 = evaluation.ConditionalExpectations.Rows[0];
        var zeros = Enumerable.Range(0, cdnow.Data.Count).Where(i => cdnow.Data.Calibration.Frequency[i] == 0).ToArray();
        Assert.Equal(zeros.Length, row0.Customers);
        Assert.Equal(zeros.Average(i => cdnow.Data.FrequencyHoldout[i]), row0.MeanActual!.Value, 1e-12);
        Assert.NotNull(evaluation.Spend);
    }

    [Fact]
    public void Segments_cover_every_customer_and_the_total_value()
    {
        var segments = cdnow.Report.Segments;
        Assert.Equal(2357, segments.Sum(s => s.Customers));
        Assert.Equal(cdnow.Report.ExpectedValue.ToArray().Sum(), segments.Sum(s => s.TotalExpectedValue), 1e-6);
        Assert.Equal(1882, segments.Sum(s => s.Customers * s.MeanHoldoutPurchases!.Value), 1e-6);
        Assert.True(cdnow.Report.ValueIsMonetary);
    }

    [Fact]
    public void Page_has_every_section_and_the_headline_numbers()
    {
        string html = cdnow.Html;
        foreach (string heading in new[] { "Summary and assumptions", "Data", "Fitted parameters", "Fit to the calibration data", "Holdout evaluation", "Customers: value and segments" })
            Assert.Contains($"<h2>{heading}</h2>", html);
        Assert.Contains("1,882.00<", html);
        Assert.Contains("Gradient-boosted trees (ML.NET)", html);
        Assert.Contains("Most valuable customers", html);
        Assert.Contains("<td class=\"num\">1,411</td>", html); // customers without a repeat purchase, shown as a whole count
        Assert.Equal(7, Regex.Matches(html, "<svg ").Count); // 2 heat maps, 2 tracking, calibration, histogram, CLV
    }

    [Fact]
    public void Page_references_nothing_on_the_network()
    {
        string html = cdnow.Html;
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        foreach (Match m in Regex.Matches(html, "(?:src|href)=\"([^\"]*)\""))
            Assert.True(m.Groups[1].Value.StartsWith("data:", StringComparison.Ordinal) || m.Groups[1].Value.StartsWith('#'), m.Value);
        Assert.DoesNotMatch(@"url\((?!['""]?(data:|#))", html);
    }

    /// <summary>ROC AUC by counting every (buyer, non-buyer) pair: wins 1, ties ½.</summary>
    private static double PairwiseAuc(double[] score, double[] holdout)
    {
        double won = 0, pairs = 0;
        for (int i = 0; i < score.Length; i++)
        {
            if (holdout[i] == 0) continue;
            for (int j = 0; j < score.Length; j++)
            {
                if (holdout[j] > 0) continue;
                pairs++;
                won += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
            }
        }
        return won / pairs;
    }

    /// <summary>Σ_i P(X(T_i) = n | θ) for n = 0 … 6 and the rest in 7+, straight from the model.</summary>
    private static double[] ExpectedHistogram(IPurchaseModel model, RfmSummary summary)
    {
        var expected = new double[8];
        foreach (double t in summary.T)
        {
            double rest = 1;
            for (int n = 0; n < 7; n++)
            {
                double p = Math.Exp(model.LogProbabilityOfPurchases(t, n));
                expected[n] += p;
                rest -= p;
            }
            expected[7] += rest;
        }
        return expected;
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    [Fact]
    public void Page_names_each_fit_its_method_its_verdict_and_every_parameter_of_the_model()
    {
        string html = cdnow.Html;
        Assert.Contains("<h3>BG/NBD purchase model (maximum likelihood)</h3>", html);
        Assert.Contains("<h3>Gamma-Gamma spend model (maximum likelihood)</h3>", html);
        Assert.Equal(2, Regex.Matches(html, "<dt>Fit method</dt><dd>maximum likelihood</dd>").Count);
        Assert.Equal(2, Regex.Matches(html, "<dt>Verdict</dt><dd>converged</dd>").Count);
        foreach (var fit in new ModelFit[] { cdnow.Purchases, cdnow.Spend })
        {
            var parameters = fit.Definition.Parameters.Parameters;
            for (int j = 0; j < parameters.Count; j++)
            {
                var e = fit.Estimates[j];
                Assert.Contains($"<tr><td>{parameters[j].Name}</td><td>{HtmlText.Escape(parameters[j].Description)}</td><td class=\"num\">{Number(e.Estimate)}</td>"
                    + $"<td class=\"num\">{Number(e.StandardError)}</td><td class=\"num\">{Number(e.Lower)}</td><td class=\"num\">{Number(e.Upper)}</td></tr>", html);
            }
            Assert.Contains($"<dt>Log-likelihood</dt><dd class=\"num\">{Number(fit.LogLikelihood!.Value)}</dd>", html);
        }
        // The estimates are the CDNOW MLE (BgNbdFitTests: 0.2425945, 4.4136019, 0.7929199, 2.4258881 to 1e-4 relative).
        Assert.Contains("<td class=\"num\">0.24259", html);
        Assert.DoesNotContain("parameter draws (", html, StringComparison.Ordinal); // a maximum-likelihood fit's draws are not shown by default
        Assert.Null(cdnow.Report.PosteriorPredictive);
    }

    [Fact]
    public void Nuts_fit_is_labelled_as_such_and_shows_its_draws_and_a_posterior_predictive_check()
    {
        var nuts = ModelFitter.Fit(BgNbdDefinition.Instance, cdnow.Data.Calibration, new FitOptions
        {
            Method = FitMethod.Nuts,
            Seed = 11,
            Sampler = FitOptions.DefaultSampler with { Chains = 2, Warmup = 150, Draws = 150 },
        });
        var report = CustomerBaseReport.Build(nuts, cdnow.Data, options: new CustomerBaseReportOptions { TopCustomers = 0 });
        string html = report.ToHtml();
        Assert.Contains("<h3>BG/NBD purchase model (NUTS posterior draws)</h3>", html);
        Assert.Contains("<dt>Fit method</dt><dd>NUTS posterior draws</dd>", html);
        Assert.DoesNotContain("maximum likelihood", html, StringComparison.Ordinal);
        Assert.Contains("<h3>BG/NBD parameter draws (NUTS posterior draws)</h3>", html);
        Assert.Contains("<th scope=\"col\">Posterior mean</th>", html);
        Assert.Contains($"<dt>Largest R̂</dt><dd class=\"num\">{Number(nuts.Sampler!.RHat.Values.Max())}</dd>", html);
        Assert.Contains("<dt>Parameter draws</dt><dd>300 in 2 chains</dd>", html);
        Assert.StartsWith("E[Y(t*) | x, t_x, T] at the NUTS posterior draws estimate", report.Evaluation.Predictors[0].Description);
        Assert.NotNull(report.PosteriorPredictive);
        Assert.Equal(4 + 4 + 5, Regex.Matches(html, "<svg ").Count); // trace and density per parameter, no tracking, no spend

        var hidden = CustomerBaseReport.Build(nuts, cdnow.Data, options: new CustomerBaseReportOptions { TopCustomers = 0, ShowDraws = false });
        Assert.Null(hidden.PosteriorPredictive);
        Assert.Equal(5, Regex.Matches(hidden.ToHtml(), "<svg ").Count);
    }

    [Fact]
    public void Parameter_draws_add_trace_density_and_a_posterior_predictive_check()
    {
        var report = CustomerBaseReport.Build(cdnow.Purchases, cdnow.Data,
            options: new CustomerBaseReportOptions { ShowDraws = true, PredictiveCheckDraws = 80, TopCustomers = 0 });
        var ppc = report.PosteriorPredictive!;
        // The replicated counts scatter around the model's expected histogram at the MLE, computed here from P(X(T_i) = n)
        // directly: each bin's median lies within half its 90% interval of it (the bins differ by far more than that).
        var expected = ExpectedHistogram(cdnow.Model, cdnow.Data.Calibration);
        for (int b = 0; b < expected.Length; b++)
            Assert.True(Math.Abs(ppc.Median[b] - expected[b]) <= (ppc.Upper[b] - ppc.Lower[b]) / 2,
                $"bin {b}: median {ppc.Median[b]}, interval [{ppc.Lower[b]}, {ppc.Upper[b]}], expected {expected[b]}");
        // Asymptotic draws around the MLE: the observed zeros (1,411) sit inside the replicated interval, and the model
        // that passes the classical χ² test (p = 0.19) is not rejected by the predictive check either.
        Assert.False(ppc.Outside[0]);
        Assert.True(ppc.PValue >= 0.05, $"p = {ppc.PValue}");
        string html = report.ToHtml();
        Assert.Contains("Posterior predictive check of the histogram", html);
        Assert.Contains("<h3>BG/NBD parameter draws (maximum likelihood)</h3>", html);
        Assert.Contains("normal approximation at the maximum likelihood estimate", html);
        Assert.Equal(4 + 4 + 5, Regex.Matches(html, "<svg ").Count); // trace and density per parameter, no tracking without a cohort, no spend
        Assert.False(report.ValueIsMonetary);
        Assert.Null(report.Evaluation.Spend);
    }

    [Fact]
    public void Predictive_check_rejects_a_model_fitted_to_other_customers()
    {
        // BG/NBD fitted to customers who buy about ten times as often as CDNOW's: against CDNOW's histogram every
        // replication is closer to its expectation than the observed counts are, and far fewer zeros are expected.
        var frequent = new BgNbdModel(new BgNbdParameters(2, 4.4, 0.8, 2.4), TimeUnit.Weeks)
            .Simulate(cdnow.Data.Calibration.T, seed: 3).Summary;
        var other = ModelFitter.Fit(BgNbdDefinition.Instance, frequent);
        var ppc = HistogramReplication.Compute(other, cdnow.Data.Calibration, seed: 5, maxDraws: 50);
        Assert.Equal(0.0, ppc.PValue);
        Assert.True(ppc.Outside[0]);
        Assert.True(ppc.Upper[0] < 1411, $"upper {ppc.Upper[0]}");
    }

    [Fact]
    public void Same_replication_seed_gives_the_same_check()
    {
        var first = HistogramReplication.Compute(cdnow.Purchases, cdnow.Data.Calibration, seed: 11, maxDraws: 20);
        var second = HistogramReplication.Compute(cdnow.Purchases, cdnow.Data.Calibration, seed: 11, maxDraws: 20);
        var third = HistogramReplication.Compute(cdnow.Purchases, cdnow.Data.Calibration, seed: 12, maxDraws: 20);
        Assert.Equal(first.Median, second.Median);
        Assert.Equal(first.PValue, second.PValue);
        Assert.NotEqual(first.Median, third.Median);
    }

    [Fact]
    public void Any_purchase_model_is_reported_with_its_own_parameters_and_degrees_of_freedom()
    {
        // The NBD (no drop-out, parameters r and alpha) through the same page: nothing on it may assume BG/NBD.
        var nbd = ModelFitter.Fit(NbdTestDefinition.Instance, cdnow.Data.Calibration);
        double r = nbd.Values[0], alpha = nbd.Values[1];
        var report = CustomerBaseReport.Build(nbd, cdnow.Data, cdnow.Spend, cdnow.Cohort, new CustomerBaseReportOptions { TopCustomers = 3 });
        var evaluation = report.Evaluation;
        var c = cdnow.Data.Calibration;

        Assert.Equal("NBD (test)", evaluation.Predictors[0].Name);
        Assert.Equal(2, evaluation.FittedParameters);
        Assert.Equal(evaluation.ChiSquare.Bins.Count - 1 - 2, evaluation.ChiSquare.DegreesOfFreedom);
        // E[Y(t*) | x, T] = (r + x) t* / (α + T); P(X(T) = 0) = (α / (α + T))^r; at week 39 of the cohort's axis the
        // tracking curve is Σ_i E[X(39 − s_i)] with E[X(t)] = r t / α.
        double predicted = 0, zeros = 0, cumulative = 0;
        for (int i = 0; i < c.Count; i++)
        {
            predicted += (r + c.Frequency[i]) * 39 / (alpha + c.T[i]);
            zeros += Math.Pow(alpha / (alpha + c.T[i]), r);
        }
        foreach (double s in cdnow.Cohort.FirstPurchase) cumulative += r * (39 - s) / alpha;
        Assert.Equal(predicted, evaluation.Purchases.TotalPredicted, 1e-9 * predicted);
        Assert.Equal(zeros, evaluation.Histogram.Expected[0], 1e-9 * zeros);
        var curve = evaluation.Tracking!;
        int calibrationEnd = Array.IndexOf(curve.Times.ToArray(), 39.0);
        Assert.Equal(cumulative, curve.PredictedCumulative[calibrationEnd], 1e-9 * cumulative);
        Assert.All(evaluation.ProbabilityAlive.ToArray(), p => Assert.Equal(1.0, p));

        string html = report.ToHtml();
        Assert.Contains("<h3>NBD (test) purchase model (maximum likelihood)</h3>", html);
        Assert.Contains($"<tr><td>r</td><td>shape of the purchase rates</td><td class=\"num\">{Number(r)}</td>", html);
        Assert.Contains($"<tr><td>alpha</td><td>rate of the purchase rates</td><td class=\"num\">{Number(alpha)}</td>", html);
        Assert.DoesNotContain("<tr><td>a</td>", html);
        Assert.DoesNotContain("BG/NBD", html);
        Assert.Contains("NBD (test) sets P(alive) = 1 for customers without a repeat purchase", html);
    }

    [Fact]
    public void A_spend_fit_in_place_of_the_purchase_fit_is_rejected_naming_both()
    {
        var error = Assert.Throws<ArgumentException>(() => CustomerBaseReport.Build(cdnow.Spend, cdnow.Data));
        Assert.Equal("purchases", error.ParamName);
        Assert.Contains("Gamma-Gamma", error.Message);
        Assert.Contains("purchase model", error.Message);
        error = Assert.Throws<ArgumentException>(() => HoldoutEvaluation.Compute(cdnow.Purchases, cdnow.Data, cdnow.Purchases));
        Assert.Equal("spend", error.ParamName);
    }

    [Fact]
    public void Mismatched_baseline_is_rejected_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => HoldoutEvaluation.Compute(cdnow.Purchases, cdnow.Data,
            baselines: [new BaselinePredictions("short", new double[3])]));
        Assert.Contains("'short'", error.Message);
    }
}
