namespace Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

/// <summary>
/// Customers' covariate paths as consecutive segments of constant covariates on each customer's own clock (0 at the
/// first purchase), in the model's time unit; the covariate vectors are stored once per distinct vector.
/// </summary>
/// <remarks>
/// Segment k of customer i runs from the end of segment k−1 (or 0) for <see cref="Length"/>[k] time units with the
/// covariate vector <see cref="Vectors"/>[<see cref="Vector"/>[k]]. Interning the vectors lets a likelihood evaluation
/// compute exp(γ·z) once per distinct vector rather than once per segment.
/// </remarks>
internal sealed class CovariateSegments
{
    public CovariateSegments(int covariates, int[] start, double[] length, int[] vector, double[] vectors)
    {
        if (covariates < 1) throw new ArgumentOutOfRangeException(nameof(covariates), covariates, "At least one covariate.");
        if (start.Length < 1 || start[0] != 0 || start[^1] != length.Length || length.Length != vector.Length)
            throw new ArgumentException("Segment offsets do not match the segments.", nameof(start));
        if (vectors.Length % covariates != 0) throw new ArgumentException("Covariate vectors do not match the covariate count.", nameof(vectors));
        int distinct = vectors.Length / covariates;
        for (int k = 0; k < length.Length; k++)
        {
            if (!(length[k] > 0) || !double.IsFinite(length[k])) throw new ArgumentException($"Segment {k} has length {length[k]}.", nameof(length));
            if ((uint)vector[k] >= (uint)distinct) throw new ArgumentException($"Segment {k} refers to vector {vector[k]}.", nameof(vector));
        }
        foreach (double z in vectors)
            if (!double.IsFinite(z)) throw new ArgumentException("A covariate value is not finite.", nameof(vectors));
        Covariates = covariates;
        Start = start;
        Length = length;
        Vector = vector;
        Vectors = vectors;
    }

    /// <summary>Covariates per vector (K).</summary>
    public int Covariates { get; }

    /// <summary>Customers' segments: customer i owns segments Start[i] .. Start[i+1]−1.</summary>
    public int[] Start { get; }

    /// <summary>Duration of each segment (&gt; 0).</summary>
    public double[] Length { get; }

    /// <summary>Index of each segment's covariate vector.</summary>
    public int[] Vector { get; }

    /// <summary>Distinct covariate vectors, K values each, concatenated.</summary>
    public double[] Vectors { get; }

    /// <summary>Number of customers.</summary>
    public int Customers => Start.Length - 1;

    /// <summary>Number of distinct vectors.</summary>
    public int VectorCount => Vectors.Length / Covariates;

    /// <summary>Covariate vector <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> VectorAt(int index) => Vectors.AsSpan(index * Covariates, Covariates);

    /// <summary>Total duration of customer <paramref name="customer"/>'s segments.</summary>
    public double Duration(int customer)
    {
        double total = 0;
        for (int k = Start[customer]; k < Start[customer + 1]; k++) total += Length[k];
        return total;
    }

    /// <summary>exp(γ·z) of every distinct vector.</summary>
    public void Exposures(ReadOnlySpan<double> gamma, Span<double> result)
    {
        int k = Covariates;
        for (int q = 0; q < result.Length; q++)
        {
            var z = Vectors.AsSpan(q * k, k);
            double eta = 0;
            for (int j = 0; j < k; j++) eta += gamma[j] * z[j];
            result[q] = Math.Exp(eta);
        }
    }
}
