using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.GammaGamma;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Engines.Tests;

/// <summary>
/// What every engine's summaries must equal (linked source, shared by the engine adapters' tests): the in-process
/// <see cref="RfmSummarizer"/> on the same log, frequency, recency and T exactly, money within 1e-12; plus synthetic logs.
/// </summary>
internal static class EngineAssert
{
    public const double Tolerance = 1e-12;

    public static void AssertEqual(RfmSummary expected, RfmSummary actual)
    {
        Assert.Equal(expected.TimeUnit, actual.TimeUnit);
        Assert.Equal(expected.Count, actual.Count);
        var row = RowsById(actual);
        for (int i = 0; i < expected.Count; i++)
        {
            string id = expected.CustomerIds[i];
            Assert.True(row.TryGetValue(id, out int j), $"customer {id} missing");
            Assert.Equal(expected.Frequency[i], actual.Frequency[j]);
            Assert.Equal(expected.Recency[i], actual.Recency[j]);
            Assert.Equal(expected.T[i], actual.T[j]);
            Near(expected.MonetaryValue[i], actual.MonetaryValue[j], id, "monetary value");
            Assert.Equal(expected.Weights[i], actual.Weights[j]);
        }
    }

    public static void AssertEqual(CalibrationHoldoutSummary expected, CalibrationHoldoutSummary actual)
    {
        AssertEqual(expected.Calibration, actual.Calibration);
        var row = RowsById(actual.Calibration);
        for (int i = 0; i < expected.Count; i++)
        {
            string id = expected.Calibration.CustomerIds[i];
            int j = row[id];
            Assert.Equal(expected.FrequencyHoldout[i], actual.FrequencyHoldout[j]);
            Near(expected.MonetaryValueHoldout[i], actual.MonetaryValueHoldout[j], id, "holdout monetary value");
            Assert.Equal(expected.DurationHoldout[i], actual.DurationHoldout[j]);
        }
    }

    /// <summary>
    /// Every answer of <paramref name="engine"/> (summary, calibration/holdout split, purchase rows, spend rows) equals the
    /// in-process summariser's on <paramref name="log"/>; returns the in-process summary.
    /// </summary>
    public static RfmSummary AssertAnswers(TransactionLog log, IEngineTransactionLog engine, SummaryOptions options, DateOnly calibrationEnd)
    {
        var expected = RfmSummarizer.Summarize(log, options);
        AssertEqual(expected, engine.Summarize(options));
        AssertEqual(RfmSummarizer.SummarizeCalibrationHoldout(log, calibrationEnd, options), engine.SummarizeCalibrationHoldout(calibrationEnd, options));
        AssertPurchaseRows(expected, engine.PurchaseRows(options));
        AssertSpendRows(expected, engine.SpendRows(options));
        return expected;
    }

    /// <summary>
    /// The engine's weighted (x, t_x, T) rows are the in-process summary's distinct rows with their customer counts
    /// (compared exactly) and the mean monetary value of their customers (within 1e-12).
    /// </summary>
    public static void AssertPurchaseRows(RfmSummary perCustomer, RfmSummary rows)
    {
        Assert.Equal(perCustomer.TimeUnit, rows.TimeUnit);
        var expected = new Dictionary<(double, double, double), (double Weight, double Money)>();
        for (int i = 0; i < perCustomer.Count; i++)
        {
            var key = (perCustomer.Frequency[i], perCustomer.Recency[i], perCustomer.T[i]);
            expected.TryGetValue(key, out var sum);
            expected[key] = (sum.Weight + 1, sum.Money + perCustomer.MonetaryValue[i]);
        }
        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(perCustomer.Count, rows.TotalWeight);
        for (int j = 0; j < rows.Count; j++)
        {
            var key = (rows.Frequency[j], rows.Recency[j], rows.T[j]);
            Assert.True(expected.TryGetValue(key, out var sum), $"row {key} is not a row of the in-process summary");
            Assert.Equal(sum.Weight, rows.Weights[j]);
            double mean = sum.Money / sum.Weight;
            Assert.True(Math.Abs(mean - rows.MonetaryValue[j]) <= Tolerance * Math.Max(1, Math.Abs(mean)),
                $"row {key}: mean monetary value {mean:R}, got {rows.MonetaryValue[j]:R}");
        }
    }

