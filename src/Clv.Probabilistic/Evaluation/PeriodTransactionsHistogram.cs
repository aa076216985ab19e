using System.Globalization;

namespace Clv.Probabilistic.Evaluation;

/// <summary>
/// The period-transactions histogram: how many customers made 0, 1, …, k − 1 and k or more repeat purchases in the
/// calibration period, observed and as the model expects.
/// </summary>
/// <remarks>
/// Expected count of bin n &lt; k: Σ_i w_i P_i(X = n), where P_i is the model's distribution of the number of repeat
/// purchases of customer i over its own observation length T_i (BG/NBD: Fader, Hardie &amp; Lee (2005), "Counting Your
/// Customers the Easy Way", Marketing Science 24(2), P(X(t) = x) in section 3; the histogram is that paper's first
/// calibration check, section 5). The last bin is the remainder Σ_i w_i (1 − Σ_{n&lt;k} P_i(X = n)), so the expected
/// counts add up to the number of customers exactly. Test the fit with <see cref="Test"/>.
/// </remarks>
public sealed class PeriodTransactionsHistogram
{
    private readonly double[] _observed, _expected;

    private PeriodTransactionsHistogram(int k, double[] observed, double[] expected)
    {
        K = k;
        _observed = observed;
        _expected = expected;
    }

    /// <summary>Lower bound of the open-ended last bin; there are k + 1 bins.</summary>
    public int K { get; }

    /// <summary>Observed (weighted) number of customers per bin.</summary>
    public ReadOnlySpan<double> Observed => _observed;

    /// <summary>Expected number of customers per bin.</summary>
    public ReadOnlySpan<double> Expected => _expected;

    /// <summary>Label of bin <paramref name="bin"/>: <c>"3"</c>, or <c>"7+"</c> for the last.</summary>
    public string Label(int bin) => bin.ToString(CultureInfo.InvariantCulture) + (bin == K ? "+" : "");

    /// <summary>Pearson's chi-square test of the histogram; see <see cref="ChiSquareTest"/> for the pooling rule.</summary>
    /// <param name="fittedParameters">Number of parameters fitted to these data (4 for BG/NBD).</param>
    /// <param name="minimumExpected">Pool bins until each expects at least this many customers.</param>
    public ChiSquareTest Test(int fittedParameters, double minimumExpected = 5.0) =>
        ChiSquareTest.Compute(_observed, _expected, fittedParameters, minimumExpected);

    /// <summary>Builds the histogram from a per-customer probability mass function.</summary>
    /// <param name="frequency">x per customer: repeat purchases in the calibration period (whole, ≥ 0).</param>
    /// <param name="probability">P_i(X = n), called as (n, customer row) for n = 0, …, k − 1.</param>
    /// <param name="weights">How many customers each row stands for; empty means 1 each.</param>
    /// <param name="k">Lower bound of the last bin, ≥ 1; default 7.</param>
    /// <exception cref="InvalidRowException">A frequency or weight is invalid, or a customer's probabilities are not in [0, 1] or sum above 1.</exception>
    public static PeriodTransactionsHistogram Compute(ReadOnlySpan<double> frequency, Func<int, int, double> probability,
        ReadOnlySpan<double> weights = default, int k = 7)
    {
        ArgumentNullException.ThrowIfNull(probability);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var observed = CountObserved(frequency, weights, k);
        var expected = new double[k + 1];
        var row = new double[k];
        for (int i = 0; i < frequency.Length; i++)
        {
            for (int n = 0; n < k; n++) row[n] = probability(n, i);
            AddCustomer(expected, Input.Weight(weights, i), row, "probability", i);
        }
        return new PeriodTransactionsHistogram(k, observed, expected);
    }

    /// <summary>Builds the histogram from precomputed probabilities.</summary>
    /// <param name="frequency">x per customer (whole, ≥ 0).</param>
    /// <param name="probabilities">Customer-major P_i(X = n): entry i·k + n, for n = 0, …, k − 1; length (customers × k).</param>
    /// <param name="weights">How many customers each row stands for; empty means 1 each.</param>
    /// <param name="k">Lower bound of the last bin, ≥ 1; default 7.</param>
    /// <exception cref="ArgumentException"><paramref name="probabilities"/> does not have customers × k entries.</exception>
    /// <exception cref="InvalidRowException">A frequency or weight is invalid, or a customer's probabilities are not in [0, 1] or sum above 1.</exception>
    public static PeriodTransactionsHistogram Compute(ReadOnlySpan<double> frequency, ReadOnlySpan<double> probabilities,
        ReadOnlySpan<double> weights = default, int k = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (probabilities.Length != (long)frequency.Length * k)
            throw new ArgumentException($"'{nameof(probabilities)}' has {probabilities.Length} entries; {frequency.Length} customers × {k} bins need {(long)frequency.Length * k}.", nameof(probabilities));
        var observed = CountObserved(frequency, weights, k);
        var expected = new double[k + 1];
        for (int i = 0; i < frequency.Length; i++)
            AddCustomer(expected, Input.Weight(weights, i), probabilities.Slice(i * k, k), nameof(probabilities), i);
        return new PeriodTransactionsHistogram(k, observed, expected);
    }

    /// <summary>Weighted number of customers with x = 0, …, k − 1 and x ≥ k.</summary>
    /// <exception cref="InvalidRowException">A frequency is not a whole non-negative number, or a weight is invalid.</exception>
    public static double[] CountObserved(ReadOnlySpan<double> frequency, ReadOnlySpan<double> weights, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        Input.WholeNonNegative(frequency, nameof(frequency));
        Input.Weights(weights, frequency.Length, nameof(weights));
        var counts = new double[k + 1];
        for (int i = 0; i < frequency.Length; i++) counts[(int)Math.Min(frequency[i], k)] += Input.Weight(weights, i);
        return counts;
    }

    /// <summary>Tolerance on a customer's total probability mass above 1, for rounding in the caller's PMF.</summary>
    private const double MassTolerance = 1e-9;

    /// <summary>Adds customer i's expected contribution w·P_i(X = n) to every bin, the last bin taking the remainder.</summary>
    private static void AddCustomer(Span<double> expected, double weight, ReadOnlySpan<double> probabilities, string name, int customer)
    {
        double mass = 0;
        for (int n = 0; n < probabilities.Length; n++)
        {
            double p = probabilities[n];
            if (!(p >= 0 && p <= 1))
                throw new InvalidRowException(name, customer, $"P(X = {n}) = {p} is not a probability.");
            mass += p;
            if (mass > 1 + MassTolerance)
                throw new InvalidRowException(name, customer, $"P(X = 0) + … + P(X = {n}) = {mass} exceeds 1.");
            expected[n] += weight * p;
        }
        expected[probabilities.Length] += weight * Math.Max(0.0, 1.0 - mass);
    }
}
