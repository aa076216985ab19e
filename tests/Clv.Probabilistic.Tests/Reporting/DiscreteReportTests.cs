using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgBb;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Reporting.Discrete;
using MathNet.Numerics;
using static Clv.Probabilistic.Tests.Reporting.ReportTables;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>
/// The discrete-opportunity page on the donations data of Fader, Hardie &amp; Shang (2010): its numbers against the
/// published P(alive) values, the closed form of E[X(n)] (FHS eq. 8), a brute-force sum for DERT and the holdout file.
/// </summary>
public sealed class DiscreteReportTests
{
    private static readonly Lazy<(ModelFit Fit, RfmSummary Summary, DiscreteReport Report, string Html)> Donations = new(() =>
    {
        var summary = Datasets.DonationsSummary();
        var fit = ModelFitter.Fit(BgBbDefinition.Instance, summary);
        var report = DiscreteReport.Build(fit, summary, new DiscreteReportOptions
        {
            HoldoutTransactions = Datasets.DonationsHoldoutTransactions(),
            HoldoutPeriods = 5,
            PeriodTransactions = Datasets.DonationsAnnualTransactions().Select(a => a.Transactions).ToArray(),
            PeriodLabels = Datasets.DonationsAnnualTransactions().Select(a => a.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        });
        return (fit, summary, report, report.ToHtml());
    });

    [Fact]
    public void Probability_alive_table_shows_the_published_values()
    {
        var rows = Rows(Section(Donations.Value.Html, "P(alive) by frequency and recency"));
        Assert.Equal(7, rows.Count);
        // FHS (2010): P(alive) after six opportunities for (x, t_x) = (0, 0), (2, 4), (6, 6) is 0.108, 0.590, 0.930.
        Assert.Equal("0.108", rows[0][1]);
        Assert.Equal("0.590", rows[2][5]);
        Assert.Equal("0.930", rows[6][7]);
        // Histories that cannot occur are blank: x > t_x, or x = 0 with t_x > 0.
        Assert.Equal("", rows[3][2]);
        Assert.Equal("", rows[0][4]);
        Assert.Equal(22, rows.Sum(r => r.Skip(1).Count(c => c.Length > 0)));
    }

    [Fact]
    public void Tracking_follows_the_closed_form_expected_count()
    {
        var (fit, summary, report, html) = Donations.Value;
        var v = fit.Values.ToArray();
        var p = new BgBbParameters(v[0], v[1], v[2], v[3]);
        double donors = summary.Weights.ToArray().Sum();
        // FHS eq. 8: E[X(n)] = α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n) / (Γ(γ+δ+n)Γ(1+δ))].
        double Expected(int n) => n == 0 ? 0 : p.Alpha / (p.Alpha + p.Beta) * p.Delta / (p.Gamma - 1)
            * (1 - Math.Exp(SpecialFunctions.GammaLn(p.Gamma + p.Delta) + SpecialFunctions.GammaLn(1 + p.Delta + n)
                - SpecialFunctions.GammaLn(p.Gamma + p.Delta + n) - SpecialFunctions.GammaLn(1 + p.Delta)));
        var annual = Datasets.DonationsAnnualTransactions();
        var rows = Rows(Section(html, "Tracking repeat transactions"));
        Assert.Equal(annual.Count, rows.Count);
        for (int k = 1; k <= annual.Count; k++)
        {
            double expected = donors * (Expected(k) - Expected(k - 1));
            Assert.Equal(expected, report.ExpectedPeriodTransactions[k - 1], 1e-6 * expected);
            Assert.Equal(F(expected, "#,##0.00"), rows[k - 1][4]);
            Assert.Equal(F(annual[k - 1].Transactions, "#,##0.00"), rows[k - 1][3]);
            Assert.Equal(k <= 6 ? "calibration" : "holdout", rows[k - 1][2]);
        }
        Assert.Equal(F(donors * Expected(annual.Count), "#,##0.00"), rows[^1][6]);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(Section(html, "Tracking repeat transactions"), "<svg").Count);
    }

