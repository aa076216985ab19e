using Clv.Probabilistic.Reporting.Html;
using Clv.Probabilistic.Reporting.Plots;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>A report with every kind of block, hostile text included, shared by the HTML and browser tests.</summary>
internal static class SampleReport
{
    public const string HostileId = "<script>alert('x')</script>";

    public static HtmlReport Build()
    {
        var report = new HtmlReport("BG/NBD fit <b>CDNOW</b> & co", "Sample report: 2,357 customers, weeks 1–78");
        report.AddSection("Summary")
            .Paragraph("Parameters by maximum likelihood; \"quoted\" & 'single' text stays text.")
            .KeyValues([new("r", 0.242594), new("alpha", 4.41359), new("customers", 2357), new("log-likelihood", double.NaN)])
            .Warning("The holdout period is short: <12 weeks.");
        report.AddSection("Customers")
            .Table(["Customer", "x", "t_x", "P(alive)"],
            [
                ["c-1", 2, 30.43, 0.9523],
                [HostileId, 0, 0.0, 1.0],
                ["c-3", 1234567, 7.5, double.PositiveInfinity],
            ], caption: "Highest-value customers", numberFormat: "F3");
        report.AddSection("Fit")
            .Plot(ReportingSamples.Heatmap(), "P(alive) by frequency and recency")
            .Plot(ReportingSamples.Tracking(TrackingView.Cumulative), "Cumulative tracking")
            .Plot(TracePlot.Create("r", ReportingSamples.Chains()), "Trace of r (PNG)", PlotFormat.Png);
        report.AddSection("Holdout")
            .Subheading("By frequency")
            .Plot(ReportingSamples.Create("calibration"));
        return report;
    }
}
