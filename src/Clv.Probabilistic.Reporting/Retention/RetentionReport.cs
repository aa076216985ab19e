using System.Globalization;
using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Reporting.CustomerBase;
using Clv.Probabilistic.Reporting.Html;
using Clv.Probabilistic.Reporting.Plots;

namespace Clv.Probabilistic.Reporting.Retention;

/// <summary>What a <see cref="RetentionReport"/> shows besides the fit.</summary>
public sealed record RetentionReportOptions
{
    /// <summary>Page title.</summary>
    public string Title { get; init; } = "Retention report";

    /// <summary>Line under the title; null for none.</summary>
    public string? Subtitle { get; init; }

    /// <summary>Periods the curves are projected to; null for twice the longest cohort's observation (at least 12).</summary>
    public int? ProjectionPeriods { get; init; }

    /// <summary>d, the discount rate per period of DEL and DERL (Fader &amp; Hardie 2010 use 0.10).</summary>
    public double DiscountRate { get; init; } = 0.1;

    /// <summary>Margin per period a customer pays; DEL and DERL times it are the (residual) lifetime values.</summary>
    public double Margin { get; init; } = 1.0;
}

/// <summary>
/// One self-contained HTML page for a fitted contract-duration model (any registered model of kind
/// <see cref="ModelKind.Retention"/>: sBG, BdW): the fit, each cohort's survival and retention rates against the model's
/// fitted and projected curves, and the value of a new customer (DEL) and of customers who renewed n times (DERL).
/// </summary>
/// <remarks>
/// Survival S(t) and retention r(t) = S(t)/S(t − 1) as in Fader &amp; Hardie (2007), "How to project customer retention",
/// J. Interactive Marketing 21(1), figures 1–3 and eq. 5–6; the observed S(t) is alive(t)/alive(0) and r(t)
/// alive(t)/alive(t − 1) of the cohort table. DEL and DERL at d per period as in Fader &amp; Hardie (2010), "Customer-base
/// valuation in a contractual setting", Marketing Science 29(1), from <see cref="IRetentionModel"/> at the fit's point
/// estimate. One model describes every cohort shown (a model fitted to one cohort is compared with the others too).
/// </remarks>
public sealed class RetentionReport
{
    private RetentionReport(HtmlReport html) => Html = html;

    /// <summary>The rendered page, before it is written.</summary>
    public HtmlReport Html { get; }

    /// <summary>Last period of the projection.</summary>
    public int ProjectionPeriods { get; private init; }

    /// <summary>The model's S(t), t = 0..<see cref="ProjectionPeriods"/>.</summary>
    public IReadOnlyList<double> Survival { get; private init; } = [];

    /// <summary>The model's r(t), t = 1..<see cref="ProjectionPeriods"/> (element t − 1).</summary>
    public IReadOnlyList<double> RetentionRates { get; private init; } = [];

    /// <summary>DEL of a new customer at the options' discount rate.</summary>
    public double DiscountedExpectedLifetime { get; private init; }

    /// <summary>DERL(n) of a customer who renewed n times, n = 0..<see cref="ProjectionPeriods"/> (element n).</summary>
    public IReadOnlyList<double> DiscountedExpectedResidualLifetimes { get; private init; } = [];

    /// <summary>The page as HTML text.</summary>
    public string ToHtml() => Html.ToHtml();

    /// <summary>Writes the page to <paramref name="path"/> (UTF-8), replacing any file there.</summary>
    public void Write(string path) => Html.Save(path);

