using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.BgBb;

/// <summary>
/// A BG/BB model with known parameters (Fader, Hardie &amp; Shang 2010, "Customer-base analysis in a discrete-time
/// noncontractual setting", Marketing Science 29(6)): predictions per history (x, t_x, n), in whole periods.
/// </summary>
public sealed class BgBbModel : IDiscretePurchaseModel
{
    /// <summary>Creates the model.</summary>
    /// <param name="parameters">α, β, γ, δ.</param>
    /// <param name="period">Length of one opportunity (recorded with the model; the parameters do not depend on it).</param>
    public BgBbModel(BgBbParameters parameters, TimeUnit period)
    {
        Parameters = BgBbDefinition.Instance.Supported(parameters);
        Period = period;
    }

    /// <summary>The parameters.</summary>
    public BgBbParameters Parameters { get; }

    /// <summary>Length of one opportunity.</summary>
    public TimeUnit Period { get; }

    /// <inheritdoc />
    /// <remarks>Eq. 8 as a finite sum: α/(α+β) Σ_{t=1}^{n} B(γ, δ+t)/B(γ, δ).</remarks>
    public double ExpectedTransactions(int periods)
    {
        BgBbChecks.Horizon(periods, nameof(periods));
        return BgBbFormulas.ConditionalExpectation(Parameters, 0, 0, 0, periods);
    }

    /// <inheritdoc />
    /// <remarks>Eq. 7; 0 outside 0..n.</remarks>
    public double ProbabilityOfTransactions(int periods, int transactions)
    {
        BgBbChecks.Horizon(periods, nameof(periods));
        return BgBbFormulas.ConditionalProbability(Parameters, 0, 0, 0, periods, transactions);
    }

    /// <summary>ln L(α, β, γ, δ | x, t_x, n), eq. 5.</summary>
    public double LogLikelihood(int frequency, int recency, int periods)
    {
        BgBbChecks.History(frequency, recency, periods);
        return BgBbFormulas.LogLikelihood(Parameters, frequency, recency, periods, out _, out _);
    }

    /// <inheritdoc />
    public void ProbabilityAlive(RfmSummary summary, Span<double> destination) =>
        PerRow(summary, destination, (x, tx, n) => BgBbFormulas.ProbabilityAlive(Parameters, x, tx, n));

    /// <inheritdoc />
    public void ConditionalExpectedTransactions(RfmSummary summary, int periods, Span<double> destination)
    {
        BgBbChecks.Horizon(periods, nameof(periods));
        PerRow(summary, destination, (x, tx, n) => BgBbFormulas.ConditionalExpectation(Parameters, x, tx, n, periods));
    }

    /// <inheritdoc />
    public void ConditionalProbabilityOfTransactions(RfmSummary summary, int periods, int transactions, Span<double> destination)
    {
        BgBbChecks.Horizon(periods, nameof(periods));
        PerRow(summary, destination, (x, tx, n) => BgBbFormulas.ConditionalProbability(Parameters, x, tx, n, periods, transactions));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Eq. 14 (DERT). A transaction at opportunity n+s is discounted by (1+d)^{−s}; the series is summed per distinct n.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="discountRate"/> is not finite and &gt; 0.</exception>
    public void DiscountedExpectedTransactions(RfmSummary summary, double discountRate, Span<double> destination)
    {
        if (!double.IsFinite(discountRate) || discountRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(discountRate), discountRate, "The discount rate per period must be finite and > 0.");
        var series = new Dictionary<int, double>();
        PerRow(summary, destination, (x, tx, n) =>
        {
            double lnL = BgBbFormulas.LogLikelihood(Parameters, x, tx, n, out double alive, out _);
            if (!series.TryGetValue(n, out double sum)) series[n] = sum = BgBbFormulas.DiscountedSurvival(Parameters, n, discountRate);
            return Math.Exp(alive - lnL) * (Parameters.Alpha + x) / (Parameters.Alpha + Parameters.Beta + n) * sum;
        });
    }

    /// <inheritdoc />
    public int SimulateFutureTransactions(int frequency, int recency, int periods, int horizon, Random random) =>
        BgBbSimulator.SimulateFuture(Parameters, frequency, recency, periods, horizon, random);

    /// <inheritdoc />
    public CalibrationHoldoutSummary Simulate(ReadOnlySpan<int> periods, int seed, int holdoutPeriods = 0) =>
        BgBbSimulator.Simulate(Parameters, Period, periods, seed, holdoutPeriods);

    /// <summary>Applies <paramref name="formula"/> once per distinct history and writes it to every row that has it.</summary>
    private static void PerRow(RfmSummary summary, Span<double> destination, Func<int, int, int, double> formula)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (destination.Length != summary.Count)
            throw new ArgumentException($"The destination has {destination.Length} elements for {summary.Count} customers.", nameof(destination));
        ReadOnlySpan<double> fx = summary.Frequency, ftx = summary.Recency, fn = summary.T;
        var done = new Dictionary<(int, int, int), double>();
        for (int i = 0; i < fx.Length; i++)
        {
            string? problem = BgBbChecks.Problem(fx[i], ftx[i], fn[i]);
            if (problem is not null) throw new ArgumentException($"Customer '{summary.CustomerIds[i]}' (row {i}): {problem}", nameof(summary));
            var key = ((int)fx[i], (int)ftx[i], (int)fn[i]);
            if (!done.TryGetValue(key, out double value)) done[key] = value = formula(key.Item1, key.Item2, key.Item3);
            destination[i] = value;
        }
    }
}
