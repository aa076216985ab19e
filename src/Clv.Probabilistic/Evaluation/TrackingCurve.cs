namespace Clv.Probabilistic.Evaluation;

/// <summary>
/// Model vs actual repeat transactions of a cohort over calendar time, cumulative and per period: the "tracking plot".
/// </summary>
/// <remarks>
/// Times are measured from a common origin (for example the start of the cohort's acquisition window) in the model's
/// time unit. <see cref="Times"/> are the ends of consecutive periods; the first period starts at the origin, so
/// incremental[j] = cumulative[j] − cumulative[j − 1] with cumulative[−1] = 0. For a cohort where customer i made its
/// first purchase at s_i, the model's expected cumulative repeat transactions by time τ is Σ_i E[X(τ − s_i)] over the
/// customers with s_i &lt; τ, where E[X(t)] is the expected number of repeat purchases in the first t time units of a
/// new customer's life (BG/NBD: Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way", Marketing
/// Science 24(2), section 3). The cumulative and weekly tracking plots of that paper's section 5 are these series.
/// </remarks>
public sealed class TrackingCurve
{
    private readonly double[] _times, _actualCumulative, _predictedCumulative, _actualIncremental, _predictedIncremental;

    private TrackingCurve(double[] times, double[] actualCumulative, double[] predictedCumulative)
    {
        _times = times;
        _actualCumulative = actualCumulative;
        _predictedCumulative = predictedCumulative;
        _actualIncremental = Differences(actualCumulative);
        _predictedIncremental = Differences(predictedCumulative);
    }

    /// <summary>Ends of the periods, strictly increasing.</summary>
    public ReadOnlySpan<double> Times => _times;

    /// <summary>Actual repeat transactions up to and including each time.</summary>
    public ReadOnlySpan<double> ActualCumulative => _actualCumulative;

    /// <summary>Model's expected repeat transactions up to each time.</summary>
    public ReadOnlySpan<double> PredictedCumulative => _predictedCumulative;

    /// <summary>Actual repeat transactions in each period.</summary>
    public ReadOnlySpan<double> ActualIncremental => _actualIncremental;

    /// <summary>Model's expected repeat transactions in each period.</summary>
    public ReadOnlySpan<double> PredictedIncremental => _predictedIncremental;

    /// <summary>Builds the curve from precomputed cumulative series.</summary>
    /// <exception cref="ArgumentException">Lengths differ or there are no times.</exception>
    /// <exception cref="InvalidRowException">A time is not finite or not above the previous one, or a value is not finite.</exception>
    public static TrackingCurve FromCumulative(ReadOnlySpan<double> times, ReadOnlySpan<double> actualCumulative, ReadOnlySpan<double> predictedCumulative)
    {
        CheckSeries(times, actualCumulative, nameof(actualCumulative), predictedCumulative, nameof(predictedCumulative));
        return new TrackingCurve(times.ToArray(), actualCumulative.ToArray(), predictedCumulative.ToArray());
    }

    /// <summary>Builds the curve from per-period series (for example actual counts per week).</summary>
    /// <exception cref="ArgumentException">Lengths differ or there are no times.</exception>
    /// <exception cref="InvalidRowException">A time is not finite or not above the previous one, or a value is not finite.</exception>
    public static TrackingCurve FromIncremental(ReadOnlySpan<double> times, ReadOnlySpan<double> actualIncremental, ReadOnlySpan<double> predictedIncremental)
    {
        CheckSeries(times, actualIncremental, nameof(actualIncremental), predictedIncremental, nameof(predictedIncremental));
        return new TrackingCurve(times.ToArray(), RunningSum(actualIncremental), RunningSum(predictedIncremental));
    }

    /// <summary>
    /// Builds the curve from the cohort's first-purchase times, its repeat-purchase times and the model's E[X(t)].
    /// </summary>
    /// <param name="firstPurchase">s_i, time of each customer's first purchase.</param>
    /// <param name="repeatPurchaseTimes">Time of every repeat transaction of the cohort (first purchases excluded), any order.</param>
    /// <param name="times">Ends of the periods, strictly increasing.</param>
    /// <param name="expectedRepeatPurchases">E[X(t)] of a new customer, for t ≥ 0.</param>
    /// <param name="weights">How many customers each row of <paramref name="firstPurchase"/> stands for; empty means 1 each.</param>
    /// <exception cref="InvalidOperationException"><paramref name="expectedRepeatPurchases"/> returned a value that is not finite.</exception>
    public static TrackingCurve FromPurchases(ReadOnlySpan<double> firstPurchase, ReadOnlySpan<double> repeatPurchaseTimes,
        ReadOnlySpan<double> times, Func<double, double> expectedRepeatPurchases, ReadOnlySpan<double> weights = default)
    {
        var predicted = ExpectedCumulative(firstPurchase, times, expectedRepeatPurchases, weights);
        var actual = CountCumulative(repeatPurchaseTimes, times);
        return new TrackingCurve(times.ToArray(), actual, predicted);
    }

