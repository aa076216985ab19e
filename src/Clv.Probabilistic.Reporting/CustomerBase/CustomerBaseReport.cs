using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Reporting.Html;
using Clv.Probabilistic.Reporting.Plots;
using Clv.Probabilistic.Valuation;
using Clv.Probabilistic.Valuation.Intervals;

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
        IReadOnlyList<SegmentRow<CustomerSegment>> segments, PosteriorPredictiveCheck? posteriorPredictive, TotalInterval? total)
    {
        TotalValue = total;
        Html = html;
        Evaluation = evaluation;
        _value = value;
        ValueIsMonetary = valueIsMonetary;
        Segments = segments;
        PosteriorPredictive = posteriorPredictive;
    }

    private readonly double[] _value;

    /// <summary>
    /// The headline: total CLV (or total expected purchases without a spend model) over the valuation horizon at the
    /// point estimate, with its interval over the parameter draws; null when a fit carries no draws.
    /// </summary>
    public TotalInterval? TotalValue { get; }

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
        ArgumentOutOfRangeException.ThrowIfLessThan(options.IntervalDraws, 2);
        if (!(options.HeatmapCoverage is > 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.HeatmapCoverage, "HeatmapCoverage must be in (0, 1].");
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

        var total = TotalOverBase(purchases, spend, calibration, options, model.TimeUnit);

        var html = new HtmlReport(options.Title, options.Subtitle);
        var layout = new Layout(html, purchases, model, data, spend, cohort, options, evaluation, value, spend is not null, segmentation);
        layout.Assumptions(total);
        layout.DataSection();
        layout.Parameters(showDraws);
        layout.CalibrationFit(ppc);
        layout.Holdout();
        layout.ValueSection(segments, lifecycles);
        return new CustomerBaseReport(html, evaluation, value, spend is not null, segments, ppc, total);
    }

    /// <summary>The headline total with its interval over the parameter draws; null when a fit carries no draws.</summary>
    private static TotalInterval? TotalOverBase(ModelFit purchases, ModelFit? spend, RfmSummary customers, CustomerBaseReportOptions options, TimeUnit unit)
    {
        if (purchases.Draws is null || spend is not null && spend.Draws is null) return null;
        return PredictionIntervals.Total(purchases, spend, customers, IntervalOptionsFor(options, spend is not null, unit));
    }

    private static IntervalOptions IntervalOptionsFor(CustomerBaseReportOptions options, bool monetary, TimeUnit unit) => new()
    {
        Level = options.IntervalLevel,
        Horizon = options.Valuation.Period.ConvertTo(options.Valuation.Horizon, unit),
        Clv = monetary ? options.Valuation : null,
        MaxDraws = options.IntervalDraws,
        Seed = options.Seed,
    };

    /// <summary>Writes the sections; one method per section.</summary>
    private sealed record Layout(HtmlReport Html, ModelFit Purchases, IPurchaseModel Model, CalibrationHoldoutSummary Data, ModelFit? Spend,
        CohortTracking? Cohort, CustomerBaseReportOptions Options, HoldoutEvaluation Evaluation, double[] Value, bool Monetary,
        SegmentationOptions Segmentation)
    {
        private string Unit => Model.TimeUnit.Name;

        private string ModelName => Purchases.Definition.DisplayName;

        private string ValueName => Monetary ? "CLV" : "Expected purchases";

        /// <summary>The headline number and every assumption behind the page's values, before anything else.</summary>
        public void Assumptions(TotalInterval? total)
        {
            var v = Options.Valuation;
            var section = Html.AddSection("Summary and assumptions");
            var items = new List<KeyValuePair<string, object?>>();
            string horizon = Invariant($"{v.Horizon:0.##} {v.Period.Name} after the calibration end");
            if (total is not null)
            {
                items.Add(new($"Total {ValueName} of the {Data.Calibration.TotalWeight:#,##0.##} customers, next {horizon}", ReportFormat.Value(total.Estimate)));
                items.Add(new($"{Percent(total.Level)} interval from parameter uncertainty ({total.Draws} draws)",
                    $"{ReportFormat.Value(total.Lower)} to {ReportFormat.Value(total.Upper)}"));
            }
            else
            {
                double sum = 0;
                var weights = Data.Calibration.Weights;
                for (int i = 0; i < Value.Length; i++) sum += weights[i] * Value[i];
                items.Add(new($"Total {ValueName}, next {horizon}", ReportFormat.Value(sum)));
                items.Add(new("Interval", "none: the fit carries no parameter draws"));
            }
            items.Add(new("Purchase model", $"{ModelName}, {Purchases.Method.Describe()}"));
            items.Add(new("Spend model", Spend is null ? "none: customers are valued by expected purchases, not money" : $"{Spend.Definition.DisplayName}, {Spend.Method.Describe()}"));
            items.Add(new("Time unit of recency and T", Unit));
            items.Add(new("Valuation horizon", horizon));
            if (Monetary)
            {
                items.Add(new("Discount rate", v.Discounting == DiscountingKind.Continuous
                    ? Invariant($"{v.DiscountRate.Rate:0.####%} per {Singular(v.DiscountRate.Period)}, continuous discounting")
                    : Invariant($"{v.DiscountRate.Rate:0.####%} per {Singular(v.DiscountRate.Period)}, each {Singular(v.Period)}'s purchases discounted at its end")));
                items.Add(new("Margin on revenue", v.Margin));
            }
            items.Add(new("Intervals", Invariant($"{Percent(Options.IntervalLevel)} equal-tailed over at most {Options.IntervalDraws} draws of the parameters: {DrawSource()}")));
            section.KeyValues(items, ReportFormat.Number);
            section.Paragraph("Segments: " + SegmentRules() + ".");
        }

        private string DrawSource() => Purchases.Method == FitMethod.Nuts
            ? "posterior draws of the NUTS fit"
            : "draws from the normal approximation at the estimate";

        private string SegmentRules()
        {
            var s = Segmentation;
            string newRule = s.NewCustomerAge > 0 ? Invariant($"New when first seen less than {s.NewCustomerAge:0.##} {Unit} before the calibration end; otherwise ") : "";
            return newRule + Invariant($"Active when P(alive) ≥ {s.ActiveThreshold:0.##}, At risk when {s.AtRiskThreshold:0.##} ≤ P(alive) < {s.ActiveThreshold:0.##}, Lapsed below {s.AtRiskThreshold:0.##}; ")
                + Invariant($"value tiers Top (the {s.TopShare:0.#%} of customers with the highest {ValueName}), Middle (the next {s.MiddleShare:0.#%}) and Rest");
        }

        private static string Singular(TimeUnit unit) => unit.Name.EndsWith('s') ? unit.Name[..^1] : unit.Name;

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

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
                new("Customers", Count(customers)),
                new("Time unit", Unit),
                new($"Longest calibration history T ({Unit})", maxT),
                new($"Holdout length t* ({Unit})", Evaluation.HoldoutDuration),
                new("Repeat purchases in calibration", Count(repeat)),
                new("Purchases in holdout", Count(holdout)),
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
                .KeyValues(items, ReportFormat.Number);
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
                    numberFormat: ReportFormat.Number)
                .KeyValues([new("Pearson χ²", test.Statistic), new("Degrees of freedom", test.DegreesOfFreedom),
                    new("p-value", test.PValue is { } p ? p.ToString("G3", CultureInfo.InvariantCulture) : "not testable (too few pooled bins)"),
                    new("Bins after pooling to expected ≥ 5", test.Bins.Count)], ReportFormat.Number);
            if (test.PValue is < 0.05)
                section.Warning($"The histogram rejects the model at the 5% level (p = {test.PValue.Value.ToString("G3", CultureInfo.InvariantCulture)}).");
            if (ppc is null) return;
            section.Subheading("Posterior predictive check of the histogram")
                .Table(["Repeat purchases", "Observed", $"{Percent(ppc.Level)} lower", "Median", $"{Percent(ppc.Level)} upper", "Outside"],
                    Enumerable.Range(0, histogram.K + 1).Select(b => (IReadOnlyList<object?>)[histogram.Label(b), Count(histogram.Observed[b]), ppc.Lower[b], ppc.Median[b], ppc.Upper[b], ppc.Outside[b] ? "yes" : ""]),
                    numberFormat: ReportFormat.Number)
                .KeyValues([new("Posterior predictive p-value (χ² discrepancy)", ppc.PValue.ToString("G3", CultureInfo.InvariantCulture))]);
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
                    "Holdout purchases per customer", ReportFormat.Number);
            foreach (var p in e.Predictors.Where(p => p.Description is not null)) section.Paragraph($"{p.Name}: {p.Description}");

            section.Subheading("Conditional expectations by calibration frequency")
                .Plot(CalibrationPlot.Create(e.ConditionalExpectations), "Mean holdout purchases by calibration repeat purchases, actual vs model")
                .Table(["Calibration repeat purchases", "Customers", "Mean actual", "Mean predicted"],
                    e.ConditionalExpectations.Rows.Select(r => (IReadOnlyList<object?>)[r.Label, Count(r.Customers), r.MeanActual, r.MeanPredicted]),
                    numberFormat: ReportFormat.Number);

            if (e.Tracking is { } tracking && Cohort is not null)
            {
                section.Subheading("Tracking the cohort over time")
                    .Plot(TrackingPlot.Create(tracking, TrackingView.Incremental, Cohort.CalibrationEnd, TrackingAxis()),
                        $"Repeat purchases per {Singular(Model.TimeUnit)}, actual vs model; dotted line: end of calibration")
                    .Plot(TrackingPlot.Create(tracking, TrackingView.Cumulative, Cohort.CalibrationEnd, TrackingAxis()), "Cumulative repeat purchases, actual vs model");
                int last = tracking.Times.Length - 1;
                section.KeyValues([new("Cumulative repeat purchases at the observation end, actual", tracking.ActualCumulative[last]),
                    new("Cumulative repeat purchases at the observation end, model", tracking.PredictedCumulative[last])], ReportFormat.Number);
            }

            section.Subheading("P(alive) against buying again in the holdout");
            if (AliveWithoutRepeatPurchase())
                section.Paragraph($"{ModelName} sets P(alive) = 1 for customers without a repeat purchase (they cannot have dropped out after a purchase they never made), "
                    + "yet they are the least likely to buy again; the expected holdout purchases combine P(alive) with the purchase rate and are the better ranking.");
            section.KeyValues([new("Brier score of P(alive)", e.Alive.BrierScore), new("ROC AUC of P(alive)", e.Alive.RocAuc),
                    new("ROC AUC of expected holdout purchases", e.PredictedPurchasesAuc),
                    new("Customers who bought in the holdout", Count(e.Alive.Buyers)), new("Customers who did not", Count(e.Alive.NonBuyers))], ReportFormat.Number);
            if (e.Spend is { } spend)
                section.Subheading("Spend model against holdout spend")
                    .Paragraph($"{Spend!.Definition.DisplayName} E[Z | x, z̄] against the mean spend per holdout purchase day, over customers who bought in the holdout.")
                    .KeyValues([new("Customers compared", spend.Customers), new("MAE", spend.MeanAbsoluteError), new("RMSE", spend.RootMeanSquaredError),
                        new("Bias", spend.Bias), new("Mean predicted", spend.TotalPredicted / spend.Customers), new("Mean actual", spend.TotalActual / spend.Customers)], ReportFormat.Number);
        }

        public void ValueSection(IReadOnlyList<SegmentRow<CustomerSegment>> segments, IReadOnlyList<SegmentRow<Lifecycle>> lifecycles)
        {
            var c = Data.Calibration;
            var v = Options.Valuation;
            var section = Html.AddSection("Customers: value and segments");
            section.Paragraph(Monetary
                ? Invariant($"CLV: expected discounted margin over the next {v.Horizon:0.##} {v.Period.Name} (assumptions at the top of the page).")
                : Invariant($"Without a spend model, customers are valued by expected purchases over the next {v.Horizon:0.##} {v.Period.Name}."));

            var (frequencies, recencies, expected, alive, maxT) = Grid(c);
            string grid = Invariant($"for a customer{GridCustomer} first seen T = {maxT:0.#} {Unit} before the calibration end, x up to {frequencies[^1]:0} repeat purchases ({Percent(Options.HeatmapCoverage)} of customers have at most that many)");
            section.Plot(FrequencyRecencyHeatmap.Create(frequencies, recencies, expected, "Expected purchases",
                        options: new ChartOptions { XLabel = $"Recency t_x ({Unit} after the first purchase)" }),
                    Invariant($"Expected purchases in the next {Evaluation.HoldoutDuration:0.#} {Unit} {grid}"))
                .Plot(FrequencyRecencyHeatmap.Create(frequencies, recencies, alive, "P(alive)", (0, 1),
                        new ChartOptions { XLabel = $"Recency t_x ({Unit} after the first purchase)" }), $"P(alive) {grid}");
            ValueDistribution(section);

            section.Subheading("Segments")
                .Paragraph(SegmentRules() + ".")
                .Table(["Lifecycle", "Customers", "Share", $"Total {ValueName}", $"Mean {ValueName}", "Mean holdout purchases"],
                    lifecycles.Select(r => (IReadOnlyList<object?>)[r.Segment.ToString(), Count(r.Customers), Percent(r.Share), r.TotalExpectedValue, r.MeanExpectedValue, r.MeanHoldoutPurchases]),
                    numberFormat: ReportFormat.Number)
                .Table(["Lifecycle / value tier", "Customers", "Share", $"Total {ValueName}", $"Mean {ValueName}", "Mean holdout purchases"],
                    segments.Select(r => (IReadOnlyList<object?>)[r.Segment.ToString(), Count(r.Customers), Percent(r.Share), r.TotalExpectedValue, r.MeanExpectedValue, r.MeanHoldoutPurchases]),
                    numberFormat: ReportFormat.Number);

            if (Options.TopCustomers == 0) return;
            var order = Enumerable.Range(0, c.Count).OrderByDescending(i => Value[i]).ThenBy(i => i).Take(Options.TopCustomers).ToArray();
            var intervals = TopIntervals(order);
            string level = Percent(Options.IntervalLevel);
            var header = new List<string> { "Customer", "x", "t_x", "T", "Mean spend", "P(alive)", "Predicted holdout purchases", "Actual holdout purchases", ValueName };
            if (intervals is not null) header.AddRange([$"{ValueName} {level} lower", $"{ValueName} {level} upper"]);
            section.Subheading("Most valuable customers")
                .Table(header, order.Select((i, k) =>
                    {
                        var row = new List<object?> { c.CustomerIds[i], Count(c.Frequency[i]), c.Recency[i], c.T[i], c.MonetaryValue[i],
                            Evaluation.ProbabilityAlive[i], Evaluation.Predicted[i], Count(Data.FrequencyHoldout[i]), Value[i] };
                        if (intervals is not null) row.AddRange([intervals.Lower[k], intervals.Upper[k]]);
                        return (IReadOnlyList<object?>)row;
                    }),
                    numberFormat: ReportFormat.Number);
            if (intervals is not null)
                section.Paragraph(Invariant($"Intervals: {level} equal-tailed over {intervals.Draws} draws of the parameters, {DrawSource()}; they show what the data leave unknown about the parameters, not the customer's own randomness."));
        }

        /// <summary>The distribution of values on a log axis (values are heavily skewed), customers at zero counted in the caption.</summary>
        private void ValueDistribution(ReportSection section)
        {
            int positive = Value.Count(v => v > 0);
            bool log = positive > 0;
            var label = new ChartOptions { XLabel = log ? $"{ValueName} per customer (log scale)" : $"{ValueName} per customer" };
            string zeros = log && positive < Value.Length ? Invariant($"; {Value.Length - positive:#,##0} customers at zero not shown") : "";
            section.Plot(ClvDistributionPlot.Create(Value, logScale: log, options: label), $"Distribution of {ValueName} over customers{zeros}");
        }

        /// <summary>Intervals of the listed customers' values, in their order; null when a fit carries no draws.</summary>
        private TopRows? TopIntervals(int[] order)
        {
            if (Purchases.Draws is null || Spend is not null && Spend.Draws is null || order.Length == 0) return null;
            var c = Data.Calibration;
            var rows = new RfmSummary(order.Select(i => c.CustomerIds[i]).ToArray(), order.Select(i => c.Frequency[i]).ToArray(),
                order.Select(i => c.Recency[i]).ToArray(), order.Select(i => c.T[i]).ToArray(), order.Select(i => c.MonetaryValue[i]).ToArray(), c.TimeUnit);
            var intervals = PredictionIntervals.Compute(Purchases, Spend, rows, IntervalOptionsFor(Options, Monetary, Model.TimeUnit));
            var quantity = intervals.Quantities[Monetary ? ^1 : 0];
            return new TopRows(quantity.Lower.ToArray(), quantity.Upper.ToArray(), intervals.Draws);
        }

        private sealed record TopRows(double[] Lower, double[] Upper, int Draws);

        /// <summary>E[Y(t*) | x, t_x, T_max] and P(alive | x, t_x, T_max) over a frequency × recency grid.</summary>
        private (double[] Frequencies, double[] Recencies, double[,] Expected, double[,] Alive, double MaxT) Grid(RfmSummary c)
        {
            double maxT = 0;
            for (int i = 0; i < c.Count; i++) maxT = Math.Max(maxT, c.T[i]);
            double maxX = Math.Max(1, WeightedQuantile(c.Frequency, c.Weights, Options.HeatmapCoverage));
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
            var model = ReferenceCustomerModel();
            model.ConditionalExpectedPurchases(grid, Evaluation.HoldoutDuration, expectedFlat);
            model.ProbabilityAlive(grid, aliveFlat);
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

        /// <summary>The model for the grid's made-up customers: with covariates, a customer at z = 0 (every reference level, the mean of a standardised covariate).</summary>
        private IPurchaseModel ReferenceCustomerModel() => Purchases is Models.Covariates.CovariateModelFit fit
            ? fit.Covariates.Model.CreatePurchaseModel(fit.Values.Take(fit.Covariates.ModelDimension).ToArray(), Model.TimeUnit)
            : Model;

        private string GridCustomer => Purchases is Models.Covariates.CovariateModelFit ? " with every covariate at z = 0 (reference levels)" : "";

        private ChartOptions TrackingAxis() => new()
        {
            XLabel = Invariant($"{char.ToUpperInvariant(Unit[0])}{Unit[1..]} since the cohort's first purchase on {Cohort!.Origin:yyyy-MM-dd}"),
            YLabel = null,
        };

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

        /// <summary>The smallest value v with at least <paramref name="share"/> of the weight at or below it.</summary>
        private static double WeightedQuantile(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, double share)
        {
            var order = Enumerable.Range(0, values.Length).ToArray();
            var keys = values.ToArray();
            Array.Sort(keys, order);
            double total = 0;
            foreach (double w in weights) total += w;
            double cumulative = 0;
            for (int k = 0; k < order.Length; k++)
            {
                cumulative += weights[order[k]];
                if (cumulative >= share * total * (1 - 1e-12)) return keys[k];
            }
            return keys.Length == 0 ? 0 : keys[^1];
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
