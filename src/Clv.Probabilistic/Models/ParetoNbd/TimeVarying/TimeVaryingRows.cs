namespace Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

/// <summary>
/// What the time-varying Pareto/NBD likelihood needs of each customer, on the customer's own clock (0 at the first
/// purchase): repeat purchases x, recency t_x, age T, the sum of the covariate vectors in force at the x repeat purchases,
/// and the covariate path over (0, T] as <see cref="CovariateSegments"/>.
/// </summary>
internal sealed class TimeVaryingRows
{
    public TimeVaryingRows(double[] x, double[] recency, double[] t, double[] purchaseCovariates, CovariateSegments path)
    {
        int n = x.Length, k = path.Covariates;
        if (n == 0) throw new ArgumentException("No customers.", nameof(x));
        if (recency.Length != n || t.Length != n || purchaseCovariates.Length != n * k || path.Customers != n)
            throw new ArgumentException("Customer arrays differ in length.", nameof(x));
        for (int i = 0; i < n; i++)
        {
            if (!(x[i] >= 0) || x[i] != Math.Floor(x[i]) || !(recency[i] >= 0) || !(t[i] >= recency[i]) || !double.IsFinite(t[i]))
                throw new ArgumentException($"Customer {i}: invalid (x, t_x, T) = ({x[i]}, {recency[i]}, {t[i]}).", nameof(x));
            if (x[i] == 0 && recency[i] != 0) throw new ArgumentException($"Customer {i}: t_x > 0 without repeat purchases.", nameof(recency));
            double duration = path.Duration(i);
            if (Math.Abs(duration - t[i]) > 1e-9 * Math.Max(1, t[i]))
                throw new ArgumentException($"Customer {i}: the covariate path lasts {duration}, T is {t[i]}.", nameof(path));
        }
        X = x;
        Recency = recency;
        T = t;
        PurchaseCovariates = purchaseCovariates;
        Path = path;
    }

    public double[] X { get; }

    public double[] Recency { get; }

    public double[] T { get; }

    /// <summary>Σ_j z(t_j) over each customer's repeat purchases, K values per customer.</summary>
    public double[] PurchaseCovariates { get; }

    /// <summary>Each customer's covariates over (0, T].</summary>
    public CovariateSegments Path { get; }

    public int Customers => X.Length;

    public int Covariates => Path.Covariates;
}
