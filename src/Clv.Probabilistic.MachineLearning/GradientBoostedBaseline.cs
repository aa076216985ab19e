using Clv.Probabilistic.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Clv.Probabilistic.MachineLearning;

/// <summary>
/// A machine-learning baseline for holdout purchases: gradient-boosted regression trees (ML.NET FastTree) on RFM
/// features, trained on an earlier split of the same transaction log, so that it competes with the probabilistic model
/// on equal terms.
/// </summary>
/// <remarks>
/// <para>
/// Fairness: the model and the baseline see only transactions up to the calibration end. The baseline's training set is
/// built inside the calibration period: features are each customer's RFM summary up to a cut-off c₀ = calibration end − L,
/// and the label is the number of distinct purchase days in the following window (c₀, calibration end] of length L,
/// divided by L (a purchase rate). L is the holdout length t* when the calibration period is long enough (at least twice
/// t* from the cohort's first purchase) and otherwise half of it, so that the features still cover a history. The
/// trained trees are then applied to the features of the full calibration summary and their rate is multiplied by t*.
/// With L = t* this is the standard "predict the next window from the previous ones" set-up; with L &lt; t* it adds the
/// assumption, shared with the naive rate baseline, that a customer's rate stays the same over t*.
/// </para>
/// <para>
/// Trees do not extrapolate: at prediction time T is larger by L than in training, and the trees treat every T beyond the
/// training range like the largest one seen. Predictions are clipped at 0.
/// </para>
/// <para>
/// Determinism: <c>new MLContext(seed)</c>, the trainer's own seed and one thread (FastTree's parallel histogram
/// building sums in an order that depends on scheduling), so the same data and seed give the same predictions.
/// Friedman (2001), "Greedy function approximation: a gradient boosting machine", Annals of Statistics 29(5).
/// </para>
/// </remarks>
public sealed class GradientBoostedBaseline
{
    private readonly MLContext _context;
    private readonly ITransformer _model;

    private GradientBoostedBaseline(MLContext context, ITransformer model, DateOnly featureEnd, double labelWindow, int trainingCustomers, TimeUnit timeUnit)
    {
        _context = context;
        _model = model;
        FeatureEnd = featureEnd;
        LabelWindow = labelWindow;
        TrainingCustomers = trainingCustomers;
        TimeUnit = timeUnit;
    }

    /// <summary>c₀: the training features summarise transactions up to this day (inclusive).</summary>
    public DateOnly FeatureEnd { get; }

    /// <summary>L: length of the label window after <see cref="FeatureEnd"/>, in <see cref="TimeUnit"/>.</summary>
    public double LabelWindow { get; }

    /// <summary>Customers in the training set (first purchase on or before <see cref="FeatureEnd"/>).</summary>
    public int TrainingCustomers { get; }

    /// <summary>Unit of the features and of <see cref="LabelWindow"/>.</summary>
    public TimeUnit TimeUnit { get; }

    /// <summary>One sentence saying how the baseline was trained, for reports.</summary>
    public string Description => FormattableString.Invariant(
        $"ML.NET FastTree gradient-boosted trees on x, t_x, T, mean spend, x/T and T − t_x; trained on {TrainingCustomers} customers' summaries up to {FeatureEnd:yyyy-MM-dd} with label = purchase days in the next {LabelWindow:0.##} {TimeUnit.Name} per {TimeUnit.Name}, then applied to the calibration summary and scaled to the holdout length.");

