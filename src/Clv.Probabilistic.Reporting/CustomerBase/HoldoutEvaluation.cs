using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Reporting.CustomerBase;

/// <summary>
/// Everything the library can say about how a fitted purchase model (any registered one, for example BG/NBD) and
/// optionally a fitted spend model predict a holdout period: per-customer predicted against actual purchases, the
/// conditional expectations by frequency, P(alive) against "bought again", the spend model against holdout spend, the
/// period-transactions histogram with its chi-square test, the tracking curve and the baselines side by side.
/// </summary>
/// <remarks>
/// Predicted holdout purchases are the model's E[Y(t*) | x, t_x, T] (<see cref="IPurchaseModel.ConditionalExpectedPurchases"/>;
/// for BG/NBD, Fader, Hardie &amp; Lee (2005), eq. 10) with t* the holdout length, at the fit's point estimate; the
/// histogram's expected counts are Σ_i P(X(T_i) = n) (<see cref="IPurchaseModel.LogProbabilityOfPurchases"/>; BG/NBD
/// eq. 8) per customer at its own T_i, and the chi-square test subtracts one degree of freedom per fitted parameter
/// (<c>fit.Definition.Parameters.Dimension</c>); the naive baseline is x / T × t*
/// (<see cref="NaiveBaselines.RateExtrapolation"/>). Every number comes from the types of
/// <c>Clv.Probabilistic.Evaluation</c>; this class only wires the model's predictions into them.
/// </remarks>
public sealed class HoldoutEvaluation
{
    private HoldoutEvaluation() { }

    /// <summary>The purchase model's name, for example BG/NBD.</summary>
    public string ModelName { get; private init; } = "";

    /// <summary>Parameters fitted to the calibration data, subtracted from the chi-square degrees of freedom.</summary>
    public int FittedParameters { get; private init; }

    /// <summary>t*, the holdout length in the model's time unit.</summary>
    public double HoldoutDuration { get; private init; }

    private double[] _predicted = [], _probabilityAlive = [];

    /// <summary>E[Y(t*) | x, t_x, T] per customer.</summary>
    public ReadOnlySpan<double> Predicted => _predicted;

    /// <summary>P(alive) at the end of calibration per customer.</summary>
    public ReadOnlySpan<double> ProbabilityAlive => _probabilityAlive;

    /// <summary>The model's holdout accuracy: MAE, RMSE, R², bias and totals.</summary>
    public ErrorMetrics Purchases { get; private init; } = null!;

    /// <summary>Mean actual and predicted holdout purchases by calibration frequency 0, …, 6, 7+.</summary>
    public ConditionalExpectationTable ConditionalExpectations { get; private init; } = null!;

    /// <summary>P(alive) as a forecast of "made any holdout purchase": Brier score and ROC AUC.</summary>
    public ProbabilityAliveCheck Alive { get; private init; } = null!;

    /// <summary>
    /// ROC AUC of the predicted holdout purchases as a score for "made any holdout purchase" (ties count ½); null when
    /// everyone or no one bought. Shown next to <see cref="Alive"/> because some models (BG/NBD among them) give
    /// P(alive) = 1 to customers with x = 0, so P(alive) alone can rank the least active customers first.
    /// </summary>
    public double? PredictedPurchasesAuc { get; private init; }

    /// <summary>The spend model's E[Z | x, z̄] against the holdout mean spend of customers who bought; null without a spend model or holdout buyers.</summary>
    public ErrorMetrics? Spend { get; private init; }

    /// <summary>Observed and expected customers by calibration repeat purchases 0, …, 6, 7+.</summary>
    public PeriodTransactionsHistogram Histogram { get; private init; } = null!;

    /// <summary>Pearson chi-square of <see cref="Histogram"/> (bins pooled to expected ≥ 5, <see cref="FittedParameters"/> fitted parameters).</summary>
    public ChiSquareTest ChiSquare { get; private init; } = null!;

    /// <summary>Weekly and cumulative repeat transactions of the cohort, model against actual; null without a transaction log.</summary>
    public TrackingCurve? Tracking { get; private init; }

    /// <summary>The model, the naive rate extrapolation and any other baselines, on the same customers and holdout.</summary>
    public IReadOnlyList<PredictorAccuracy> Predictors { get; private init; } = [];

