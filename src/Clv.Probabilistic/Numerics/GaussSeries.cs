namespace Clv.Probabilistic.Numerics;

/// <summary>
/// Result of summing the Gauss series: the sum is <c>Sum · e^LogScale</c>; <see cref="MaxAbsTerm"/> is on the
/// same scale, so <c>MaxAbsTerm / |Sum|</c> measures how many digits cancellation cost.
/// </summary>
internal readonly record struct SeriesSum(double Sum, double LogScale, double MaxAbsTerm, int Terms, bool Converged)
{
    /// <summary>Ratio of the largest term to the sum (≥ 1 up to rounding; large means cancellation).</summary>
    public double Cancellation => Sum == 0.0 ? double.PositiveInfinity : MaxAbsTerm / Math.Abs(Sum);

    public SignedLogValue ToSignedLog() =>
        Sum == 0.0 ? new SignedLogValue(double.NegativeInfinity, 0) : new SignedLogValue(Math.Log(Math.Abs(Sum)) + LogScale, Math.Sign(Sum));
}

/// <summary>
/// The raw Gauss series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ (Abramowitz &amp; Stegun 15.1.1), summed by the term-ratio
/// recurrence with compensated (Neumaier) addition and rescaling so the partial sums never overflow.
/// </summary>
internal static class GaussSeries
{
    private const double RelativeTolerance = 2.5e-17;
    private const double RescaleThreshold = 1e250;
    private static readonly double LogRescale = Math.Log(RescaleThreshold);

    /// <summary>
    /// Sums the series until the tail is provably below the tolerance relative to the partial sum, the series
    /// terminates (a term becomes exactly zero), or <paramref name="maxTerms"/> terms were used.
    /// </summary>
    /// <remarks>
    /// Stopping rule: once every factor a+m, b+m, c+m is positive for all later m, each factor (p+m)/(q+m) is
    /// monotone in m with limit 1, so the later term ratios are bounded by
    /// q* = |z|·max((a+k)/(c+k), 1)·max((b+k)/(1+k), 1) (or the other pairing, whichever is smaller). When q* &lt; 1
    /// the tail is at most |t|·q*/(1−q*), a geometric bound, and summation stops when that is below the tolerance.
    /// </remarks>
    public static SeriesSum Sum(double a, double b, double c, double z, int maxTerms)
    {
        double sum = 1.0, compensation = 0.0, term = 1.0, maxAbs = 1.0, logScale = 0.0;
        double lastNegative = Math.Max(Math.Max(-a, -b), -c);
        for (int n = 0; n < maxTerms; n++)
        {
            double an = a + n, bn = b + n, cn = c + n, next = n + 1.0;
            term *= an * bn * z / (cn * next);
            if (term == 0.0)
            {
                return new SeriesSum(sum + compensation, logScale, maxAbs, n + 1, true);
            }

            double t = sum + term;
            compensation += Math.Abs(sum) >= Math.Abs(term) ? (sum - t) + term : (term - t) + sum;
            sum = t;

            double absTerm = Math.Abs(term);
            if (absTerm > maxAbs)
            {
                maxAbs = absTerm;
                if (maxAbs > RescaleThreshold)
                {
                    sum /= RescaleThreshold;
                    compensation /= RescaleThreshold;
                    term /= RescaleThreshold;
                    maxAbs /= RescaleThreshold;
                    logScale += LogRescale;
                    absTerm = Math.Abs(term);
                }
            }

            if (absTerm <= RelativeTolerance * Math.Abs(sum) && next > lastNegative)
            {
                double tailRatio = TailRatioBound(a, b, c, z, next);
                if (tailRatio < 1.0 && absTerm * tailRatio <= RelativeTolerance * Math.Abs(sum) * (1.0 - tailRatio))
                {
                    return new SeriesSum(sum + compensation, logScale, maxAbs, n + 1, true);
                }
            }
        }

        return new SeriesSum(sum + compensation, logScale, maxAbs, maxTerms, false);
    }

    /// <summary>Upper bound on |t(m+1)/t(m)| for all m ≥ k, valid when a+k, b+k, c+k are positive.</summary>
    /// <remarks>
    /// Two bounds, the smaller wins. (1) Each factor (p+m)/(q+m) is monotone in m with limit 1, so its supremum is
    /// max(value at k, 1). (2) (a+m)(b+m)/((c+m)(1+m)) − 1 = (E + D·m)/((c+m)(1+m)) with D = a+b−c−1, E = ab−c,
    /// which for m ≥ k is at most max(E,0)/((c+k)(1+k)) + max(D,0)·max(1, k/(c+k))/(1+k).
    /// </remarks>
    private static double TailRatioBound(double a, double b, double c, double z, double k)
    {
        double ak = a + k, bk = b + k, ck = c + k, k1 = 1.0 + k;
        double first = Math.Max(ak / ck, 1.0) * Math.Max(bk / k1, 1.0);
        double second = Math.Max(bk / ck, 1.0) * Math.Max(ak / k1, 1.0);
        double d = a + b - c - 1.0, e = a * b - c;
        double third = 1.0 + Math.Max(e, 0.0) / (ck * k1) + Math.Max(d, 0.0) * Math.Max(1.0, k / ck) / k1;
        return Math.Abs(z) * Math.Min(Math.Min(first, second), third);
    }
}
