using System.Globalization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.GammaGamma;

/// <summary>
/// The Gamma-Gamma model with known parameters as a spend model: the conditional expected mean spend per future
/// transaction given a customer's repeat-transaction count x and mean repeat spend z̄.
/// </summary>
/// <remarks>
/// The posterior of ν given x transactions of mean z̄ is Gamma(px + q, γ + x z̄), so
/// E[Z | x, z̄] = E[p/ν | x, z̄] = p (γ + x z̄) / (px + q − 1)
///             = w · p γ/(q − 1) + (1 − w) · z̄,  w = (q − 1)/(px + q − 1),
/// a weighted average of the population mean p γ/(q − 1) and the customer's own z̄
/// (Fader, Hardie &amp; Lee 2005, JMR 42(4), "Adding monetary value"; Hardie note 025).
/// For x = 0 the posterior is the prior and the expectation is the population mean, which needs q &gt; 1.
/// </remarks>
public sealed class GammaGammaSpendModel : ISpendModel, IRowBlockSpendModel
{
    /// <summary>Creates the spend model of <paramref name="parameters"/>.</summary>
    public GammaGammaSpendModel(GammaGammaParameters parameters)
    {
        Parameters = GammaGammaDefinition.Instance.Supported(parameters);
    }

    /// <summary>The model parameters.</summary>
    public GammaGammaParameters Parameters { get; }

    /// <inheritdoc />
    /// <remarks>p γ / (q − 1) (Hardie note 025); +∞ when q ≤ 1.</remarks>
    public double PopulationMeanSpend => Parameters.HasFinitePopulationMean ? Parameters.PopulationMeanSpend : double.PositiveInfinity;

    /// <inheritdoc />
    public double SimulateFutureValue(double x, double meanSpend, int purchases, Random random) =>
        GammaGammaSimulator.SimulateFutureValue(Parameters, x, meanSpend, purchases, random);

    /// <inheritdoc />
    public double[] SimulateMeanSpend(ReadOnlySpan<double> frequency, int seed) =>
        GammaGammaSimulator.SimulateMeanSpend(Parameters, frequency, seed);

    /// <summary>E[Z | x, z̄] for one customer.</summary>
    /// <param name="x">Number of repeat transactions, ≥ 0.</param>
    /// <param name="meanSpend">Mean repeat spend z̄, &gt; 0 when x ≥ 1 (ignored when x = 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">x &lt; 0, or x ≥ 1 with z̄ ≤ 0.</exception>
    /// <exception cref="InvalidOperationException">The posterior mean is infinite: px + q ≤ 1 (for x = 0, q ≤ 1).</exception>
    public double ConditionalExpectedSpend(double x, double meanSpend)
    {
        double result = Expectation(x, meanSpend);
        if (double.IsFinite(result)) return result;
        throw Failure(x, meanSpend, null, -1);
    }

    /// <summary>Writes E[Z | x, z̄] for every row; rows with x = 0 get the population mean.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a row is invalid (the message names the row).</exception>
    /// <exception cref="InvalidOperationException">A posterior mean is infinite (q ≤ 1); the message names the row.</exception>
    public void ConditionalExpectedSpend(ReadOnlySpan<double> frequency, ReadOnlySpan<double> meanSpend, Span<double> destination) =>
        Fill(frequency, meanSpend, destination, null);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A customer with x ≥ 1 has z̄ ≤ 0 (the message names the customer).</exception>
    /// <exception cref="InvalidOperationException">A posterior mean is infinite (q ≤ 1); the message names the customer.</exception>
    public void ConditionalExpectedSpend(RfmSummary summary, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(summary);
        summary.RequireMonetaryValue("Gamma-Gamma");
        Fill(summary.Frequency, summary.MonetaryValue, destination, summary);
    }

    void IRowBlockSpendModel.ConditionalExpectedSpend(RfmSummary summary, int start, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(summary);
        summary.RequireMonetaryValue("Gamma-Gamma");
        int n = destination.Length;
        Fill(summary.Frequency.Slice(start, n), summary.MonetaryValue.Slice(start, n), destination, summary, start);
    }

    /// <param name="frequency">x of the rows.</param>
    /// <param name="meanSpend">z̄ of the rows.</param>
    /// <param name="destination">Receives E[Z | x, z̄].</param>
    /// <param name="summary">The summary the rows come from (to name a bad row), or null.</param>
    /// <param name="start">The first row's number in <paramref name="summary"/>.</param>
    private void Fill(ReadOnlySpan<double> frequency, ReadOnlySpan<double> meanSpend, Span<double> destination, RfmSummary? summary, int start = 0)
    {
        if (meanSpend.Length != frequency.Length || destination.Length != frequency.Length)
            throw new ArgumentException(
                $"Lengths differ: frequency {frequency.Length}, mean spend {meanSpend.Length}, destination {destination.Length}.");
        for (int i = 0; i < frequency.Length; i++)
        {
            double result = Expectation(frequency[i], meanSpend[i]);
            if (!double.IsFinite(result)) throw Failure(frequency[i], meanSpend[i], summary, start + i);
            destination[i] = result;
        }
    }

    /// <summary>E[Z | x, z̄], or NaN where it is undefined or infinite.</summary>
    private double Expectation(double x, double z)
    {
        double p = Parameters.P, q = Parameters.Q;
        if (x == 0) return q > 1 ? p * Parameters.Gamma / (q - 1.0) : double.NaN;
        if (!(x >= 1) || !(z > 0) || !double.IsFinite(x) || !double.IsFinite(z)) return double.NaN;
        double denominator = p * x + q - 1.0;
        return denominator > 0 ? p * (Parameters.Gamma + x * z) / denominator : double.NaN;
    }

    private Exception Failure(double x, double z, RfmSummary? summary, int row)
    {
        string who = row < 0 ? "Customer" : summary is null ? $"Row {row}" : summary.Where(row);
        var c = CultureInfo.InvariantCulture;
        if (!double.IsFinite(x) || x < 0 || (x > 0 && x < 1))
            return new ArgumentOutOfRangeException(nameof(x), x, $"{who}: frequency {x.ToString(c)} is not a count ≥ 0.");
        if (x >= 1 && (!(z > 0) || !double.IsFinite(z)))
            return new ArgumentException($"{who} has {x.ToString(c)} repeat transactions but mean repeat spend {z.ToString(c)}; the Gamma-Gamma model needs a finite mean spend > 0.");
        return new InvalidOperationException(string.Create(c,
            $"{who}: the conditional expected spend is infinite because p·x + q − 1 = {Parameters.P * x + Parameters.Q - 1.0:G6} ≤ 0 (q = {Parameters.Q:G6}); the fitted spend distribution has no mean for this customer."));
    }
}
