using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Models.ParetoNbd;

/// <summary>
/// The Pareto/NBD log-likelihood of prepared rows as a function of θ = [ln r, ln α, ln s, ln β], with its analytic
/// gradient; the same bits for any number of threads (fixed blocks, summed in order).
/// </summary>
/// <remarks>
/// Per customer (Fader &amp; Hardie 2005, "A Note on Deriving the Pareto/NBD Model and Related Expressions", eq. (3)–(4)):
/// ln L = lnΓ(r+x) − lnΓ(r) + r ln α + s ln β + ln(E + s I), E = (α+T)^{−(r+x)} (β+T)^{−s} and I the drop-out integral
/// (<see cref="DropoutIntegral"/>; s·I is the note's s/(r+s+x)·A₀), the sum taken in logs. With π = s I/(E + s I):
/// ∂/∂r = ψ(r+x) − ψ(r) + ln α − (1−π) ln(α+T) − π ⟨ln(α+τ)⟩;
/// ∂/∂α = r/α − (r+x) [(1−π)/(α+T) + π ⟨1/(α+τ)⟩];
/// ∂/∂s = ln β + π/s − (1−π) ln(β+T) − π ⟨ln(β+τ)⟩;
/// ∂/∂β = s/β − (1−π) s/(β+T) − π (s+1) ⟨1/(β+τ)⟩,
/// ⟨·⟩ the average under the integrand of I. Returns −∞ (gradient 0) where a parameter or a term leaves the range of double.
/// </remarks>
internal sealed class ParetoNbdLogLikelihood : ILogDensity, IParallelLogDensity
{
    private const int BlockSize = 1024;

    private readonly ParetoNbdData _data;

    private readonly DropoutTable _table;

    public ParetoNbdLogLikelihood(ParetoNbdData data)
    {
        _data = data;
        _table = new DropoutTable(data);
    }

    public int Dimension => 4;

    /// <summary>Thread limit of the row sums (−1: no limit); the result is the same for every value.</summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        if (theta.Length != 4) throw new ArgumentException($"Expected 4 log-parameters, got {theta.Length}.", nameof(theta));
        if (gradient.Length != 4) throw new ArgumentException($"Expected a gradient of length 4, got {gradient.Length}.", nameof(gradient));
        double r = Math.Exp(theta[0]), alpha = Math.Exp(theta[1]), s = Math.Exp(theta[2]), beta = Math.Exp(theta[3]);
        gradient.Clear();
        if (!(Positive(r) && Positive(alpha) && Positive(s) && Positive(beta))) return double.NegativeInfinity;

        var d = _data;
        int blocks = (d.X.Length + BlockSize - 1) / BlockSize;
        var partial = new double[5 * blocks];
        using (var table = _table.Compute(r, alpha, s, beta, MaxDegreeOfParallelism))
        {
            if (blocks > 1 && MaxDegreeOfParallelism != 1)
            {
                var options = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism };
                Parallel.For(0, blocks, options, k => SumBlock(k, table, partial.AsSpan(5 * k, 5)));
            }
            else
            {
                for (int k = 0; k < blocks; k++) SumBlock(k, table, partial.AsSpan(5 * k, 5));
            }
        }
        double value = 0, gr = 0, ga = 0, gs = 0, gb = 0;
        for (int k = 0; k < blocks; k++)
        {
            value += partial[5 * k];
            gr += partial[5 * k + 1];
            ga += partial[5 * k + 2];
            gs += partial[5 * k + 3];
            gb += partial[5 * k + 4];
        }
        gradient[0] = gr * r;
        gradient[1] = ga * alpha;
        gradient[2] = gs * s;
        gradient[3] = gb * beta;
        if (!double.IsFinite(value) || !double.IsFinite(gradient[0]) || !double.IsFinite(gradient[1])
            || !double.IsFinite(gradient[2]) || !double.IsFinite(gradient[3]))
        {
            gradient.Clear();
            return double.NegativeInfinity;
        }
        return value;
    }

    private void SumBlock(int k, DropoutTable.Values table, Span<double> result)
    {
        var d = _data;
        double r = table.R, alpha = table.Alpha, s = table.S, beta = table.Beta;
        int start = k * BlockSize, end = Math.Min(start + BlockSize, d.X.Length);
        double value = 0, gr = 0, ga = 0, gs = 0, gb = 0;
        double lnAlpha = Math.Log(alpha), lnBeta = Math.Log(beta);
        var groupRows = _table.GroupRows;
        int group = groupRows.BinarySearch(start);
        if (group < 0) group = ~group - 1;
        double logGammaShift = 0, digammaShift = 0;
        int nextGroup = -1;
        for (int i = start; i < end; i++)
        {
            if (i >= nextGroup)
            {
                while (i >= groupRows[group + 1]) group++;
                nextGroup = groupRows[group + 1];
                double x = d.X[i];
                logGammaShift = x == 0 ? 0 : GammaFunctions.LogGammaShift(r, x);
                digammaShift = x == 0 ? 0 : GammaFunctions.DigammaShift(r, x);
            }
            double w = d.Weight[i];
            var row = _table.Row(table, i, group);
            value += w * (logGammaShift + r * lnAlpha + s * lnBeta + row.Value);
            gr += w * (digammaShift + lnAlpha + row.R);
            ga += w * (r / alpha + row.Alpha);
            gs += w * (lnBeta + row.S);
            gb += w * (s / beta + row.Beta);
        }
        result[0] = value;
        result[1] = gr;
        result[2] = ga;
        result[3] = gs;
        result[4] = gb;
    }

    private static bool Positive(double v) => v > 0 && double.IsFinite(v);

    /// <summary>ln(E + s I) of one customer and its derivatives in r, α, s, β.</summary>
    internal readonly record struct Row(double Value, double R, double Alpha, double S, double Beta, double LogAliveOdds)
    {
        public static Row Evaluate(double r, double alpha, double s, double beta, double x, double recency, double t)
        {
            double logAlphaT = Math.Log(alpha + t), logBetaT = Math.Log(beta + t);
            double logE = -(r + x) * logAlphaT - s * logBetaT;
            double dr = -logAlphaT, dAlpha = -(r + x) / (alpha + t), ds = -logBetaT, dBeta = -s / (beta + t);
            if (!(t > recency)) return new Row(logE, dr, dAlpha, ds, dBeta, double.NegativeInfinity);
            double logI = DropoutIntegral.Evaluate(r, alpha, s, beta, x, recency, t, out var m);
            if (double.IsNaN(logI)) return new Row(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
            double logSI = Math.Log(s) + logI;
            double total = LogMath.LogAddExp(logE, logSI);
            double pi = Math.Exp(logSI - total), pe = Math.Exp(logE - total);
            return new Row(
                total,
                pe * dr - pi * m.LogAlpha,
                pe * dAlpha - pi * (r + x) * m.InverseAlpha,
                pe * ds + pi * (1 / s - m.LogBeta),
                pe * dBeta - pi * (s + 1) * m.InverseBeta,
                logSI - logE);
        }
    }
}
