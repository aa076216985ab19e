namespace Clv.Probabilistic.Evaluation;

/// <summary>
/// Akaike's and Schwarz's information criteria of a maximum-likelihood fit, and Akaike weights over a set of fits to the
/// same data.
/// </summary>
/// <remarks>
/// With ℓ the maximised log-likelihood, k the number of estimated parameters and n the number of customers (the sum of
/// row weights): AIC = 2k − 2ℓ (Akaike (1974), "A new look at the statistical model identification", IEEE Transactions
/// on Automatic Control 19(6)); BIC = k ln n − 2ℓ (Schwarz (1978), "Estimating the dimension of a model", Annals of
/// Statistics 6(2)). Lower is better. The Akaike weight of model i among models with AIC values AIC_j is
/// exp(−Δ_i / 2) / Σ_j exp(−Δ_j / 2) with Δ_i = AIC_i − min_j AIC_j (Burnham &amp; Anderson (2002), "Model Selection and
/// Multimodel Inference", 2nd ed., section 2.9): the weight of evidence that model i is the best of the set in the
/// Kullback–Leibler sense. Criteria compare only fits to the same customers.
/// </remarks>
public static class InformationCriteria
{
    /// <summary>AIC = 2k − 2ℓ.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ℓ is not finite or k is negative.</exception>
    public static double Aic(double logLikelihood, int parameters)
    {
        Check(logLikelihood, parameters);
        return 2.0 * parameters - 2.0 * logLikelihood;
    }

    /// <summary>BIC = k ln n − 2ℓ.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ℓ is not finite, k is negative or n is not a finite positive number.</exception>
    public static double Bic(double logLikelihood, int parameters, double customers)
    {
        Check(logLikelihood, parameters);
        Input.Positive(customers, nameof(customers));
        return parameters * Math.Log(customers) - 2.0 * logLikelihood;
    }

    /// <summary>Akaike weights exp(−Δ_i / 2) / Σ_j exp(−Δ_j / 2) of the given AIC values; they sum to 1.</summary>
    /// <exception cref="ArgumentException">No values are given, or one is not finite.</exception>
    public static double[] AkaikeWeights(ReadOnlySpan<double> aic)
    {
        if (aic.IsEmpty) throw new ArgumentException("At least one AIC value is needed.", nameof(aic));
        Input.Finite(aic, nameof(aic));
        double best = double.PositiveInfinity;
        foreach (double a in aic) best = Math.Min(best, a);
        var weights = new double[aic.Length];
        double total = 0;
        for (int i = 0; i < aic.Length; i++) total += weights[i] = Math.Exp(-(aic[i] - best) / 2.0);
        for (int i = 0; i < aic.Length; i++) weights[i] /= total;
        return weights;
    }

    private static void Check(double logLikelihood, int parameters)
    {
        if (!double.IsFinite(logLikelihood))
            throw new ArgumentOutOfRangeException(nameof(logLikelihood), logLikelihood, "Must be finite.");
        ArgumentOutOfRangeException.ThrowIfNegative(parameters);
    }
}
