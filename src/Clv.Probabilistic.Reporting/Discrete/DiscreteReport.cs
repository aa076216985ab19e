using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Reporting.CustomerBase;
using Clv.Probabilistic.Reporting.Html;
using Clv.Probabilistic.Reporting.Plots;

namespace Clv.Probabilistic.Reporting.Discrete;

/// <summary>
/// One self-contained HTML page for a fitted discrete-opportunity model (any registered model of kind
/// <see cref="ModelKind.DiscretePurchase"/>, BG/BB today): the data, the fit, P(alive) by (x, t_x), the conditional
/// expectations against a holdout, the tracking of repeat transactions per period, and DERT per summary row.
/// </summary>
/// <remarks>
/// The displays are those of Fader, Hardie &amp; Shang (2010), "Customer-base analysis in a discrete-time noncontractual
/// setting", Marketing Science 29(6): P(alive) by (x, t_x) at n (their table 3), conditional expectations of holdout
/// transactions by x (figure 5), annual repeat transactions model against actual (figure 4) and DERT at d per period
/// (section 4.3). Every number comes from <see cref="IDiscretePurchaseModel"/> at the fit's point estimate. The expected
/// repeat transactions at grid opportunity k are Σ_i w_i (E[X(k − b_i)] − E[X(k − b_i − 1)]), where b_i = N − n_i is the
/// opportunity of customer i's first transaction on the grid of the longest history N (E[X(m)] = 0 for m ≤ 0).
/// </remarks>
public sealed class DiscreteReport
{
    private DiscreteReport(HtmlReport html) => Html = html;

    /// <summary>The rendered page, before it is written.</summary>
    public HtmlReport Html { get; }

    /// <summary>N, the longest history (opportunities after the first) in the summary: the n of the P(alive) table.</summary>
    public int Periods { get; private init; }

    /// <summary>P(alive at opportunity N + 1 | x, t_x, N) at [x, t_x]; NaN where no history has that (x, t_x).</summary>
    public double[,] ProbabilityAliveGrid { get; private init; } = new double[0, 0];

    /// <summary>E[transactions at the next n* opportunities | x, t_x, n] per row; empty without a holdout.</summary>
    public IReadOnlyList<double> HoldoutPredicted { get; private init; } = [];

    /// <summary>Conditional expectations of holdout transactions by x; null without a holdout.</summary>
    public ConditionalExpectationTable? ConditionalExpectations { get; private init; }

    /// <summary>Expected repeat transactions of the cohort at grid opportunity 1, 2, …; empty without period transactions.</summary>
    public IReadOnlyList<double> ExpectedPeriodTransactions { get; private init; } = [];

    /// <summary>DERT per customer (per summary row, for one customer of the row) at the options' discount rate.</summary>
    public IReadOnlyList<double> Dert { get; private init; } = [];

    /// <summary>The page as HTML text.</summary>
    public string ToHtml() => Html.ToHtml();

    /// <summary>Writes the page to <paramref name="path"/> (UTF-8), replacing any file there.</summary>
    public void Write(string path) => Html.Save(path);

    /// <summary>Lays out the page.</summary>
    /// <param name="fit">A fit of a discrete-opportunity model (any method), for example from <c>ModelFile.Load</c>.</param>
    /// <param name="summary">The calibration summary (x, t_x, n in periods) the model describes.</param>
    /// <param name="options">Holdout, per-period transactions, discount rate and titles.</param>
    /// <exception cref="ArgumentException">The fit is not a discrete-opportunity model, or the holdout or per-period
    /// transactions do not match the summary.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The discount rate is not positive and finite, or a count is negative.</exception>
    public static DiscreteReport Build(ModelFit fit, RfmSummary summary, DiscreteReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(summary);
        options ??= new DiscreteReportOptions();
        if (fit.Definition.Kind != ModelKind.DiscretePurchase)
            throw new ArgumentException($"'{nameof(fit)}' must be a discrete-opportunity model fit, but {fit.Definition} is a {fit.Definition.Kind.ToString().ToLowerInvariant()} model.", nameof(fit));
        if (!(options.DiscountRate > 0 && double.IsFinite(options.DiscountRate)))
            throw new ArgumentOutOfRangeException(nameof(options), options.DiscountRate, "The DERT discount rate per period must be positive and finite.");
        if (summary.Count == 0) throw new ArgumentException("The summary has no customers.", nameof(summary));
        var model = fit.DiscretePurchaseModel();
        int periods = 0;
        foreach (double n in summary.T) periods = Math.Max(periods, (int)n);

        var html = new HtmlReport(options.Title, options.Subtitle);
        var layout = new Layout(html, fit, model, summary, options, periods);
        layout.Data();
        FitSection.Write(html.AddSection("Fitted parameters"), fit, "discrete-opportunity model");
        var grid = layout.ProbabilityAlive();
        var (holdout, table) = layout.Holdout();
        var expected = layout.Tracking();
        var dert = layout.Dert();
        return new DiscreteReport(html)
        {
            Periods = periods,
            ProbabilityAliveGrid = grid,
            HoldoutPredicted = holdout,
            ConditionalExpectations = table,
            ExpectedPeriodTransactions = expected,
            Dert = dert,
        };
    }

