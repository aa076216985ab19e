using System.Globalization;

namespace Clv.Probabilistic.Data.Discrete;

/// <summary>
/// Summaries of binary histories for discrete-opportunity models (BG/BB): per customer x, the calibration periods
/// after the first with a transaction; t_x, the last of them counted from the first period (0 when x = 0); and n, the
/// calibration periods after the first (Fader, Hardie &amp; Shang 2010, section 2). They are stored in an
/// <see cref="RfmSummary"/> as frequency, recency and T, in periods of the grid's <see cref="PeriodGrid.TimeUnit"/>.
/// </summary>
public static class DiscreteSummarizer
{
    /// <summary>The calibration summary of every customer whose first transaction lies in the calibration periods.</summary>
    /// <exception cref="ClvDataException">A transaction lies outside the grid, or no customer starts in the calibration.</exception>
    public static RfmSummary Summarize(TransactionLog log, PeriodGrid grid) => SummarizeCalibrationHoldout(log, grid).Calibration;

    /// <summary>
    /// The calibration summary and, per customer, the number of holdout periods with a transaction
    /// (<see cref="CalibrationHoldoutSummary.FrequencyHoldout"/>; <see cref="CalibrationHoldoutSummary.DurationHoldout"/> is
    /// the number of holdout periods).
    /// </summary>
    /// <exception cref="ClvDataException">A transaction lies outside the grid, or no customer starts in the calibration.</exception>
    public static CalibrationHoldoutSummary SummarizeCalibrationHoldout(TransactionLog log, PeriodGrid grid) =>
        Summarize(BinaryHistories.Build(log, grid));

    /// <summary>The calibration/holdout summary of <paramref name="histories"/>; customers first seen in the holdout are left out.</summary>
    /// <exception cref="ClvDataException">No customer starts in the calibration.</exception>
    public static CalibrationHoldoutSummary Summarize(BinaryHistories histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        var grid = histories.Grid;
        int end = grid.CalibrationPeriods + 1;
        int kept = 0;
        var first = new int[histories.Count];
        for (int c = 0; c < first.Length; c++)
        {
            first[c] = histories.FirstPeriod(c);
            if (first[c] < end) kept++;
        }
        if (kept == 0)
            throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                $"No customer's first transaction lies in the calibration periods ({grid.Start:yyyy-MM-dd} to {grid.StartOf(end).AddDays(-1):yyyy-MM-dd})."));
        var ids = new string[kept];
        var x = new double[kept];
        var recency = new double[kept];
        var n = new double[kept];
        var holdout = new double[kept];
        var weights = new double[kept];
        var duration = new double[kept];
        int i = 0;
        for (int c = 0; c < first.Length; c++)
        {
            int f = first[c];
            if (f >= end) continue;
            ids[i] = histories.CustomerIds[c];
            x[i] = histories.ActivePeriods(c, f + 1, end);
            recency[i] = x[i] > 0 ? histories.LastActivePeriod(c, f + 1, end) - f : 0;
            n[i] = end - 1 - f;
            holdout[i] = histories.ActivePeriods(c, end, grid.Count);
            weights[i] = 1;
            duration[i] = grid.HoldoutPeriods;
            i++;
        }
        var calibration = new RfmSummary(ids, x, recency, n, new double[kept], weights, grid.TimeUnit, validate: false);
        return new CalibrationHoldoutSummary(calibration, holdout, new double[kept], duration);
    }
}