    [Fact]
    public void Holdout_section_compares_the_holdout_file_with_the_conditional_expectations()
    {
        var (fit, summary, report, html) = Donations.Value;
        var section = Section(html, "Holdout");
        var totals = Datasets.DonationsHoldoutTransactions();
        Assert.Equal(F(totals.Sum(), "#,##0.00"), Value(section, "Actual holdout transactions"));
        var expected = new double[summary.Count];
        fit.DiscretePurchaseModel().ConditionalExpectedTransactions(summary, 5, expected);
        double total = 0;
        for (int i = 0; i < expected.Length; i++) total += summary.Weights[i] * expected[i];
        Assert.Equal(F(total, "#,##0.00"), Value(section, "Expected holdout transactions"));
        // By x: mean actual per donor = Σ holdout totals of the rows with that x / Σ their donors.
        var rows = Rows(section);
        Assert.Equal(7, rows.Count);
        for (int x = 0; x <= 6; x++)
        {
            double actual = 0, donors = 0, predicted = 0;
            for (int i = 0; i < summary.Count; i++)
                if (summary.Frequency[i] == x) { actual += totals[i]; donors += summary.Weights[i]; predicted += summary.Weights[i] * expected[i]; }
            Assert.Equal([x.ToString(System.Globalization.CultureInfo.InvariantCulture), F(donors, "#,##0"), F(actual / donors, "F3"), F(predicted / donors, "F3")], rows[x]);
        }
    }

    [Fact]
    public void Dert_per_row_equals_the_discounted_sum_of_incremental_expectations()
    {
        var (fit, summary, report, html) = Donations.Value;
        var model = fit.DiscretePurchaseModel();
        var rows = Rows(Section(html, "Discounted expected residual transactions"));
        Assert.Equal(summary.Count, rows.Count);
        // Σ_s (E[X(n, n+s)] − E[X(n, n+s−1)]) / 1.1^s, summed until the terms are below 1e-13.
        var previous = new double[summary.Count];
        var current = new double[summary.Count];
        var brute = new double[summary.Count];
        for (int s = 1; s <= 400; s++)
        {
            model.ConditionalExpectedTransactions(summary, s, current);
            for (int i = 0; i < brute.Length; i++) brute[i] += (current[i] - previous[i]) / Math.Pow(1.1, s);
            (previous, current) = (current, previous);
        }
        var ids = summary.CustomerIds;
        for (int i = 0; i < summary.Count; i++)
        {
            Assert.Equal(brute[i], report.Dert[i], 1e-9);
            Assert.Equal([ids[i], F(summary.Frequency[i], "#,##0"), F(summary.Recency[i], "#,##0"), "6"], rows[i][..4]);
            Assert.Equal(F(brute[i], "F4"), rows[i][6]);
        }
    }

    [Fact]
    public void Fit_section_lists_every_parameter_and_a_purchase_fit_is_refused()
    {
        var (fit, summary, _, html) = Donations.Value;
        var section = Section(html, "Fitted parameters");
        Assert.Contains("BG/BB discrete-opportunity model (maximum likelihood)", section);
        var rows = Rows(section);
        Assert.Equal(BgBbDefinition.Instance.Parameters.Names, rows.Select(r => r[0]).ToArray());
        for (int j = 0; j < 4; j++) Assert.Equal(F(fit.Values[j], "G6"), rows[j][2]);

        var purchase = ModelFitter.Fit(BgNbdDefinition.Instance, Datasets.CdnowSummary());
        var e = Assert.Throws<ArgumentException>(() => DiscreteReport.Build(purchase, summary));
        Assert.Equal("fit", e.ParamName);
        Assert.DoesNotContain("Holdout", DiscreteReport.Build(fit, summary).ToHtml());
    }
}
