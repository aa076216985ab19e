using System.Globalization;

namespace Clv.Probabilistic.Models;

/// <summary>
/// Discounted expected (residual) lifetime of a retention model without a closed form, as a sum with a bounded
/// remainder (Fader &amp; Hardie 2010, Marketing Science 29(1), eq. 3 and 5, taken term by term).
/// </summary>
internal static class RetentionValue
{
    /// <summary>The sums stop when the bound on the remainder is below this fraction of the sum.</summary>
    public const double RelativeTolerance = 1e-12;

    /// <summary>At most this many terms; a discount rate so small that more are needed is refused.</summary>
    public const int MaxTerms = 10_000_000;

    /// <summary>Checks d &gt; 0 and returns 1/(1 + d).</summary>
    public static double DiscountFactor(double discountRate) => double.IsFinite(discountRate) && discountRate > 0
        ? 1.0 / (1.0 + discountRate)
        : throw new ArgumentOutOfRangeException(nameof(discountRate), discountRate, "The discount rate per period must be finite and > 0.");

    /// <summary>Checks n ≥ 0.</summary>
    public static int Renewals(int renewals) => renewals >= 0
        ? renewals
        : throw new ArgumentOutOfRangeException(nameof(renewals), renewals, "The number of renewals must be ≥ 0.");

    /// <summary>
    /// DERL(n) = Σ_{k≥0} [S(n + 1 + k)/S(n)] x^k, x = 1/(1 + d), accumulating ln S(t)/S(n) by the steps Δ_t. S is
    /// non-increasing, so after the term k the remainder is at most [S(n + 1 + k)/S(n)] x^{k+1}/(1 − x).
    /// </summary>
    /// <param name="logRetention">Δ_t = ln S(t) − ln S(t − 1) for t ≥ 1.</param>
    /// <param name="renewals">n ≥ 0.</param>
    /// <param name="discountRate">d &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">d is so small that the sum needs more than <see cref="MaxTerms"/> terms.</exception>
    public static double ResidualLifetime(Func<int, double> logRetention, int renewals, double discountRate)
    {
        double x = DiscountFactor(discountRate);
        double logX = Math.Log(x), tailFactor = x / (-Numerics.LogMath.ExpM1(logX));
        int n = Renewals(renewals);
        double logRatio = 0, sum = 0, compensation = 0;
        for (int k = 0; k < MaxTerms; k++)
        {
            logRatio += logRetention(n + 1 + k);
            double term = Math.Exp(logRatio + k * logX);
            double y = term - compensation, next = sum + y;
            compensation = next - sum - y;
            sum = next;
            if (term * tailFactor <= RelativeTolerance * sum || term == 0) return sum;
        }
        throw new ArgumentOutOfRangeException(nameof(discountRate), discountRate, string.Create(CultureInfo.InvariantCulture,
            $"The discount rate {discountRate} per period is too small: the discounted lifetime needs more than {MaxTerms} periods to reach a relative accuracy of {RelativeTolerance}."));
    }
}
