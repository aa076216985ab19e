using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Reporting.Html;
using Clv.Probabilistic.Reporting.Plots;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Reporting.CustomerBase;

/// <summary>
/// One self-contained HTML page that lets an analyst see whether a fitted purchase model (any registered one, by any
/// fit method) and optionally a fitted spend model fit the customers: the data, each fit with its method, verdict,
/// warnings and parameters, the fit to the calibration data, the holdout evaluation with baselines side by side, the
/// tracking curves, the segments and the most valuable customers.
/// </summary>
/// <example>
/// <code>
/// var data = RfmSummarizer.SummarizeCalibrationHoldout(log, calibrationEnd, new SummaryOptions(observationEnd, TimeUnit.Weeks));
/// var purchases = ModelFitter.Fit(BgNbdDefinition.Instance, data.Calibration);
/// var spend = ModelFitter.Fit(GammaGammaDefinition.Instance, data.Calibration);
/// var cohort = CohortTracking.FromLog(log, calibrationEnd, observationEnd, TimeUnit.Weeks);
/// CustomerBaseReport.Build(purchases, data, spend, cohort).Write("report.html");
/// </code>
/// </example>
public sealed class CustomerBaseReport
{
    private const int HeatmapColumns = 40;
    private const int HeatmapMaxFrequency = 40;

    private CustomerBaseReport(HtmlReport html, HoldoutEvaluation evaluation, double[] value, bool valueIsMonetary,
        IReadOnlyList<SegmentRow<CustomerSegment>> segments, PosteriorPredictiveCheck? posteriorPredictive)
    {
        Html = html;
        Evaluation = evaluation;
        _value = value;
        ValueIsMonetary = valueIsMonetary;
        Segments = segments;
        PosteriorPredictive = posteriorPredictive;
    }

    private readonly double[] _value;

    /// <summary>The rendered page, before it is written.</summary>
    public HtmlReport Html { get; }

    /// <summary>The holdout evaluation the page shows.</summary>
    public HoldoutEvaluation Evaluation { get; }

    /// <summary>Each customer's expected value: CLV with a spend model, otherwise expected purchases over the valuation horizon.</summary>
    public ReadOnlySpan<double> ExpectedValue => _value;

    /// <summary>Whether <see cref="ExpectedValue"/> is money (CLV) rather than a purchase count.</summary>
    public bool ValueIsMonetary { get; }

    /// <summary>Customers by lifecycle stage and value tier, with their expected value and holdout behaviour.</summary>
    public IReadOnlyList<SegmentRow<CustomerSegment>> Segments { get; }

    /// <summary>Posterior predictive check of the histogram; null when the page shows no draws (see <see cref="CustomerBaseReportOptions.ShowDraws"/>).</summary>
    public PosteriorPredictiveCheck? PosteriorPredictive { get; }

    /// <summary>The page as HTML text.</summary>
    public string ToHtml() => Html.ToHtml();

    /// <summary>Writes the page to <paramref name="path"/> (UTF-8), replacing any file there.</summary>
    public void Write(string path) => Html.Save(path);

    /// <summary>Whether the page shows the draws of <paramref name="purchases"/> under <paramref name="options"/>.</summary>
    public static bool ShowsDraws(ModelFit purchases, CustomerBaseReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(options);
        return purchases.Draws is not null && (options.ShowDraws ?? purchases.Method == FitMethod.Nuts);
    }