    /// <summary>Builds the training split from the log and trains the trees.</summary>
    /// <param name="log">The transaction log; only transactions up to <paramref name="calibrationEnd"/> are read.</param>
    /// <param name="calibrationEnd">Last day of the calibration period (inclusive).</param>
    /// <param name="holdoutDuration">t*, the holdout length in <paramref name="timeUnit"/>.</param>
    /// <param name="timeUnit">Unit of the summaries (the model's).</param>
    /// <param name="options">Seed and boosting settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">The calibration period is too short to split (under 2 days from the first purchase) or no customer is in the training split.</exception>
    public static GradientBoostedBaseline Train(TransactionLog log, DateOnly calibrationEnd, double holdoutDuration, TimeUnit timeUnit,
        GradientBoostedBaselineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        options ??= new GradientBoostedBaselineOptions();
        if (!double.IsFinite(holdoutDuration) || holdoutDuration <= 0)
            throw new ArgumentOutOfRangeException(nameof(holdoutDuration), holdoutDuration, "The holdout length must be finite and > 0.");
        int firstDay = int.MaxValue;
        foreach (int day in log.DayNumbers) firstDay = Math.Min(firstDay, day);
        int history = calibrationEnd.DayNumber - firstDay;
        int windowDays = (int)Math.Min(Math.Round(timeUnit.ToDays(holdoutDuration)), history / 2);
        if (windowDays < 1)
            throw new ArgumentException($"The calibration period up to {calibrationEnd:yyyy-MM-dd} is too short to hold a training split.", nameof(calibrationEnd));
        var featureEnd = calibrationEnd.AddDays(-windowDays);
        var split = RfmSummarizer.SummarizeCalibrationHoldout(log, featureEnd,
            new SummaryOptions(calibrationEnd, timeUnit) { DropTransactionsAfterEnd = true });
        if (split.Count == 0) throw new ArgumentException($"No customer bought on or before {featureEnd:yyyy-MM-dd}.", nameof(log));
        double window = timeUnit.FromDays(windowDays);

        var rows = new TrainingRow[split.Count];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = new TrainingRow
            {
                Features = RfmFeatures.Of(split.Calibration, i),
                Label = (float)(split.FrequencyHoldout[i] / window),
                Weight = (float)split.Calibration.Weights[i],
            };
        var context = new MLContext(options.Seed);
        var trainer = context.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            LabelColumnName = nameof(TrainingRow.Label),
            FeatureColumnName = nameof(TrainingRow.Features),
            ExampleWeightColumnName = nameof(TrainingRow.Weight),
            NumberOfTrees = options.NumberOfTrees,
            NumberOfLeaves = options.NumberOfLeaves,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = 1,
            Seed = options.Seed,
        });
        var model = trainer.Fit(context.Data.LoadFromEnumerable(rows));
        return new GradientBoostedBaseline(context, model, featureEnd, window, split.Count, timeUnit);
    }

    /// <summary>Predicted purchases of every customer of <paramref name="calibration"/> in the next <paramref name="holdoutDuration"/>.</summary>
    /// <param name="calibration">The calibration summary (features), in <see cref="TimeUnit"/>.</param>
    /// <param name="holdoutDuration">t*, in <see cref="TimeUnit"/>.</param>
    /// <returns>max(0, predicted rate) × t* per customer, in the summary's row order.</returns>
    /// <exception cref="ArgumentException">The summary's time unit differs from the training's.</exception>
    public double[] Predict(RfmSummary calibration, double holdoutDuration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        if (calibration.TimeUnit != TimeUnit)
            throw new ArgumentException($"The summary is in {calibration.TimeUnit.Name} but the baseline was trained in {TimeUnit.Name}.", nameof(calibration));
        if (!double.IsFinite(holdoutDuration) || holdoutDuration <= 0)
            throw new ArgumentOutOfRangeException(nameof(holdoutDuration), holdoutDuration, "The holdout length must be finite and > 0.");
        var rows = new TrainingRow[calibration.Count];
        for (int i = 0; i < rows.Length; i++) rows[i] = new TrainingRow { Features = RfmFeatures.Of(calibration, i), Weight = 1 };
        var scored = _model.Transform(_context.Data.LoadFromEnumerable(rows));
        var scores = scored.GetColumn<float>("Score").ToArray();
        var result = new double[scores.Length];
        for (int i = 0; i < result.Length; i++)
        {
            if (!float.IsFinite(scores[i]))
                throw new InvalidOperationException($"The trees predicted {scores[i]} for customer '{calibration.CustomerIds[i]}' (row {i}).");
            result[i] = Math.Max(0.0, scores[i]) * holdoutDuration;
        }
        return result;
    }

    /// <summary>A training or scoring row in ML.NET's column layout.</summary>
    private sealed class TrainingRow
    {
        [VectorType(RfmFeatures.Count)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }

        public float Weight { get; set; }
    }
}
