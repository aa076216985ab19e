using System.Text.RegularExpressions;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Reporting.CustomerBase;

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
        foreach (string heading in new[] { "Data", "Fitted parameters", "Fit to the calibration data", "Holdout evaluation", "Customers: value and segments" })
            Assert.Contains($"<h2>{heading}</h2>", html);
        Assert.Contains("1,882.000", html);
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

    [Fact]
    public void Parameter_draws_add_trace_density_and_a_posterior_predictive_check()
    {
        var draws = cdnow.Model.DrawParameters(80, seed: 7);
        var report = CustomerBaseReport.Build(cdnow.Model, cdnow.Data, options: new CustomerBaseReportOptions { BgNbdDraws = draws, TopCustomers = 0 });
        var ppc = report.PosteriorPredictive!;
        Assert.InRange(ppc.PValue, 0, 1);
        for (int b = 0; b < ppc.Median.Count; b++) Assert.InRange(ppc.Median[b], ppc.Lower[b], ppc.Upper[b]);
        // Asymptotic draws around the MLE: the observed zeros (1,411) sit inside the replicated interval.
        Assert.False(ppc.Outside[0]);
        string html = report.ToHtml();
        Assert.Contains("Posterior predictive check of the histogram", html);
        Assert.Equal(4 + 4 + 5, Regex.Matches(html, "<svg ").Count); // trace and density per parameter, no tracking without a cohort, no spend
        Assert.False(report.ValueIsMonetary);
        Assert.Null(report.Evaluation.Spend);
    }

    [Fact]
    public void Same_replication_seed_gives_the_same_check()
    {
        var draws = cdnow.Model.DrawParameters(20, seed: 3);
        var first = HistogramReplication.Compute(draws, cdnow.Data.Calibration, seed: 11, maxDraws: 20);
        var second = HistogramReplication.Compute(draws, cdnow.Data.Calibration, seed: 11, maxDraws: 20);
        Assert.Equal(first.Median, second.Median);
        Assert.Equal(first.PValue, second.PValue);
    }

    [Fact]
    public void Mismatched_baseline_is_rejected_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => HoldoutEvaluation.Compute(cdnow.Model, cdnow.Data,
            baselines: [new BaselinePredictions("short", new double[3])]));
        Assert.Contains("'short'", error.Message);
    }
}
