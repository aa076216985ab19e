using System.Globalization;

namespace Clv.Probabilistic.Models.GammaGamma;

/// <summary>
/// Diagnostic of the Gamma-Gamma model's key assumption that spend is independent of purchase frequency: the weighted
/// Pearson correlation between x and z̄ over the customers with x ≥ 1.
/// </summary>
/// <remarks>
/// Fader, Hardie &amp; Lee (2005), "RFM and CLV", JMR 42(4), section "Adding monetary value", check this assumption by the
/// correlation between the number of transactions and the average transaction value (0.11 on CDNOW) and
/// treat a weak correlation as support for independence. We flag |ρ| &gt; <see cref="DefaultThreshold"/> = 0.3 as material:
/// 0.3 is the conventional boundary between a small and a medium correlation (Cohen 1988,
/// "Statistical Power Analysis for the Behavioral Sciences", section 3.2), beyond which about 9% or more of the variance of
/// one variable is linearly explained by the other and a model of dependent spend should be considered.
/// </remarks>
public sealed record SpendFrequencyCorrelation
{
    /// <summary>The default materiality threshold for |ρ|.</summary>
    public const double DefaultThreshold = 0.3;

    private SpendFrequencyCorrelation(double coefficient, double threshold, double totalWeight)
    {
        Coefficient = coefficient;
        Threshold = threshold;
        TotalWeight = totalWeight;
    }

    /// <summary>Weighted Pearson correlation ρ between x and z̄; NaN when either has zero variance.</summary>
    public double Coefficient { get; }

    /// <summary>The threshold for |ρ| above which the correlation is flagged.</summary>
    public double Threshold { get; }

    /// <summary>Total weight of the customers used.</summary>
    public double TotalWeight { get; }

    /// <summary>Whether |ρ| exceeds <see cref="Threshold"/>: the independence assumption is doubtful.</summary>
    public bool IsMaterial => Math.Abs(Coefficient) > Threshold;

    /// <summary>Computes the diagnostic on the customers of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not in [0, 1].</exception>
    public static SpendFrequencyCorrelation Compute(GammaGammaData data, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(threshold >= 0 && threshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "A correlation threshold lies in [0, 1].");
        // The columns may be the source summary's: its rows with x = 0 are not customers of the data and count with
        // weight w·min(x, 1) = 0 (x is a whole number), without a branch, which half of a summary's rows with x = 0 in
        // no order would mispredict; w·1 is w and a product with 0 adds exactly nothing (a summary's values are finite).
        data.Columns(out var x, out var z, out var w);
        double sw = 0, mx = 0, mz = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double wi = (w.IsEmpty ? 1.0 : w[i]) * Math.Min(x[i], 1.0);
            sw += wi;
            mx += wi * x[i];
            mz += wi * z[i];
        }
        mx /= sw;
        mz /= sw;
        double sxx = 0, szz = 0, sxz = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double wi = (w.IsEmpty ? 1.0 : w[i]) * Math.Min(x[i], 1.0), dx = x[i] - mx, dz = z[i] - mz;
            sxx += wi * dx * dx;
            szz += wi * dz * dz;
            sxz += wi * dx * dz;
        }
        double rho = sxx > 0 && szz > 0 ? sxz / Math.Sqrt(sxx * szz) : double.NaN;
        return new SpendFrequencyCorrelation(rho, threshold, sw);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"corr(x, z̄) = {Coefficient:F3}{(IsMaterial ? $" — exceeds {Threshold:0.##}: spend and frequency look dependent" : "")}");
}