    /// <summary>Evaluates the fits and lays out the page.</summary>
    /// <param name="purchases">The purchase-model fit (for example <c>ModelFitter.Fit(BgNbdDefinition.Instance, data.Calibration)</c>,
    /// or a fit loaded with <c>ModelFile.Load</c>); predictions use its point estimate.</param>
    /// <param name="data">Calibration summary with holdout columns, in the fit's time unit.</param>
    /// <param name="spend">The spend-model fit; null to value customers by expected purchases and skip the spend check.</param>
    /// <param name="cohort">The cohort's transactions over time, for the tracking curves; null to leave them out.</param>
    /// <param name="options">Title, valuation, segments, baselines and whether to show the parameter draws.</param>
    /// <exception cref="ArgumentException">A fit is of the wrong kind, time units differ, or the data are inconsistent
    /// (see <see cref="HoldoutEvaluation.Compute"/>).</exception>
    public static CustomerBaseReport Build(ModelFit purchases, CalibrationHoldoutSummary data, ModelFit? spend = null,
        CohortTracking? cohort = null, CustomerBaseReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new CustomerBaseReportOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.TopCustomers);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PredictiveCheckDraws, 1);
        var calibration = data.Calibration;
        var evaluation = HoldoutEvaluation.Compute(purchases, data, spend, cohort, options.Baselines);
        var model = purchases.PurchaseModel();

        var value = new double[data.Count];
        if (spend is not null) CustomerLifetimeValue.Compute(model, spend.SpendModel(), calibration, options.Valuation).Values.CopyTo(value);
        else model.ConditionalExpectedPurchases(calibration, options.Valuation.Period.ConvertTo(options.Valuation.Horizon, model.TimeUnit), value);
        var segmentation = options.Segmentation ?? new SegmentationOptions { NewCustomerAge = model.TimeUnit.FromDays(28) };
        var segmentOf = CustomerSegmentation.Assign(calibration.T, evaluation.ProbabilityAlive, value, segmentation, calibration.Weights);
        var segments = SegmentTable.Build<CustomerSegment>(segmentOf, value, calibration.Weights, data.FrequencyHoldout);
        var lifecycles = SegmentTable.Build<Lifecycle>(segmentOf.Select(s => s.Lifecycle).ToArray(), value, calibration.Weights, data.FrequencyHoldout);
        bool showDraws = ShowsDraws(purchases, options);
        var ppc = showDraws ? HistogramReplication.Compute(purchases, calibration, options.Seed, maxDraws: options.PredictiveCheckDraws) : null;

        var html = new HtmlReport(options.Title, options.Subtitle);
        var layout = new Layout(html, purchases, model, data, spend, cohort, options, evaluation, value, spend is not null);
        layout.DataSection();
        layout.Parameters(showDraws);
        layout.CalibrationFit(ppc);
        layout.Holdout();
        layout.ValueSection(segments, lifecycles);
        return new CustomerBaseReport(html, evaluation, value, spend is not null, segments, ppc);
    }

    /// <summary>Writes the sections; one method per section.</summary>
    private sealed record Layout(HtmlReport Html, ModelFit Purchases, IPurchaseModel Model, CalibrationHoldoutSummary Data, ModelFit? Spend,
        CohortTracking? Cohort, CustomerBaseReportOptions Options, HoldoutEvaluation Evaluation, double[] Value, bool Monetary)
    {
        private string Unit => Model.TimeUnit.Name;

        private string ModelName => Purchases.Definition.DisplayName;

        public void DataSection()
        {
            var c = Data.Calibration;
            double customers = c.TotalWeight, repeat = WeightedSum(c.Frequency, c.Weights), holdout = WeightedSum(Data.FrequencyHoldout, c.Weights);
            double none = 0, maxT = 0;
            for (int i = 0; i < c.Count; i++)
            {
                if (c.Frequency[i] == 0) none += c.Weights[i];
                maxT = Math.Max(maxT, c.T[i]);
            }
            var items = new List<KeyValuePair<string, object?>>
            {
                new("Customers", customers),
                new("Time unit", Unit),
                new($"Longest calibration history T ({Unit})", maxT),
                new($"Holdout length t* ({Unit})", Evaluation.HoldoutDuration),
                new("Repeat purchases in calibration", repeat),
                new("Purchases in holdout", holdout),
                new("Customers without a repeat purchase in calibration", Percent(none / customers)),
            };
            if (Cohort is not null)
            {
                items.Add(new("First purchase of the cohort", Cohort.Origin.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                items.Add(new("Calibration end", Cohort.Origin.AddDays((int)Math.Round(Model.TimeUnit.ToDays(Cohort.CalibrationEnd))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                items.Add(new("Observation end", Cohort.Origin.AddDays((int)Math.Round(Model.TimeUnit.ToDays(Cohort.ObservationEnd))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }
            Html.AddSection("Data").Paragraph(
                "Purchases are counted as distinct purchase days; a customer's first day is its acquisition, later days are repeat purchases. "
                + "Models are fitted to the calibration period only; the holdout period that follows is used to check them.")
                .KeyValues(items, "#,##0.##");
        }

        public void Parameters(bool showDraws)
        {
            var section = Html.AddSection("Fitted parameters");
            FitSection.Write(section, Purchases, "purchase model");
            if (showDraws) FitSection.WriteDraws(section, Purchases);
            if (Spend is not null) FitSection.Write(section, Spend, "spend model");
        }

        public void CalibrationFit(PosteriorPredictiveCheck? ppc)
        {
            var histogram = Evaluation.Histogram;
            var test = Evaluation.ChiSquare;
            var section = Html.AddSection("Fit to the calibration data");
            section.Paragraph($"Customers by number of repeat purchases in calibration, observed against the {ModelName} expectation Σ_i P(X(T_i) = n) at each customer's own T_i. "
                    + $"The χ² test pools bins to expected counts ≥ 5 and subtracts one degree of freedom per fitted parameter ({Evaluation.FittedParameters}).")
                .Plot(PeriodTransactionsPlot.Create(histogram), "Period-transactions histogram: observed vs expected customers")
                .Table(["Repeat purchases", "Observed customers", "Expected customers"],
                    Enumerable.Range(0, histogram.K + 1).Select(b => (IReadOnlyList<object?>)[histogram.Label(b), Count(histogram.Observed[b]), histogram.Expected[b]]),
                    numberFormat: "#,##0.0")
                .KeyValues([new("Pearson χ²", test.Statistic), new("Degrees of freedom", test.DegreesOfFreedom),
                    new("p-value", test.PValue is { } p ? p : "not testable (too few pooled bins)"),
                    new("Bins after pooling to expected ≥ 5", test.Bins.Count)]);
            if (test.PValue is < 0.05)
                section.Warning($"The histogram rejects the model at the 5% level (p = {test.PValue.Value.ToString("G3", CultureInfo.InvariantCulture)}).");
            if (ppc is null) return;
            section.Subheading("Posterior predictive check of the histogram")
                .Table(["Repeat purchases", "Observed", $"{Percent(ppc.Level)} lower", "Median", $"{Percent(ppc.Level)} upper", "Outside"],
                    Enumerable.Range(0, histogram.K + 1).Select(b => (IReadOnlyList<object?>)[histogram.Label(b), Count(histogram.Observed[b]), ppc.Lower[b], ppc.Median[b], ppc.Upper[b], ppc.Outside[b] ? "yes" : ""]),
                    numberFormat: "#,##0.#")
                .KeyValues([new("Posterior predictive p-value (χ² discrepancy)", ppc.PValue)]);
        }

        public void Holdout()
        {
            var e = Evaluation;
            var section = Html.AddSection("Holdout evaluation");
            section.Paragraph(string.Create(CultureInfo.InvariantCulture,
                $"Each customer's predicted purchases in the {e.HoldoutDuration:0.##} {Unit} after calibration against what it actually bought. All predictors see only the calibration period."))
                .Table(["Predictor", "MAE", "RMSE", "R²", "Bias", "Total predicted", "Total actual"],
                    e.Predictors.Select(p => (IReadOnlyList<object?>)[p.Name, p.Metrics.MeanAbsoluteError, p.Metrics.RootMeanSquaredError,
                        p.Metrics.RSquared, p.Metrics.Bias, p.Metrics.TotalPredicted, p.Metrics.TotalActual]),
                    "Holdout purchases per customer", "#,##0.000");
            foreach (var p in e.Predictors.Where(p => p.Description is not null)) section.Paragraph($"{p.Name}: {p.Description}");

            section.Subheading("Conditional expectations by calibration frequency")
                .Plot(CalibrationPlot.Create(e.ConditionalExpectations), "Mean holdout purchases by calibration repeat purchases, actual vs model")
                .Table(["Calibration repeat purchases", "Customers", "Mean actual", "Mean predicted"],
                    e.ConditionalExpectations.Rows.Select(r => (IReadOnlyList<object?>)[r.Label, Count(r.Customers), r.MeanActual, r.MeanPredicted]),
                    numberFormat: "#,##0.000");

            if (e.Tracking is { } tracking && Cohort is not null)
            {
                section.Subheading("Tracking the cohort over time")
                    .Plot(TrackingPlot.Create(tracking, TrackingView.Incremental, Cohort.CalibrationEnd), "Repeat purchases per period, actual vs model; dashed line: end of calibration")
                    .Plot(TrackingPlot.Create(tracking, TrackingView.Cumulative, Cohort.CalibrationEnd), "Cumulative repeat purchases, actual vs model");
                int last = tracking.Times.Length - 1;
                section.KeyValues([new("Cumulative repeat purchases at the observation end, actual", tracking.ActualCumulative[last]),
                    new("Cumulative repeat purchases at the observation end, model", tracking.PredictedCumulative[last])], "#,##0.0");
            }

            section.Subheading("P(alive) against buying again in the holdout");
            if (AliveWithoutRepeatPurchase())
                section.Paragraph($"{ModelName} sets P(alive) = 1 for customers without a repeat purchase (they cannot have dropped out after a purchase they never made), "
                    + "yet they are the least likely to buy again; the expected holdout purchases combine P(alive) with the purchase rate and are the better ranking.");
            section.KeyValues([new("Brier score of P(alive)", e.Alive.BrierScore), new("ROC AUC of P(alive)", e.Alive.RocAuc),
                    new("ROC AUC of expected holdout purchases", e.PredictedPurchasesAuc),
                    new("Customers who bought in the holdout", Count(e.Alive.Buyers)), new("Customers who did not", Count(e.Alive.NonBuyers))]);
            if (e.Spend is { } spend)
                section.Subheading("Spend model against holdout spend")
                    .Paragraph($"{Spend!.Definition.DisplayName} E[Z | x, z̄] against the mean spend per holdout purchase day, over customers who bought in the holdout.")
                    .KeyValues([new("Customers compared", spend.Customers), new("MAE", spend.MeanAbsoluteError), new("RMSE", spend.RootMeanSquaredError),
                        new("Bias", spend.Bias), new("Mean predicted", spend.TotalPredicted / spend.Customers), new("Mean actual", spend.TotalActual / spend.Customers)]);
        }

        public void ValueSection(IReadOnlyList<SegmentRow<CustomerSegment>> segments, IReadOnlyList<SegmentRow<Lifecycle>> lifecycles)
        {
            var c = Data.Calibration;
            string valueName = Monetary ? "CLV" : "Expected purchases";
            var section = Html.AddSection("Customers: value and segments");
            section.Paragraph(Monetary
                ? $"CLV: expected discounted margin over {Options.Valuation.Horizon} {Options.Valuation.Period.Name} at {Options.Valuation.DiscountRate}, margin {Options.Valuation.Margin}."
                : $"Without a spend model, customers are valued by expected purchases over {Options.Valuation.Horizon} {Options.Valuation.Period.Name}.");

            var (frequencies, recencies, expected, alive, maxT) = Grid(c);
            string grid = string.Create(CultureInfo.InvariantCulture, $"for a customer first seen T = {maxT:0.#} {Unit} ago");
            section.Plot(FrequencyRecencyHeatmap.Create(frequencies, recencies, expected, "Expected purchases"),
                    string.Create(CultureInfo.InvariantCulture, $"Expected purchases in the next {Evaluation.HoldoutDuration:0.#} {Unit} {grid}"))
                .Plot(FrequencyRecencyHeatmap.Create(frequencies, recencies, alive, "P(alive)", (0, 1)), $"P(alive) {grid}")
                .Plot(ClvDistributionPlot.Create(Value), $"Distribution of {valueName} over customers");

            section.Subheading("Segments")
                .Table(["Lifecycle", "Customers", "Share", $"Total {valueName}", $"Mean {valueName}", "Mean holdout purchases"],
                    lifecycles.Select(r => (IReadOnlyList<object?>)[r.Segment.ToString(), Count(r.Customers), Percent(r.Share), r.TotalExpectedValue, r.MeanExpectedValue, r.MeanHoldoutPurchases]),
                    numberFormat: "#,##0.00")
                .Table(["Lifecycle / value tier", "Customers", "Share", $"Total {valueName}", $"Mean {valueName}", "Mean holdout purchases"],
                    segments.Select(r => (IReadOnlyList<object?>)[r.Segment.ToString(), Count(r.Customers), Percent(r.Share), r.TotalExpectedValue, r.MeanExpectedValue, r.MeanHoldoutPurchases]),
                    numberFormat: "#,##0.00");

            if (Options.TopCustomers == 0) return;
            var order = Enumerable.Range(0, c.Count).OrderByDescending(i => Value[i]).ThenBy(i => i).Take(Options.TopCustomers);
            section.Subheading("Most valuable customers")
                .Table(["Customer", "x", "t_x", "T", "Mean spend", "P(alive)", "Predicted holdout purchases", "Actual holdout purchases", valueName],
                    order.Select(i => (IReadOnlyList<object?>)[c.CustomerIds[i], c.Frequency[i], c.Recency[i], c.T[i], c.MonetaryValue[i],
                        Evaluation.ProbabilityAlive[i], Evaluation.Predicted[i], Data.FrequencyHoldout[i], Value[i]]),
                    numberFormat: "#,##0.00");
        }

        /// <summary>E[Y(t*) | x, t_x, T_max] and P(alive | x, t_x, T_max) over a frequency × recency grid.</summary>
        private (double[] Frequencies, double[] Recencies, double[,] Expected, double[,] Alive, double MaxT) Grid(RfmSummary c)
        {
            double maxX = 0, maxT = 0;
            for (int i = 0; i < c.Count; i++)
            {
                maxX = Math.Max(maxX, c.Frequency[i]);
                maxT = Math.Max(maxT, c.T[i]);
            }
            int rows = (int)Math.Min(maxX, HeatmapMaxFrequency) + 1, columns = maxT > 0 ? HeatmapColumns : 1;
            var frequencies = Enumerable.Range(0, rows).Select(x => (double)x).ToArray();
            var recencies = Enumerable.Range(0, columns).Select(j => columns == 1 ? 0 : maxT * j / (columns - 1)).ToArray();
            // x = 0 has t_x = 0 by definition and the quantities do not depend on t_x then: one point fills the row.
            int points = 1 + (rows - 1) * columns;
            var x = new double[points];
            var tx = new double[points];
            var ids = new string[points];
            for (int p = 0; p < points; p++)
            {
                ids[p] = p.ToString(CultureInfo.InvariantCulture);
                if (p == 0) continue;
                x[p] = 1 + (p - 1) / columns;
                tx[p] = recencies[(p - 1) % columns];
            }
            var t = Enumerable.Repeat(maxT, points).ToArray();
            var grid = new RfmSummary(ids, x, tx, t, default, Model.TimeUnit);
            var expectedFlat = new double[points];
            var aliveFlat = new double[points];
            Model.ConditionalExpectedPurchases(grid, Evaluation.HoldoutDuration, expectedFlat);
            Model.ProbabilityAlive(grid, aliveFlat);
            var expected = new double[rows, columns];
            var alive = new double[rows, columns];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++)
                {
                    int p = i == 0 ? 0 : 1 + (i - 1) * columns + j;
                    expected[i, j] = expectedFlat[p];
                    alive[i, j] = aliveFlat[p];
                }
            return (frequencies, recencies, expected, alive, maxT);
        }

        /// <summary>Whether every customer without a repeat purchase has P(alive) = 1 (as in BG/NBD), read from the predictions.</summary>
        private bool AliveWithoutRepeatPurchase()
        {
            bool any = false;
            var frequency = Data.Calibration.Frequency;
            for (int i = 0; i < frequency.Length; i++)
            {
                if (frequency[i] != 0) continue;
                if (Evaluation.ProbabilityAlive[i] != 1) return false;
                any = true;
            }
            return any;
        }

        private static double WeightedSum(ReadOnlySpan<double> values, ReadOnlySpan<double> weights)
        {
            double sum = 0;
            for (int i = 0; i < values.Length; i++) sum += weights[i] * values[i];
            return sum;
        }

        /// <summary>Whole customer counts (unit weights) as integers, so tables show 1,411 rather than 1,411.000.</summary>
        private static object Count(double weight) => weight == Math.Floor(weight) && Math.Abs(weight) < 1e15 ? (object)(long)weight : weight;

        private static string Percent(double share) => share.ToString("0.#%", CultureInfo.InvariantCulture);
    }
}