    /// <summary>Evaluates the fitted models on the holdout.</summary>
    /// <param name="purchases">The purchase-model fit (any method); its point estimate makes the predictions.</param>
    /// <param name="data">Calibration summary with the holdout columns, in the fit's time unit.</param>
    /// <param name="spend">The spend-model fit; null to skip the spend check.</param>
    /// <param name="cohort">The cohort's transactions over time for the tracking curve; null to skip it.</param>
    /// <param name="baselines">Further predictors to compare (for example a machine-learning baseline).</param>
    /// <exception cref="ArgumentException">A fit is of the wrong kind, time units differ, the holdout lengths differ
    /// between customers, or a baseline is misaligned.</exception>
    public static HoldoutEvaluation Compute(ModelFit purchases, CalibrationHoldoutSummary data, ModelFit? spend = null,
        CohortTracking? cohort = null, IEnumerable<BaselinePredictions>? baselines = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(data);
        FitKinds.Require(purchases, ModelKind.Purchase, nameof(purchases));
        if (spend is not null) FitKinds.Require(spend, ModelKind.Spend, nameof(spend));
        var model = purchases.PurchaseModel();
        var calibration = data.Calibration;
        if (model.TimeUnit != data.TimeUnit)
            throw new ArgumentException($"The {purchases.Definition.DisplayName} fit is in {model.TimeUnit.Name} but the data in {data.TimeUnit.Name}.", nameof(data));
        double duration = data.CommonHoldoutDuration();
        int n = data.Count;
        var weights = calibration.Weights;
        var actual = data.FrequencyHoldout;

        var predicted = new double[n];
        model.ConditionalExpectedPurchases(calibration, duration, predicted);
        var alive = new double[n];
        model.ProbabilityAlive(calibration, alive);

        var rate = new double[n];
        NaiveBaselines.RateExtrapolation(calibration.Frequency, calibration.T, duration, rate);
        var predictors = new List<PredictorAccuracy>
        {
            new(purchases.Definition.DisplayName, ErrorMetrics.Compute(predicted, actual, weights),
                $"E[Y(t*) | x, t_x, T] at the {purchases.Method.Describe()} estimate; model: {purchases.Definition.Reference}."),
            new("Naive rate x / T × t*", ErrorMetrics.Compute(rate, actual, weights), "Each customer's calibration repeat rate carried over the holdout."),
        };
        foreach (var baseline in baselines ?? [])
        {
            if (baseline.Predicted.Length != n)
                throw new ArgumentException($"Baseline '{baseline.Name}' has {baseline.Predicted.Length} predictions for {n} customers.", nameof(baselines));
            predictors.Add(new(baseline.Name, ErrorMetrics.Compute(baseline.Predicted, actual, weights), baseline.Description));
        }

        var histogram = PeriodTransactionsHistogram.Compute(calibration.Frequency,
            (count, row) => Math.Exp(model.LogProbabilityOfPurchases(calibration.T[row], count)), weights);
        int fitted = purchases.Definition.Parameters.Dimension;

        return new HoldoutEvaluation
        {
            ModelName = purchases.Definition.DisplayName,
            FittedParameters = fitted,
            HoldoutDuration = duration,
            _predicted = predicted,
            _probabilityAlive = alive,
            Purchases = predictors[0].Metrics,
            ConditionalExpectations = ConditionalExpectationTable.Compute(calibration.Frequency, predicted, actual, weights),
            Alive = ProbabilityAliveCheck.Compute(alive, actual, weights),
            PredictedPurchasesAuc = ProbabilityAliveCheck.AreaUnderRoc(predicted, BoughtAgain(actual), weights),
            Spend = spend is null ? null : SpendAgainstHoldout(spend.SpendModel(), data),
            Histogram = histogram,
            ChiSquare = histogram.Test(fitted),
            Tracking = cohort?.Curve(model),
            Predictors = predictors,
        };
    }


    private static bool[] BoughtAgain(ReadOnlySpan<double> holdoutPurchases)
    {
        var bought = new bool[holdoutPurchases.Length];
        for (int i = 0; i < bought.Length; i++) bought[i] = holdoutPurchases[i] > 0;
        return bought;
    }

    private static ErrorMetrics? SpendAgainstHoldout(ISpendModel spend, CalibrationHoldoutSummary data)
    {
        bool anyBuyer = false;
        foreach (double purchases in data.FrequencyHoldout) anyBuyer |= purchases > 0;
        if (!anyBuyer) return null;
        var expected = new double[data.Count];
        spend.ConditionalExpectedSpend(data.Calibration, expected);
        return SpendCheck.Compute(expected, data.MonetaryValueHoldout, data.FrequencyHoldout, data.Calibration.Weights);
    }
}
