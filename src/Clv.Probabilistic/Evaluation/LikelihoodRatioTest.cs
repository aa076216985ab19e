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
/// the upper regularised incomplete gamma function Q(df/2, Λ/2) (MathNet). When the null value lies on the boundary of
/// the full model's space (for example GGom/NBD's b → 0, which is Pareto/NBD) the χ² reference is conservative
/// (Self &amp; Liang (1987), JASA 82(398)). None of the registered purchase models nests another (BG/NBD, MBG/NBD and
/// Pareto/NBD are distinct families), so <see cref="ModelComparison"/> does not call this; the caller who knows two fits
/// nest says so by calling it.
/// </remarks>
public sealed class LikelihoodRatioTest
{
    private LikelihoodRatioTest(double statistic, int degreesOfFreedom, double pValue)
    {
        Statistic = statistic;
        DegreesOfFreedom = degreesOfFreedom;
        PValue = pValue;
    }

    /// <summary>Λ = 2 (ℓ_full − ℓ_restricted), floored at 0 (a negative difference is optimiser error).</summary>
    public double Statistic { get; }

    /// <summary>Parameters the restriction fixes.</summary>
    public int DegreesOfFreedom { get; }

    /// <summary>P(χ²_df ≥ Λ).</summary>
    public double PValue { get; }

    /// <summary>Tests <paramref name="restricted"/> against <paramref name="full"/>, which the caller asserts nests it.</summary>
    /// <param name="restricted">Maximum-likelihood fit of the nested model.</param>
    /// <param name="full">Maximum-likelihood fit of the larger model, to the same customers.</param>
    /// <param name="degreesOfFreedom">Number of parameters the restriction fixes (≥ 1).</param>
    /// <exception cref="ArgumentException">A fit has no log-likelihood, or the fits describe different numbers of customers.</exception>
    public static LikelihoodRatioTest Compute(ModelFit restricted, ModelFit full, int degreesOfFreedom)
    {
        ArgumentNullException.ThrowIfNull(restricted);
        ArgumentNullException.ThrowIfNull(full);
        if (restricted.Data is { } a && full.Data is { } b && a.Customers != b.Customers)
            throw new ArgumentException($"The fits are to different data: {a.Customers} and {b.Customers} customers.", nameof(full));
        return Compute(LogLikelihood(restricted, nameof(restricted)), LogLikelihood(full, nameof(full)), degreesOfFreedom);
    }

    /// <summary>Tests from the two maximised log-likelihoods.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A log-likelihood is not finite or <paramref name="degreesOfFreedom"/> &lt; 1.</exception>
    public static LikelihoodRatioTest Compute(double restrictedLogLikelihood, double fullLogLikelihood, int degreesOfFreedom)
    {
        if (!double.IsFinite(restrictedLogLikelihood))
            throw new ArgumentOutOfRangeException(nameof(restrictedLogLikelihood), restrictedLogLikelihood, "Must be finite.");
        if (!double.IsFinite(fullLogLikelihood))
            throw new ArgumentOutOfRangeException(nameof(fullLogLikelihood), fullLogLikelihood, "Must be finite.");
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        double statistic = Math.Max(0.0, 2.0 * (fullLogLikelihood - restrictedLogLikelihood));
        return new LikelihoodRatioTest(statistic, degreesOfFreedom, ChiSquareTest.UpperTail(statistic, degreesOfFreedom));
    }

    private static double LogLikelihood(ModelFit fit, string name) =>
        fit.LogLikelihood ?? throw new ArgumentException($"The {fit.Definition.DisplayName} fit has no log-likelihood.", name);
}
