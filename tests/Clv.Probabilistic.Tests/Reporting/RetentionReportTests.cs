using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BetaDiscreteWeibull;
using Clv.Probabilistic.Models.BgBb;
using Clv.Probabilistic.Models.ShiftedBetaGeometric;
using Clv.Probabilistic.Reporting.Retention;
using Clv.Probabilistic.Tests.Models.Retention;
using MathNet.Numerics;
using static Clv.Probabilistic.Tests.Reporting.ReportTables;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>
/// The retention page on the cohorts of Fader &amp; Hardie (2007): survival against the sBG closed form
/// S(t) = B(α, β + t)/B(α, β) (their eq. 6), the cohort table's own shares, and DEL/DERL against brute-force discounted sums.
/// </summary>
public sealed class RetentionReportTests
{
    private static readonly Lazy<(ModelFit Fit, RetentionReport Report, string Html)> Regular = new(() =>
    {
        var table = RetentionTestData.Cohorts();
        var fit = ModelFitter.Fit(SbgDefinition.Instance, SbgDefinition.Instance.Prepare(table["regular"].ToRetentionData(), TimeUnit.Years));
        var report = RetentionReport.Build(fit, table, new RetentionReportOptions { ProjectionPeriods = 12, DiscountRate = 0.1, Margin = 50 });
        return (fit, report, report.ToHtml());
    });

    private static double Survival(double alpha, double beta, int t) =>
        Math.Exp(SpecialFunctions.BetaLn(alpha, beta + t) - SpecialFunctions.BetaLn(alpha, beta));

    [Fact]
    public void Survival_table_shows_the_cohorts_and_the_closed_form_fitted_then_projected()
    {
        var (fit, report, html) = Regular.Value;
        double alpha = fit.Values[0], beta = fit.Values[1];
        Assert.Equal((0.704, 1.182), (Math.Round(alpha, 3), Math.Round(beta, 3)));
        var section = Section(html, "Survival and retention");
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(section, "<svg").Count);
        var rows = Rows(section);
        Assert.Equal(13, rows.Count);
        var cohorts = RetentionTestData.Cohorts();
        for (int t = 0; t <= 12; t++)
        {
            Assert.Equal(t <= 7 ? "fitted" : "projected", rows[t][1]);
            double s = Survival(alpha, beta, t);
            Assert.Equal(s, report.Survival[t], 1e-12);
            Assert.Equal(F(s, "F4"), rows[t][6]);
            Assert.Equal(t == 0 ? "" : F(s / Survival(alpha, beta, t - 1), "F4"), rows[t][7]);
            // Columns 2..5: regular S(t), r(t), high end S(t), r(t) from the counts.
            for (int c = 0; c < 2; c++)
            {
                var alive = cohorts.Cohorts[c].Alive;
                Assert.Equal(t <= 7 ? F(alive[t] / alive[0], "F4") : "", rows[t][2 + 2 * c]);
                Assert.Equal(t is >= 1 and <= 7 ? F(alive[t] / alive[t - 1], "F4") : "", rows[t][3 + 2 * c]);
            }
        }
        Assert.Equal("0.6310", rows[1][2]);
    }

    [Fact]
    public void Del_and_derl_equal_discounted_sums_of_the_survival_curve()
    {
        var (fit, report, html) = Regular.Value;
        double alpha = fit.Values[0], beta = fit.Values[1];
        double Sum(int n)
        {
            double total = 0, sn = Survival(alpha, beta, n);
            for (int t = n + 1; t < n + 20000; t++) total += Survival(alpha, beta, t) / sn / Math.Pow(1.1, t - n - 1);
            return total;
        }
        double del = 0;
        for (int t = 0; t < 20000; t++) del += Survival(alpha, beta, t) / Math.Pow(1.1, t);
        var section = Section(html, "Lifetime value");
        Assert.Equal(del, report.DiscountedExpectedLifetime, 1e-6);
        Assert.Equal(F(del, "F4"), Value(section, "DEL of a new customer"));
        Assert.Equal(F(50 * del, "F4"), Value(section, "Expected lifetime value of a new customer (DEL × margin)"));
        var rows = Rows(section);
        Assert.Equal(13, rows.Count);
        foreach (int n in new[] { 0, 1, 4, 12 })
        {
            double derl = Sum(n);
            Assert.Equal(derl, report.DiscountedExpectedResidualLifetimes[n], 1e-6);
            Assert.Equal([n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                F(Survival(alpha, beta, n + 1) / Survival(alpha, beta, n), "F4"), F(derl, "F4"), F(50 * derl, "F4")], rows[n]);
        }
    }

    [Fact]
    public void A_bdw_fit_gets_the_same_page_and_other_kinds_are_refused()
    {
        var table = RetentionTestData.Cohorts();
        var bdw = ModelFitter.Fit(BdwDefinition.Instance, BdwDefinition.Instance.Prepare(table.Pooled(), TimeUnit.Years));
        var report = RetentionReport.Build(bdw, table);
        string html = report.ToHtml();
        Assert.Contains("BdW retention model (maximum likelihood)", html.Replace("&#39;", "'"));
        Assert.Equal(14, report.ProjectionPeriods);
        var model = bdw.RetentionModel();
        Assert.Equal(F(Math.Exp(model.LogSurvival(14)), "F4"), Rows(Section(html, "Survival and retention"))[14][6]);
        Assert.Equal(3, Rows(Section(html, "Fitted parameters")).Count);

        var discrete = ModelFitter.Fit(BgBbDefinition.Instance, Datasets.DonationsSummary());
        Assert.Equal("fit", Assert.Throws<ArgumentException>(() => RetentionReport.Build(discrete, table)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => RetentionReport.Build(bdw, table, new RetentionReportOptions { ProjectionPeriods = 3 }));
    }
}