    /// <summary>
    /// Σ_i w_i E[X(τ_j − s_i)] over customers with s_i &lt; τ_j, for every time τ_j. Customers sharing a first-purchase time
    /// are evaluated once, so the delegate is called at most (distinct first-purchase times) × (times) times.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="expectedRepeatPurchases"/> returned a value that is not finite.</exception>
    public static double[] ExpectedCumulative(ReadOnlySpan<double> firstPurchase, ReadOnlySpan<double> times,
        Func<double, double> expectedRepeatPurchases, ReadOnlySpan<double> weights = default)
    {
        ArgumentNullException.ThrowIfNull(expectedRepeatPurchases);
        CheckTimes(times, nameof(times));
        Input.Finite(firstPurchase, nameof(firstPurchase));
        Input.Weights(weights, firstPurchase.Length, nameof(weights));

        var starts = firstPurchase.ToArray();
        var cohortSize = new double[starts.Length];
        for (int i = 0; i < cohortSize.Length; i++) cohortSize[i] = Input.Weight(weights, i);
        Array.Sort(starts, cohortSize);

        var result = new double[times.Length];
        for (int start = 0; start < starts.Length;)
        {
            double s = starts[start], size = 0;
            int end = start;
            while (end < starts.Length && starts[end] == s) size += cohortSize[end++];
            for (int j = 0; j < times.Length; j++)
            {
                if (times[j] <= s) continue;
                double age = times[j] - s;
                double expected = expectedRepeatPurchases(age);
                if (!double.IsFinite(expected))
                    throw new InvalidOperationException($"The model's expected repeat purchases at t = {age} (first purchase {s}, time {times[j]}) is {expected}.");
                result[j] += size * expected;
            }
            start = end;
        }
        return result;
    }

    /// <summary>Number of transactions at or before each time.</summary>
    /// <exception cref="InvalidRowException">A transaction time is not finite.</exception>
    public static double[] CountCumulative(ReadOnlySpan<double> repeatPurchaseTimes, ReadOnlySpan<double> times)
    {
        CheckTimes(times, nameof(times));
        Input.Finite(repeatPurchaseTimes, nameof(repeatPurchaseTimes));
        var sorted = repeatPurchaseTimes.ToArray();
        Array.Sort(sorted);
        var result = new double[times.Length];
        int counted = 0;
        for (int j = 0; j < times.Length; j++)
        {
            while (counted < sorted.Length && sorted[counted] <= times[j]) counted++;
            result[j] = counted;
        }
        return result;
    }

    private static void CheckSeries(ReadOnlySpan<double> times, ReadOnlySpan<double> actual, string actualName,
        ReadOnlySpan<double> predicted, string predictedName)
    {
        CheckTimes(times, nameof(times));
        Input.SameLength(times.Length, nameof(times), actual.Length, actualName);
        Input.SameLength(times.Length, nameof(times), predicted.Length, predictedName);
        Input.Finite(actual, actualName);
        Input.Finite(predicted, predictedName);
    }

    private static void CheckTimes(ReadOnlySpan<double> times, string name)
    {
        if (times.IsEmpty) throw new ArgumentException("At least one time is needed.", name);
        for (int j = 0; j < times.Length; j++)
            if (!double.IsFinite(times[j]) || (j > 0 && !(times[j] > times[j - 1])))
                throw new InvalidRowException(name, j, $"{times[j]} is not finite or not above the previous time.");
    }

    private static double[] Differences(double[] cumulative)
    {
        var result = new double[cumulative.Length];
        for (int j = 0; j < result.Length; j++) result[j] = cumulative[j] - (j == 0 ? 0.0 : cumulative[j - 1]);
        return result;
    }

    private static double[] RunningSum(ReadOnlySpan<double> incremental)
    {
        var result = new double[incremental.Length];
        double sum = 0;
        for (int j = 0; j < result.Length; j++) result[j] = sum += incremental[j];
        return result;
    }
}
