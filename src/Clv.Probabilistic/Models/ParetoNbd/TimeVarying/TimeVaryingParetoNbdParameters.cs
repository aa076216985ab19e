namespace Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

/// <summary>
/// Parameters of the Pareto/NBD with time-varying covariates (Bachmann, Meierer &amp; Näf 2021, Marketing Science 40(4)):
/// λ ~ Gamma(r, α), μ ~ Gamma(s, β), purchase rate λ·exp(γ_trans·z(t)) and drop-out hazard μ·exp(γ_life·z(t)).
/// </summary>
/// <remarks>With a constant z the model is the Pareto/NBD at α·exp(−γ_trans·z) and β·exp(−γ_life·z).</remarks>
public sealed class TimeVaryingParetoNbdParameters
{
    /// <summary>Creates the parameters.</summary>
    /// <exception cref="ArgumentException">A rate parameter is not finite and positive, a coefficient not finite, or the lengths differ.</exception>
    public TimeVaryingParetoNbdParameters(double r, double alpha, double s, double beta, IReadOnlyList<string> covariateNames,
        IReadOnlyList<double> gammaTransaction, IReadOnlyList<double> gammaLifetime)
    {
        ArgumentNullException.ThrowIfNull(covariateNames);
        ArgumentNullException.ThrowIfNull(gammaTransaction);
        ArgumentNullException.ThrowIfNull(gammaLifetime);
        foreach (var (value, name) in new[] { (r, nameof(r)), (alpha, nameof(alpha)), (s, nameof(s)), (beta, nameof(beta)) })
            if (!(value > 0) || !double.IsFinite(value)) throw new ArgumentException($"{name} must be finite and > 0, got {value}.", name);
        if (covariateNames.Count == 0 || gammaTransaction.Count != covariateNames.Count || gammaLifetime.Count != covariateNames.Count)
            throw new ArgumentException("One transaction and one lifetime coefficient per covariate are needed.", nameof(gammaTransaction));
        if (gammaTransaction.Concat(gammaLifetime).Any(g => !double.IsFinite(g)))
            throw new ArgumentException("The coefficients must be finite.", nameof(gammaTransaction));
        R = r;
        Alpha = alpha;
        S = s;
        Beta = beta;
        CovariateNames = covariateNames.ToArray();
        GammaTransaction = gammaTransaction.ToArray();
        GammaLifetime = gammaLifetime.ToArray();
    }

    /// <summary>Shape of the Gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>Rate of the Gamma distribution of purchase rates (a duration in the model's time unit).</summary>
    public double Alpha { get; }

    /// <summary>Shape of the Gamma distribution of drop-out rates.</summary>
    public double S { get; }

    /// <summary>Rate of the Gamma distribution of drop-out rates.</summary>
    public double Beta { get; }

    /// <summary>The covariates, in the coefficients' order.</summary>
    public IReadOnlyList<string> CovariateNames { get; }

    /// <summary>γ_trans: log purchase-rate multiplier per unit of each covariate.</summary>
    public IReadOnlyList<double> GammaTransaction { get; }

    /// <summary>γ_life: log drop-out-hazard multiplier per unit of each covariate.</summary>
    public IReadOnlyList<double> GammaLifetime { get; }

    /// <summary>The parameter names in fit order: r, alpha, s, beta, trans.NAME…, life.NAME….</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<string> covariateNames) =>
        ["r", "alpha", "s", "beta", .. covariateNames.Select(n => "trans." + n), .. covariateNames.Select(n => "life." + n)];

    /// <summary>The values in fit order (see <see cref="Names"/>).</summary>
    public double[] ToValues() => [R, Alpha, S, Beta, .. GammaTransaction, .. GammaLifetime];

    /// <summary>The parameters from values in fit order.</summary>
    public static TimeVaryingParetoNbdParameters FromValues(ReadOnlySpan<double> values, IReadOnlyList<string> covariateNames)
    {
        ArgumentNullException.ThrowIfNull(covariateNames);
        int k = covariateNames.Count;
        if (values.Length != 4 + 2 * k) throw new ArgumentException($"Expected {4 + 2 * k} values, got {values.Length}.", nameof(values));
        return new(values[0], values[1], values[2], values[3], covariateNames, values.Slice(4, k).ToArray(), values.Slice(4 + k, k).ToArray());
    }
}
