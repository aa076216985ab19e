using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Reporting.Comparison;
using Clv.Probabilistic.Reporting.CustomerBase;
using Clv.Probabilistic.Reporting.Plots;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>
/// The comparison page on CDNOW (BG/NBD, Pareto/NBD, GGom/NBD): its tables show the comparison's own numbers, and its
/// tracking curves are each model's Σ E[X(τ − s_i)] over the cohort, summed here customer by customer.
/// </summary>
public sealed class ModelComparisonReportTests
{
    private static readonly Lazy<(ModelComparison Comparison, CohortTracking Cohort, ModelComparisonReport Report, string Html)> Built = new(() =>
    {
        var log = Datasets.CdnowSample();
        var data = RfmSummarizer.SummarizeCalibrationHoldout(log, Datasets.CdnowCalibrationEnd, new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks));
        var comparison = ModelComparison.Compute(new[] { "bgnbd", "pareto-nbd", "ggomnbd" }.Select(ModelRegistry.Get), data);
        var cohort = CohortTracking.FromLog(log, Datasets.CdnowCalibrationEnd, Datasets.CdnowObservationEnd, TimeUnit.Weeks);
        var report = ModelComparisonReport.Build(comparison, cohort, dataName: "CDNOW");
        return (comparison, cohort, report, report.Html.ToHtml());
    });

    [Fact]
    public void CriteriaTableShowsEachModelsNumbers()
    {
        var (comparison, _, _, html) = Built.Value;
        var rows = ReportTables.Rows(ReportTables.Section(html, "Fit to the calibration data"));
        Assert.Equal(comparison.Models.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var m = comparison.Models[i];
            Assert.Equal(m.Definition.DisplayName, rows[i][0]);
            Assert.Equal(ReportTables.F(m.LogLikelihood!.Value, "#,0.###"), rows[i][2]);
            Assert.Equal(m.Parameters.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[i][3]);
            Assert.Equal(m.Bic is { } bic ? ReportTables.F(bic, "#,0.###") : "", rows[i][5]);
        }
        Assert.Equal("not identified", rows[2][1]);
        var tests = ReportTables.Rows(ReportTables.Section(html, "Fit to the calibration data"), skipTables: 1);
        Assert.Equal(["GGom/NBD", "Pareto/NBD"], tests[0][..2]);
        Assert.Contains("Recommended: ", ReportTables.Section(html, "Recommendation"), StringComparison.Ordinal);
    }

    [Fact]
    public void HoldoutTablesShowEachModelsPredictions()
    {
        var (comparison, _, _, html) = Built.Value;
        var section = ReportTables.Section(html, "Holdout accuracy");
        var accuracy = ReportTables.Rows(section);
        for (int i = 0; i < accuracy.Count; i++)
            Assert.Equal(ReportTables.F(comparison.Models[i].Holdout!.TotalPredicted, "#,0.####"), accuracy[i][1]);
        var expectations = ReportTables.Rows(section, skipTables: 1);
        var first = comparison.Models[0].ConditionalExpectations!.Rows;
        Assert.Equal(first.Count, expectations.Count);
        for (int r = 0; r < first.Count; r++)
            for (int i = 0; i < comparison.Models.Count; i++)
                Assert.Equal(ReportTables.F(comparison.Models[i].ConditionalExpectations!.Rows[r].MeanPredicted!.Value, "#,0.###"), expectations[r][3 + i]);
    }

    [Fact]
    public void TrackingCurvesAreEachReliableModelsCohortExpectation()
    {
        var (comparison, cohort, report, html) = Built.Value;
        var reliable = comparison.Models.Where(m => m.IsReliable).ToList();
        Assert.Equal(reliable.Select(m => m.Definition.DisplayName), report.Tracking.Select(t => t.Label));
        var first = cohort.FirstPurchase.ToArray();
        foreach (var ((label, curve), model) in report.Tracking.Zip(reliable))
        {
            var purchases = model.Fit.PurchaseModel();
            foreach (int j in new[] { 10, 38, curve.Times.Length - 1 })
            {
                double tau = curve.Times[j], sum = 0;
                foreach (double s in first)
                    if (s < tau) sum += purchases.ExpectedPurchases(tau - s);
                Assert.True(Math.Abs(curve.PredictedCumulative[j] - sum) <= 1e-9 * sum, $"{label} at {tau}: {curve.PredictedCumulative[j]} vs {sum}");
            }
            Assert.Equal(cohort.RepeatPurchaseTimes.Length, curve.ActualCumulative[^1]);
        }
        var rows = ReportTables.Rows(ReportTables.Section(html, "Tracking the cohort over time"));
        Assert.Equal(reliable.Count, rows.Count);
        Assert.Equal(ReportTables.F(report.Tracking[0].Curve.PredictedCumulative[^1], "#,0.#"), rows[0][3]);
    }

    [Fact]
    public void TheComparisonPlotsRefuseCurvesOfOtherCohorts()
    {
        var (_, _, report, _) = Built.Value;
        var curve = report.Tracking[0].Curve;
        var shorter = TrackingCurve.FromCumulative(curve.Times[..5], curve.ActualCumulative[..5], curve.PredictedCumulative[..5]);
        var error = Assert.Throws<ArgumentException>(() => TrackingPlot.Compare([("a", curve), ("b", shorter)], TrackingView.Cumulative));
        Assert.StartsWith("The curve of 'b' has other times", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CalibrationPlot.Compare([]));
    }
}
