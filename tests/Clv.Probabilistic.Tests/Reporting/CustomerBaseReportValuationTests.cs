using System.Globalization;
using System.Text.RegularExpressions;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Reporting.CustomerBase;
using Clv.Probabilistic.Tests.Cli;
using Clv.Probabilistic.Valuation;
using Clv.Probabilistic.Valuation.Intervals;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>The report values customers as <c>clv predict</c> and <c>clv demo</c> do, and says how.</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class CustomerBaseReportValuationTests(CustomerBaseReportFixture cdnow) : IClassFixture<CustomerBaseReportFixture>
{
    private static readonly ClvOptions DemoValuation = ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01));

    [Fact]
    public void Default_valuation_is_the_demos_12_months_at_1_percent_a_month_so_customer_509_agrees_with_the_console()
    {
        var clv = CustomerLifetimeValue.Compute(cdnow.Model, cdnow.Spend.Model, cdnow.Data.Calibration, DemoValuation);
        Assert.Equal(clv.Values.ToArray(), cdnow.Report.ExpectedValue.ToArray());
        int customer509 = cdnow.Data.Calibration.CustomerIds.ToList().IndexOf("509");
        Assert.Equal(1175.70, Math.Round(cdnow.Report.ExpectedValue[customer509], 2));
    }

    [Fact]
    public void Headline_total_is_the_sum_of_the_customers_values_with_an_interval_around_it()
    {
        var total = cdnow.Report.TotalValue!;
        double sum = 0;
        foreach (double v in cdnow.Report.ExpectedValue) sum += v;
        Assert.Equal(sum, total.Estimate, 1e-9 * sum);
        Assert.Equal(200, total.Draws);
        Assert.Equal(0.9, total.Level);
        Assert.InRange(total.Estimate, total.Lower, total.Upper);
        Assert.InRange(total.Mean, 0.97 * total.Estimate, 1.03 * total.Estimate);
        Assert.InRange((total.Upper - total.Lower) / total.Estimate, 0.02, 0.5);
        Assert.Contains(Invariant($"{total.Estimate:#,##0.00}"), cdnow.Html);
        Assert.Contains(Invariant($"{total.Lower:#,##0.00} to {total.Upper:#,##0.00}"), cdnow.Html);
    }

    [Fact]
    public void Total_interval_is_the_quantiles_of_whole_base_totals_over_evenly_thinned_draws()
    {
        var customers = cdnow.Data.Calibration;
        var options = new IntervalOptions { Level = 0.8, Horizon = 39, MaxDraws = 50 };
        var total = PredictionIntervals.Total(cdnow.Purchases, null, customers, options);

        int count = cdnow.Purchases.RequireDraws().Count;
        var totals = new double[50];
        var expected = new double[customers.Count];
        for (int k = 0; k < 50; k++)
        {
            cdnow.Purchases.DrawModel((int)((long)k * count / 50)).ConditionalExpectedPurchases(customers, 39, expected);
            totals[k] = expected.Sum();
        }
        Array.Sort(totals);
        Assert.Equal("expected_purchases", total.Quantity);
        Assert.Equal(totals.Average(), total.Mean, 1e-9 * total.Mean);
        Assert.Equal(Quantile(totals, 0.1), total.Lower, 1e-9 * total.Mean);
        Assert.Equal(Quantile(totals, 0.9), total.Upper, 1e-9 * total.Mean);

        var narrower = PredictionIntervals.Total(cdnow.Purchases, null, customers, options with { Level = 0.5 });
        Assert.InRange(narrower.Lower, total.Lower, narrower.Upper);
        Assert.InRange(narrower.Upper, narrower.Lower, total.Upper);
    }

    [Fact]
    public void Total_of_clv_needs_a_spend_fit()
    {
        var e = Assert.Throws<ArgumentException>(() => PredictionIntervals.Total(cdnow.Purchases, null, cdnow.Data.Calibration,
            new IntervalOptions { Clv = DemoValuation }));
        Assert.Contains("spend fit", e.Message);
    }

    [Fact]
    public void Summary_comes_first_and_states_valuation_segments_and_intervals()
    {
        string html = Decoded(cdnow.Html);
        var headings = Regex.Matches(html, "<h2>([^<]*)</h2>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal("Summary and assumptions", headings[0]);
        Assert.Contains("12 months after the calibration end", html);
        Assert.Contains("1% per month, each month's purchases discounted at its end", html);
        Assert.Contains("Active when P(alive) ≥ 0.7", html);
        Assert.Contains("Lapsed below 0.3", html);
        Assert.Contains("Top (the 10% of customers with the highest CLV)", html);
        Assert.Contains("New when first seen less than 4 weeks", html);
        Assert.Contains("90% equal-tailed", html);
        Assert.Contains("CLV 90% lower", html);
    }

    [Fact]
    public void Heat_maps_span_the_frequencies_where_99_percent_of_customers_are()
    {
        var x = cdnow.Data.Calibration.Frequency.ToArray();
        Array.Sort(x);
        double covering = x[(int)Math.Ceiling(0.99 * x.Length) - 1];
        Assert.True(covering < x[^1]);
        Assert.Contains(Invariant($"x up to {covering:0} repeat purchases (99% of customers have at most that many)"), cdnow.Html);
    }

    [Fact]
    public void Tracking_axis_names_its_unit_and_the_cohorts_first_day()
    {
        Assert.Contains("Weeks since the cohort's first purchase on 1997-01-01", Decoded(cdnow.Html));
    }

    [Fact]
    public void Most_valuable_customers_have_intervals_that_hold_their_value()
    {
        var top = Regex.Match(cdnow.Html, "<td>509</td>(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        var numbers = Regex.Matches(top, ">([0-9,.]+)<").Select(m => double.Parse(m.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(10, numbers.Length);
        double value = numbers[7], lower = numbers[8], upper = numbers[9];
        Assert.Equal(1175.70, value);
        Assert.True(lower < value && value < upper, $"{lower} < {value} < {upper}");
    }

    [Fact]
    public void Report_command_takes_the_valuation_options_and_another_purchase_model()
    {
        string folder = Directory.CreateTempSubdirectory("clv-report-valuation-").FullName;
        try
        {
            string path = Path.Combine(folder, "r.html");
            var (code, _, error) = CliRunner.Run("report", "--output", path, "--model", "pareto-nbd", "--horizon", "6",
                "--discount-rate", "0.1", "--discount-unit", "years", "--margin", "0.3", "--continuous");
            Assert.Equal((0, ""), (code, error));
            string html = File.ReadAllText(path);
            Assert.Contains("Pareto/NBD", html);
            Assert.Contains("6 months after the calibration end", html);
            Assert.Contains("10% per year, continuous discounting", html);
            Assert.Contains("<dt>Margin on revenue</dt><dd class=\"num\">0.30</dd>", html);

            foreach (var (args, message) in new[]
                     {
                         (new[] { "--horizon", "0" }, "--horizon: 0 is not a finite horizon > 0."),
                         (new[] { "--horizon", "2.5" }, "--horizon 2.5 months is not a whole number of periods"),
                         (new[] { "--discount-rate", "-0.1" }, "--discount-rate: -0.1 is not a finite rate ≥ 0"),
                         (new[] { "--margin", "NaN" }, "--margin: NaN is not a finite margin ≥ 0."),
                         (new[] { "--model", "gamma-gamma" }, "--model: Gamma-Gamma (gamma-gamma) is not a purchase model"),
                         (new[] { "--model", "nope" }, "--model: 'nope' is not a registered model"),
                     })
            {
                string other = Path.Combine(folder, "bad.html");
                (code, _, error) = CliRunner.Run(["report", "--output", other, .. args]);
                Assert.Equal(CliErrors.InputError, code);
                Assert.Contains(message, error);
                Assert.False(File.Exists(other));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        return sorted[lo] + (h - lo) * (sorted[Math.Min(lo + 1, sorted.Length - 1)] - sorted[lo]);
    }

    private static string Decoded(string html) => System.Net.WebUtility.HtmlDecode(html);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
