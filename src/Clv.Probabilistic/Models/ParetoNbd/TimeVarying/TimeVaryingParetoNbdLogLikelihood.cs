using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

/// <summary>
/// The log-likelihood of the Pareto/NBD with time-varying covariates over θ = [ln r, ln α, ln s, ln β, γ_trans (K),
/// γ_life (K)], with its analytic gradient (per customer: <see cref="CustomerLikelihood"/>); the same bits for any
/// number of threads (fixed blocks of customers, summed in order).
/// </summary>
internal sealed class TimeVaryingParetoNbdLogLikelihood : ILogDensity, IParallelLogDensity
{
    private const int BlockSize = 128;

    private readonly TimeVaryingRows _rows;

    public TimeVaryingParetoNbdLogLikelihood(TimeVaryingRows rows) => _rows = rows;

    public int Dimension => 4 + 2 * _rows.Covariates;

    /// <summary>Thread limit of the customer sums (−1: no limit); the result is the same for every value.</summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        int dim = Dimension, k = _rows.Covariates;
        if (theta.Length != dim) throw new ArgumentException($"Expected {dim} parameters, got {theta.Length}.", nameof(theta));
        if (gradient.Length != dim) throw new ArgumentException($"Expected a gradient of length {dim}, got {gradient.Length}.", nameof(gradient));
        gradient.Clear();
        double r = Math.Exp(theta[0]), alpha = Math.Exp(theta[1]), s = Math.Exp(theta[2]), beta = Math.Exp(theta[3]);
        if (!(Positive(r) && Positive(alpha) && Positive(s) && Positive(beta))) return double.NegativeInfinity;
        var gammaTransaction = theta.Slice(4, k).ToArray();
        var gammaLifetime = theta.Slice(4 + k, k).ToArray();
        var path = _rows.Path;
        var exposureT = new double[path.VectorCount];
        var exposureL = new double[path.VectorCount];
        path.Exposures(gammaTransaction, exposureT);
        path.Exposures(gammaLifetime, exposureL);
        for (int q = 0; q < exposureT.Length; q++)
            if (!Positive(exposureT[q]) || !Positive(exposureL[q])) return double.NegativeInfinity;

        int customers = _rows.Customers, blocks = (customers + BlockSize - 1) / BlockSize, width = dim + 1;
        var partial = new double[width * blocks];
        void Block(int b)
        {
            var sums = partial.AsSpan(b * width, width);
            var scratch = new double[CustomerLikelihood.ScratchLength(k)];
            int end = Math.Min(customers, (b + 1) * BlockSize);
            for (int i = b * BlockSize; i < end; i++)
            {
                var term = CustomerLikelihood.Evaluate(r, alpha, s, beta, gammaTransaction, exposureT, exposureL, _rows, i,
                    sums[1..], scratch);
                sums[0] += term.Value;
            }
        }
        if (blocks > 1 && MaxDegreeOfParallelism != 1)
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism }, Block);
        else
            for (int b = 0; b < blocks; b++) Block(b);

        double value = 0;
        for (int b = 0; b < blocks; b++)
        {
            value += partial[b * width];
            for (int j = 0; j < dim; j++) gradient[j] += partial[b * width + 1 + j];
        }
        gradient[0] *= r;
        gradient[1] *= alpha;
        gradient[2] *= s;
        gradient[3] *= beta;
        bool finite = double.IsFinite(value);
        for (int j = 0; j < dim && finite; j++) finite = double.IsFinite(gradient[j]);
        if (finite) return value;
        gradient.Clear();
        return double.NegativeInfinity;
    }

    private static bool Positive(double v) => v > 0 && double.IsFinite(v);
}