    /// <summary>
    /// The engine's weighted (x, z̄) rows, expanded by weight, are the in-process customers' (x, monetary value) pairs
    /// with x ≥ 1 (x exactly, z̄ within 1e-12), and the excluded weight counts the customers with x = 0.
    /// </summary>
    public static void AssertSpendRows(RfmSummary perCustomer, GammaGammaData rows)
    {
        var expected = new List<(double X, double M)>();
        int zero = 0;
        for (int i = 0; i < perCustomer.Count; i++)
        {
            if (perCustomer.Frequency[i] == 0) zero++;
            else expected.Add((perCustomer.Frequency[i], perCustomer.MonetaryValue[i]));
        }
        var actual = new List<(double X, double M)>();
        for (int j = 0; j < rows.Count; j++)
        {
            Assert.Equal(Math.Floor(rows.Weights[j]), rows.Weights[j]);
            for (int k = 0; k < rows.Weights[j]; k++) actual.Add((rows.Frequency[j], rows.MeanSpend[j]));
        }
        Assert.Equal(zero, rows.ExcludedWeight);
        expected.Sort();
        actual.Sort();
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].X, actual[i].X);
            Near(expected[i].M, actual[i].M, $"sorted pair {i}", "mean spend");
        }
    }

    /// <summary>
    /// Every registered model's fit data pulled from the engine describe the same customers as the per-customer summary
    /// in fewer rows, and the fits agree (parameters within 1e-6 relative, log-likelihood within 1e-6).
    /// </summary>
    public static void AssertFitsEqual(IEngineTransactionLog engine, RfmSummary summary, SummaryOptions options)
    {
        var fitOptions = new FitOptions { ThrowIfUnreliable = false };
        foreach (var model in ModelRegistry.All)
        {
            if (model.Kind is not (ModelKind.Purchase or ModelKind.Spend))
            {
                var refused = Assert.Throws<NotSupportedException>(() => EngineModelData.Prepare(model, engine, options));
                Assert.Contains(model.DisplayName, refused.Message);
                continue;
            }
            var data = EngineModelData.Prepare(model, engine, options);
            var expected = model.Prepare(summary).Description;
            Assert.Equal(expected.Customers, data.Description.Customers);
            Assert.Equal(expected.ExcludedCustomers, data.Description.ExcludedCustomers);
            Assert.True(data.Description.Rows < summary.Count, $"{model.Name}: {data.Description.Rows} rows pulled for {summary.Count} customers");
            var fromRows = ModelFitter.Fit(model, data, fitOptions);
            var fromSummary = ModelFitter.Fit(model, summary, fitOptions);
            Assert.Equal(fromSummary.Status, fromRows.Status);
            // A fit that is not identified (GGom/NBD running to the Pareto/NBD boundary) has no parameters to agree on;
            // its log-likelihood still must.
            for (int k = 0; fromSummary.Status == FitStatus.Converged && k < fromSummary.Values.Count; k++)
                Assert.True(Math.Abs(fromSummary.Values[k] - fromRows.Values[k]) <= 1e-6 * Math.Abs(fromSummary.Values[k]),
                    $"{model.Name} parameter {k}: {fromSummary.Values[k]:R} from the summary, {fromRows.Values[k]:R} from the rows");
            Assert.Equal(fromSummary.LogLikelihood!.Value, fromRows.LogLikelihood!.Value, 1e-6);
        }
    }

    /// <summary>
    /// A random log: customers with 1 to 12 transactions over 400 days from 2020-01-01, many on the same day, some after
    /// <paramref name="end"/>, amounts with cents.
    /// </summary>
    public static TransactionLog Synthetic(int seed, int customers, DateOnly end, bool withAfterEnd)
    {
        var random = new Xoshiro256StarStar(seed);
        var start = new DateOnly(2020, 1, 1);
        var ids = new List<string>();
        var dates = new List<DateOnly>();
        var amounts = new List<double>();
        int span = end.DayNumber - start.DayNumber + (withAfterEnd ? 60 : 1);
        for (int c = 0; c < customers; c++)
        {
            string id = "c" + c.ToString("D5", CultureInfo.InvariantCulture);
            int n = 1 + random.Next(12);
            int first = random.Next(span);
            for (int k = 0; k < n; k++)
            {
                int day = random.NextDouble() < 0.3 ? first : first + random.Next(span - first);
                ids.Add(id);
                dates.Add(start.AddDays(day));
                amounts.Add(Math.Round(random.NextDouble() * 200, 2));
            }
        }
        // Shuffle so that neither customers nor days are in order.
        for (int i = ids.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (ids[i], ids[j]) = (ids[j], ids[i]);
            (dates[i], dates[j]) = (dates[j], dates[i]);
            (amounts[i], amounts[j]) = (amounts[j], amounts[i]);
        }
        return TransactionLog.FromArrays(ids, dates.ToArray(), amounts.ToArray());
    }

    private static Dictionary<string, int> RowsById(RfmSummary summary)
    {
        var row = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < summary.Count; j++) row.Add(summary.CustomerIds[j], j);
        return row;
    }

    private static void Near(double expected, double actual, string id, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance,
            $"customer {id}, {what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E2})");

    /// <summary>
    /// The predictions an engine wrote (<c>expected_purchases, p_alive, expected_spend, expected_revenue</c> by customer)
    /// equal the in-process models' on <paramref name="summary"/>, every customer once.
    /// </summary>
    public static void AssertPredictions(RfmSummary summary, IPurchaseModel purchase, ISpendModel spend, double horizon,
        Dictionary<string, double[]> rows)
    {
        int n = summary.Count;
        Assert.Equal(n, rows.Count);
        double[] expected = new double[n], alive = new double[n], spending = new double[n];
        purchase.ConditionalExpectedPurchases(summary, horizon, expected);
        purchase.ProbabilityAlive(summary, alive);
        spend.ConditionalExpectedSpend(summary, spending);
        for (int i = 0; i < n; i++)
        {
            var row = rows[summary.CustomerIds[i]];
            Assert.Equal(expected[i], row[0], 1e-12);
            Assert.Equal(alive[i], row[1], 1e-12);
            Assert.Equal(spending[i], row[2], 1e-9);
            Assert.Equal(expected[i] * spending[i], row[3], 1e-9);
        }
    }
}

/// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SynchronousProgress(Action<long> report) : IProgress<long>
{
    public void Report(long value) => report(value);
}
