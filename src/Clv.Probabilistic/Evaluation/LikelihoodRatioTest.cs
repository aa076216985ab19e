using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Evaluation;

/// <summary>
/// The likelihood-ratio test of a restricted model against a model that nests it, both fitted by maximum likelihood to
/// the same customers.
/// </summary>
/// <remarks>
/// Statistic Λ = 2 (ℓ_full − ℓ_restricted); under the null hypothesis that the restriction holds, and with the
/// restricted parameters in the interior of the full model's parameter space, Λ is asymptotically χ² with as many
/// degrees of freedom as the restriction fixes parameters (Wilks (1938), "The large-sample distribution of the
/// likelihood ratio for testing composite hypotheses", Annals of Mathematical Statistics 9(1)). p-value = P(χ²_df ≥ Λ),
/// the upper regularised incomplete gamma function Q(df/2, Λ/2) (MathNet). When the null value of one parameter lies on the
/// boundary of the full model's space (for example GGom/NBD's b → 0, which is Pareto/NBD), Λ follows the 50:50 mixture
/// of χ²_{df−1} and χ²_df instead (Self &amp; Liang (1987), "Asymptotic properties of maximum likelihood estimators and
/// likelihood ratio tests under nonstandard conditions", JASA 82(398), case 5; χ²₀ is the point mass at 0), so
/// p = ½ P(χ²_{df−1} ≥ Λ) + ½ P(χ²_df ≥ Λ), half the χ²_df p-value when df = 1 and Λ &gt; 0.
/// <see cref="ModelComparison"/> runs it for every pair of compared models that a definition declares nested
/// (<see cref="ModelDefinition.Nests"/>).
/// </remarks>
public sealed class LikelihoodRatioTest
{
    private LikelihoodRatioTest(double statistic, int degreesOfFreedom, double pValue, bool onBoundary)
    {
        Statistic = statistic;
        DegreesOfFreedom = degreesOfFreedom;
        PValue = pValue;
        OnBoundary = onBoundary;
    }

    /// <summary>Whether the null value is on the boundary and <see cref="PValue"/> comes from the χ² mixture.</summary>
    public bool OnBoundary { get; }

    /// <summary>The reference distribution in words, for example "χ²₁" or "½χ²₀ + ½χ²₁".</summary>
    public string ReferenceDistribution => OnBoundary
        ? $"½χ²{Subscript(DegreesOfFreedom - 1)} + ½χ²{Subscript(DegreesOfFreedom)}"
        : $"χ²{Subscript(DegreesOfFreedom)}";

    /// <summary>Λ = 2 (ℓ_full − ℓ_restricted), floored at 0 (a negative difference is optimiser error).</summary>
    public double Statistic { get; }

    /// <summary>Parameters the restriction fixes.</summary>
    public int DegreesOfFreedom { get; }

    /// <summary>P(χ²_df ≥ Λ), or under the boundary mixture ½ P(χ²_{df−1} ≥ Λ) + ½ P(χ²_df ≥ Λ).</summary>
    public double PValue { get; }

    /// <summary>Tests <paramref name="restricted"/> against <paramref name="full"/>, which the caller asserts nests it.</summary>
    /// <param name="restricted">Maximum-likelihood fit of the nested model.</param>
    /// <param name="full">Maximum-likelihood fit of the larger model, to the same customers.</param>
    /// <param name="degreesOfFreedom">Number of parameters the restriction fixes (≥ 1).</param>
    /// <exception cref="ArgumentException">A fit has no log-likelihood, or the fits describe different numbers of customers.</exception>
    public static LikelihoodRatioTest Compute(ModelFit restricted, ModelFit full, int degreesOfFreedom) =>
        Compute(restricted, full, degreesOfFreedom, onBoundary: false);

    /// <summary>Tests <paramref name="restricted"/> against <paramref name="full"/>, on the boundary or not.</summary>
    /// <param name="restricted">Maximum-likelihood fit of the nested model.</param>
    /// <param name="full">Maximum-likelihood fit of the larger model, to the same customers.</param>
    /// <param name="degreesOfFreedom">Number of parameters the restriction fixes (≥ 1).</param>
    /// <param name="onBoundary">Whether one restricted parameter's null value is on the boundary of its domain.</param>
    /// <exception cref="ArgumentException">A fit has no log-likelihood, or the fits describe different numbers of customers.</exception>
    public static LikelihoodRatioTest Compute(ModelFit restricted, ModelFit full, int degreesOfFreedom, bool onBoundary)
    {
        ArgumentNullException.ThrowIfNull(restricted);
        ArgumentNullException.ThrowIfNull(full);
        if (restricted.Data is { } a && full.Data is { } b && a.Customers != b.Customers)
            throw new ArgumentException($"The fits are to different data: {a.Customers} and {b.Customers} customers.", nameof(full));
        return Compute(LogLikelihood(restricted, nameof(restricted)), LogLikelihood(full, nameof(full)), degreesOfFreedom, onBoundary);
    }

    /// <summary>Tests from the two maximised log-likelihoods.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A log-likelihood is not finite or <paramref name="degreesOfFreedom"/> &lt; 1.</exception>
    public static LikelihoodRatioTest Compute(double restrictedLogLikelihood, double fullLogLikelihood, int degreesOfFreedom) =>
        Compute(restrictedLogLikelihood, fullLogLikelihood, degreesOfFreedom, onBoundary: false);

    /// <summary>Tests from the two maximised log-likelihoods, on the boundary or not.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A log-likelihood is not finite or <paramref name="degreesOfFreedom"/> &lt; 1.</exception>
    public static LikelihoodRatioTest Compute(double restrictedLogLikelihood, double fullLogLikelihood, int degreesOfFreedom, bool onBoundary)
    {
        if (!double.IsFinite(restrictedLogLikelihood))
            throw new ArgumentOutOfRangeException(nameof(restrictedLogLikelihood), restrictedLogLikelihood, "Must be finite.");
        if (!double.IsFinite(fullLogLikelihood))
            throw new ArgumentOutOfRangeException(nameof(fullLogLikelihood), fullLogLikelihood, "Must be finite.");
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        double statistic = Math.Max(0.0, 2.0 * (fullLogLikelihood - restrictedLogLikelihood));
        double p = ChiSquareTest.UpperTail(statistic, degreesOfFreedom);
        if (onBoundary)
        {
            double lower = degreesOfFreedom == 1 ? (statistic > 0 ? 0.0 : 1.0) : ChiSquareTest.UpperTail(statistic, degreesOfFreedom - 1);
            p = 0.5 * lower + 0.5 * p;
        }
        return new LikelihoodRatioTest(statistic, degreesOfFreedom, p, onBoundary);
    }

    private static string Subscript(int n) =>
        string.Concat(n.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => (char)('₀' + (c - '0'))));

    private static double LogLikelihood(ModelFit fit, string name) =>
        fit.LogLikelihood ?? throw new ArgumentException($"The {fit.Definition.DisplayName} fit has no log-likelihood.", name);
}