    /// <summary>Lays out the page.</summary>
    /// <param name="fit">A fit of a retention model (any method), for example from <c>ModelFile.Load</c>.</param>
    /// <param name="cohorts">The cohort table (customers active at the start of each period).</param>
    /// <param name="options">Projection, discount rate, margin and titles.</param>
    /// <exception cref="ArgumentException">The fit is not a retention model.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The discount rate is not positive and finite, the margin is negative,
    /// or the projection is shorter than one period.</exception>
    public static RetentionReport Build(ModelFit fit, CohortTable cohorts, RetentionReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(cohorts);
        options ??= new RetentionReportOptions();
        if (fit.Definition.Kind != ModelKind.Retention)
            throw new ArgumentException($"'{nameof(fit)}' must be a retention model fit, but {fit.Definition} is a {fit.Definition.Kind.ToString().ToLowerInvariant()} model.", nameof(fit));
        double d = options.DiscountRate;
        if (!(d > 0 && double.IsFinite(d)))
            throw new ArgumentOutOfRangeException(nameof(options), d, "The discount rate per period must be positive and finite.");
        if (!(options.Margin >= 0 && double.IsFinite(options.Margin)))
            throw new ArgumentOutOfRangeException(nameof(options), options.Margin, "The margin must be finite and not negative.");
        int observed = cohorts.Cohorts.Max(c => c.Periods);
        int horizon = options.ProjectionPeriods ?? Math.Max(12, 2 * observed);
        if (horizon < Math.Max(1, observed))
            throw new ArgumentOutOfRangeException(nameof(options), horizon, $"The projection must reach at least the longest observation ({observed} periods).");

        var model = fit.RetentionModel();
        var survival = Enumerable.Range(0, horizon + 1).Select(t => Math.Exp(model.LogSurvival(t))).ToArray();
        var retention = Enumerable.Range(1, horizon).Select(model.RetentionRate).ToArray();
        double del = model.DiscountedExpectedLifetime(d);
        var derl = Enumerable.Range(0, horizon + 1).Select(n => model.DiscountedExpectedResidualLifetime(n, d)).ToArray();

        var html = new HtmlReport(options.Title, options.Subtitle);
        html.AddSection("Data").Table(["Cohort", "Customers at acquisition", "Periods observed", "Active at the end"],
            cohorts.Cohorts.Select(c => (IReadOnlyList<object?>)[c.Name, c.Alive[0], c.Periods, c.Alive[^1]]), numberFormat: "#,##0");
        FitSection.Write(html.AddSection("Fitted parameters"), fit, "retention model");

        var curves = html.AddSection("Survival and retention");
        curves.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"Each cohort's share still active at the start of period t (survival) and share of the previous period's customers who renewed (retention rate), against the model: fitted over the observed periods, projected to period {horizon}."));
        var survivalObserved = cohorts.Cohorts.Select(c => (c.Name, c.Alive.Select(a => a / c.Alive[0]).ToArray())).ToList();
        var retentionObserved = cohorts.Cohorts.Where(c => c.Periods > 0)
            .Select(c => (c.Name, Enumerable.Range(1, c.Periods).TakeWhile(t => c.Alive[t - 1] > 0).Select(t => c.Alive[t] / c.Alive[t - 1]).ToArray()))
            .Where(c => c.Item2.Length > 0).ToList();
        curves.Plot(SurvivalPlot.Create(survivalObserved, survival, 0, "Survival S(t)", observed), "Survival: actual against fitted and projected");
        if (retentionObserved.Count > 0)
            curves.Plot(SurvivalPlot.Create(retentionObserved, retention, 1, "Retention rate r(t)", observed), "Retention rates: actual against fitted and projected");
        string[] headers = ["Period", "Part", .. cohorts.Cohorts.SelectMany(c => new[] { $"S(t) {c.Name}", $"r(t) {c.Name}" }), "Model S(t)", "Model r(t)"];
        curves.Table(headers, Enumerable.Range(0, horizon + 1).Select(t =>
        {
            var row = new List<object?> { t, t <= observed ? "fitted" : "projected" };
            foreach (var c in cohorts.Cohorts)
            {
                row.Add(t <= c.Periods ? c.Alive[t] / c.Alive[0] : null);
                row.Add(t >= 1 && t <= c.Periods && c.Alive[t - 1] > 0 ? c.Alive[t] / c.Alive[t - 1] : null);
            }
            row.Add(survival[t]);
            row.Add(t >= 1 ? retention[t - 1] : null);
            return (IReadOnlyList<object?>)row;
        }), caption: "Survival and retention, actual and model", numberFormat: "F4");

        html.AddSection("Lifetime value").Paragraph(string.Create(CultureInfo.InvariantCulture,
                $"DEL: discounted expected lifetime of a new customer, Σ_(t ≥ 0) S(t)/(1 + d)^t; DERL(n): discounted expected residual lifetime of a customer who has renewed n times, standing before the next renewal; d = {d:0.####} per period, margin {options.Margin:0.####} per period."))
            .KeyValues([new("DEL of a new customer", del), new("Expected lifetime value of a new customer (DEL × margin)", del * options.Margin)], "F4")
            .Table(["Renewals n", "P(renew again)", "DERL(n)", "Residual value (DERL × margin)"],
                Enumerable.Range(0, horizon + 1).Select(n => (IReadOnlyList<object?>)[n, model.ConditionalSurvival(n, 1), derl[n], derl[n] * options.Margin]),
                caption: "DERL by number of renewals", numberFormat: "F4");

        return new RetentionReport(html)
        {
            ProjectionPeriods = horizon,
            Survival = survival,
            RetentionRates = retention,
            DiscountedExpectedLifetime = del,
            DiscountedExpectedResidualLifetimes = derl,
        };
    }
}