    /// <summary>E[X(k − b_i)] − E[X(k − b_i − 1)] summed over rows, for k = 1..<paramref name="count"/>.</summary>
    internal static double[] ExpectedPerPeriod(IDiscretePurchaseModel model, RfmSummary summary, int longest, int count)
    {
        var cumulative = new double[count + 1];
        for (int m = 1; m <= count; m++) cumulative[m] = model.ExpectedTransactions(m);
        var expected = new double[count];
        for (int i = 0; i < summary.Count; i++)
        {
            int born = longest - (int)summary.T[i];
            for (int k = born + 1; k <= count; k++)
                expected[k - 1] += summary.Weights[i] * (cumulative[k - born] - cumulative[k - born - 1]);
        }
        return expected;
    }

    private sealed class Layout(HtmlReport html, ModelFit fit, IDiscretePurchaseModel model, RfmSummary summary,
        DiscreteReportOptions options, int periods)
    {
        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

        /// <summary>Whole customer counts (unit weights) as integers, so they show as 11,104 like the row counts.</summary>
        private static object Count(double weight) => weight == Math.Floor(weight) && Math.Abs(weight) < 1e15 ? (object)(long)weight : weight;

        private double Customers
        {
            get
            {
                double total = 0;
                foreach (double w in summary.Weights) total += w;
                return total;
            }
        }

        public void Data()
        {
            double repeat = 0;
            for (int i = 0; i < summary.Count; i++) repeat += summary.Weights[i] * summary.Frequency[i];
            html.AddSection("Data").KeyValues(
            [
                new("Customers", Count(Customers)),
                new("Summary rows (x, t_x, n)", summary.Count),
                new("Longest history n (opportunities after the first)", periods),
                new("Period", summary.TimeUnit.Name),
                new("Repeat transactions in calibration", Count(repeat)),
                new("Model", $"{fit.Definition.DisplayName}: {fit.Definition.Reference}"),
            ], ReportFormat.Number);
        }

        public double[,] ProbabilityAlive()
        {
            int size = periods + 1;
            var cells = new List<(int X, int Tx)>();
            for (int x = 0; x < size; x++)
                for (int t = 0; t < size; t++)
                    if (x == 0 ? t == 0 : x <= t) cells.Add((x, t));
            var grid = new double[size, size];
            for (int x = 0; x < size; x++)
                for (int t = 0; t < size; t++) grid[x, t] = double.NaN;
            var probe = new RfmSummary(cells.Select((_, j) => j.ToString(CultureInfo.InvariantCulture)).ToArray(),
                cells.Select(c => (double)c.X).ToArray(), cells.Select(c => (double)c.Tx).ToArray(),
                Enumerable.Repeat((double)periods, cells.Count).ToArray(), default, summary.TimeUnit);
            var alive = new double[cells.Count];
            model.ProbabilityAlive(probe, alive);
            for (int j = 0; j < cells.Count; j++) grid[cells[j].X, cells[j].Tx] = alive[j];

            var section = html.AddSection("P(alive) by frequency and recency");
            section.Paragraph(Invariant($"P(alive at opportunity {periods + 1} | x, t_x, n = {periods}): the probability that a customer with x repeat transactions, the last at opportunity t_x, is still active at the next opportunity. Blank cells are histories that cannot occur (x ≤ t_x, and t_x = 0 when x = 0)."));
            section.Table(["x \\ t_x", .. Enumerable.Range(0, size).Select(t => t.ToString(CultureInfo.InvariantCulture))],
                Enumerable.Range(0, size).Select(x => (IReadOnlyList<object?>)[x, .. Enumerable.Range(0, size).Select(t => double.IsNaN(grid[x, t]) ? null : (object)grid[x, t])]),
                caption: "P(alive) at the next opportunity", numberFormat: "F3");
            return grid;
        }

        public (double[] Predicted, ConditionalExpectationTable? Table) Holdout()
        {
            if (options.HoldoutTransactions is not { } actual) return ([], null);
            if (actual.Length != summary.Count)
                throw new ArgumentException($"HoldoutTransactions has {actual.Length} values for {summary.Count} summary rows.", nameof(options));
            if (options.HoldoutPeriods < 1)
                throw new ArgumentOutOfRangeException(nameof(options), options.HoldoutPeriods, "HoldoutPeriods must be at least 1 with HoldoutTransactions.");
            var predicted = new double[summary.Count];
            model.ConditionalExpectedTransactions(summary, options.HoldoutPeriods, predicted);
            // The summary's rows stand for Weights customers each; the holdout totals are per row, the model's per customer.
            var perCustomer = new double[summary.Count];
            for (int i = 0; i < perCustomer.Length; i++)
                perCustomer[i] = summary.Weights[i] > 0 ? actual[i] / summary.Weights[i] : 0;
            var table = ConditionalExpectationTable.Compute(summary.Frequency, predicted, perCustomer, summary.Weights, k: periods + 1);
            var metrics = ErrorMetrics.Compute(predicted, perCustomer, summary.Weights);

            var section = html.AddSection("Holdout");
            section.Paragraph(Invariant($"Transactions at the {options.HoldoutPeriods} opportunities after calibration: E[X(n, n + {options.HoldoutPeriods}) | x, t_x, n] per customer against the actual, grouped by calibration frequency x."))
                .KeyValues(
                [
                    new("Actual holdout transactions", metrics.TotalActual),
                    new("Expected holdout transactions", metrics.TotalPredicted),
                    new("Mean absolute error per customer", metrics.MeanAbsoluteError),
                ], ReportFormat.Number)
                .Table(["x", "Customers", "Mean actual", "Mean expected"],
                    table.Rows.Where(r => r.Customers > 0).Select(r => (IReadOnlyList<object?>)[r.Label, Count(r.Customers), r.MeanActual, r.MeanPredicted]),
                    caption: "Conditional expectations of holdout transactions", numberFormat: "F3")
                .Plot(CalibrationPlot.Create(table, new ChartOptions { XLabel = "Calibration repeat transactions x", YLabel = "Holdout transactions per customer" }),
                    "Conditional expectations: mean holdout transactions by calibration frequency");
            return (predicted, table);
        }

        public double[] Tracking()
        {
            if (options.PeriodTransactions is not { } actual) return [];
            if (actual.Length == 0) throw new ArgumentException("PeriodTransactions is empty.", nameof(options));
            if (options.PeriodLabels is { } given && given.Count != actual.Length)
                throw new ArgumentException($"PeriodLabels has {given.Count} labels for {actual.Length} periods.", nameof(options));
            var expected = ExpectedPerPeriod(model, summary, periods, actual.Length);
            var labels = options.PeriodLabels ?? Enumerable.Range(1, actual.Length).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();
            var times = Enumerable.Range(1, actual.Length).Select(k => (double)k).ToArray();
            double? end = periods < actual.Length ? periods + 0.5 : null;
            double sumActual = 0, sumExpected = 0;
            var rows = new List<IReadOnlyList<object?>>();
            for (int k = 0; k < actual.Length; k++)
            {
                sumActual += actual[k];
                sumExpected += expected[k];
                rows.Add([labels[k], k + 1, k < periods ? "calibration" : "holdout", actual[k], expected[k], sumActual, sumExpected]);
            }
            html.AddSection("Tracking repeat transactions")
                .Paragraph(Invariant($"Repeat transactions of the cohort at each opportunity of the grid, actual against the model's expectation Σ_i E[transactions at opportunity k] (customers enter at opportunity N − n_i; the first {periods} opportunities are calibration)."))
                .Table(["Period", "Opportunity", "Part", "Actual", "Expected", "Cumulative actual", "Cumulative expected"], rows, numberFormat: ReportFormat.Number)
                .Plot(TrackingPlot.Create(times, actual, expected, TrackingView.Incremental, end,
                    new ChartOptions { XLabel = "Opportunity", YLabel = "Repeat transactions" }), "Repeat transactions per period")
                .Plot(TrackingPlot.Create(times, actual, expected, TrackingView.Cumulative, end,
                    new ChartOptions { XLabel = "Opportunity", YLabel = "Cumulative repeat transactions" }), "Cumulative repeat transactions");
            return expected;
        }

        public double[] Dert()
        {
            double d = options.DiscountRate;
            var dert = new double[summary.Count];
            var alive = new double[summary.Count];
            model.DiscountedExpectedTransactions(summary, d, dert);
            model.ProbabilityAlive(summary, alive);
            double total = 0;
            for (int i = 0; i < dert.Length; i++) total += summary.Weights[i] * dert[i];
            var order = Enumerable.Range(0, summary.Count).OrderByDescending(i => dert[i]).ThenBy(i => i).Take(options.MaxCustomerRows).ToArray();
            if (order.Length == summary.Count) Array.Sort(order);
            var ids = summary.CustomerIds;
            html.AddSection("Discounted expected residual transactions")
                .Paragraph(Invariant($"DERT: Σ_(s ≥ 1) E[transaction at opportunity n + s | x, t_x, n] / (1 + d)^s at d = {d:0.####} per period, per customer; multiply by the net cash flow per transaction for the residual value."))
                .KeyValues([new("Total DERT of the customers", total), new("Mean DERT per customer", total / Customers)], ReportFormat.Number)
                .Table(["Customer", "x", "t_x", "n", "Customers", "P(alive)", "DERT"],
                    order.Select(i => (IReadOnlyList<object?>)[ids[i], (long)summary.Frequency[i], (long)summary.Recency[i], (long)summary.T[i], Count(summary.Weights[i]), alive[i], dert[i]]),
                    caption: order.Length == summary.Count ? "Every summary row" : Invariant($"The {order.Length} rows with the highest DERT of {summary.Count}"),
                    numberFormat: "F4");
            return dert;
        }
    }
}
