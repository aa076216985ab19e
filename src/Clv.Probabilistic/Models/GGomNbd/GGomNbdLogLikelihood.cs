using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Models.GGomNbd;

/// <summary>
/// The GGom/NBD log-likelihood of prepared rows as a function of θ = [ln r, ln α, ln b, ln s, ln β], with its analytic
/// gradient; the same bits for any number of threads (fixed blocks, summed in order).
/// </summary>
/// <remarks>
/// Per customer (Bemmaor &amp; Glady 2012, section 2; <see cref="GompertzDropoutIntegral"/>):
/// ln L = lnΓ(r+x) − lnΓ(r) + r ln α + ln(A + D), A = (α+T)^{−(r+x)} (β/(β+E_T))^s the alive term, E_τ = e^{bτ} − 1,
/// D = s b β^s I the drop-out term, the sum taken in logs. With π = D/(A + D) and ⟨·⟩ averages under the integrand of I:
/// ∂/∂r = ψ(r+x) − ψ(r) + ln α − (1−π) ln(α+T) − π ⟨ln(α+τ)⟩;
/// ∂/∂α = r/α − (r+x) [(1−π)/(α+T) + π ⟨1/(α+τ)⟩];
/// ∂/∂b = −(1−π) s T e^{bT}/(β+E_T) + π [1/b + ⟨τ − (s+1) τ e^{bτ}/(β+E_τ)⟩];
/// ∂/∂s = −(1−π) ln(1 + E_T/β) + π [1/s + ln β − ⟨ln(β+E_τ)⟩];
/// ∂/∂β = (1−π) (s/β) E_T/(β+E_T) + π [s/β − (s+1) ⟨1/(β+E_τ)⟩].
/// Returns −∞ (gradient 0) where a parameter or a term leaves the range of double.
/// </remarks>
internal sealed class GGomNbdLogLikelihood : ILogDensity, IParallelLogDensity
{
    private const int BlockSize = 256;
    private const int Width = 6;

    private readonly ParetoNbdData _data;

    public GGomNbdLogLikelihood(ParetoNbdData data) => _data = data;

    public int Dimension => 5;

    /// <summary>Thread limit of the row sums (−1: no limit); the result is the same for every value.</summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        if (theta.Length != 5) throw new ArgumentException($"Expected 5 log-parameters, got {theta.Length}.", nameof(theta));
        if (gradient.Length != 5) throw new ArgumentException($"Expected a gradient of length 5, got {gradient.Length}.", nameof(gradient));
        var p = new Natural(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]), Math.Exp(theta[3]), Math.Exp(theta[4]));
        gradient.Clear();
        if (!(Positive(p.R) && Positive(p.Alpha) && Positive(p.B) && Positive(p.S) && Positive(p.Beta))) return double.NegativeInfinity;

        int blocks = (_data.X.Length + BlockSize - 1) / BlockSize;
        var partial = new double[Width * blocks];
        if (blocks > 1 && MaxDegreeOfParallelism != 1)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism };
            Parallel.For(0, blocks, options, k => SumBlock(k, p, partial.AsSpan(Width * k, Width)));
        }
        else
        {
            for (int k = 0; k < blocks; k++) SumBlock(k, p, partial.AsSpan(Width * k, Width));
        }
        Span<double> total = stackalloc double[Width];
        for (int k = 0; k < blocks; k++)
            for (int j = 0; j < Width; j++) total[j] += partial[Width * k + j];
        gradient[0] = total[1] * p.R;
        gradient[1] = total[2] * p.Alpha;
        gradient[2] = total[3] * p.B;
        gradient[3] = total[4] * p.S;
        gradient[4] = total[5] * p.Beta;
        bool finite = double.IsFinite(total[0]);
        for (int j = 0; j < 5; j++) finite &= double.IsFinite(gradient[j]);
        if (!finite)
        {
            gradient.Clear();
            return double.NegativeInfinity;
        }
        return total[0];
    }

    private void SumBlock(int k, Natural p, Span<double> result)
    {
        var d = _data;
        int start = k * BlockSize, end = Math.Min(start + BlockSize, d.X.Length);
        double value = 0, gr = 0, ga = 0, gb = 0, gs = 0, gbeta = 0;
        double lnAlpha = Math.Log(p.Alpha);
        double previousX = double.NaN, logGammaShift = 0, digammaShift = 0;
        for (int i = start; i < end; i++)
        {
            double x = d.X[i], w = d.Weight[i];
            if (x != previousX)
            {
                previousX = x;
                logGammaShift = x == 0 ? 0 : GammaFunctions.LogGammaShift(p.R, x);
                digammaShift = x == 0 ? 0 : GammaFunctions.DigammaShift(p.R, x);
            }
            var row = Row.Evaluate(p.R, p.Alpha, p.B, p.S, p.Beta, x, d.Recency[i], d.T[i]);
            value += w * (logGammaShift + p.R * lnAlpha + row.Value);
            gr += w * (digammaShift + lnAlpha + row.DR);
            ga += w * (p.R / p.Alpha + row.DAlpha);
            gb += w * row.DB;
            gs += w * row.DS;
            gbeta += w * row.DBeta;
        }
        result[0] = value;
        result[1] = gr;
        result[2] = ga;
        result[3] = gb;
        result[4] = gs;
        result[5] = gbeta;
    }

    private static bool Positive(double v) => v > 0 && double.IsFinite(v);

    private readonly record struct Natural(double R, double Alpha, double B, double S, double Beta);

    /// <summary>ln(A + D) of one customer, its derivatives in r, α, b, s, β, and ln(D/A).</summary>
    internal readonly record struct Row(double Value, double DR, double DAlpha, double DB, double DS, double DBeta, double LogDeadOdds)
    {
        public static Row Evaluate(double r, double alpha, double b, double s, double beta, double x, double recency, double t)
        {
            double shape = r + x, logAlphaT = Math.Log(alpha + t);
            var g = GompertzDropout.At(b, beta, t);
            double hazard = g.LogSurvivalPerShape(beta);
            double logA = -shape * logAlphaT - s * hazard;
            double ar = -logAlphaT, aAlpha = -shape / (alpha + t), aB = -s * t * g.Growth, aS = -hazard, aBeta = s / beta * g.ExcessShare;
            if (!(t > recency)) return new Row(logA, ar, aAlpha, aB, aS, aBeta, double.NegativeInfinity);
            double logI = GompertzDropoutIntegral.Evaluate(r, alpha, b, s, beta, x, recency, t, out var m);
            if (double.IsNaN(logI)) return new Row(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
            double lnBeta = Math.Log(beta);
            double logD = Math.Log(s) + Math.Log(b) + s * lnBeta + logI;
            double total = LogMath.LogAddExp(logA, logD);
            double pi = Math.Exp(logD - total), pa = Math.Exp(logA - total);
            return new Row(
                total,
                pa * ar + pi * m.LogAlpha,
                pa * aAlpha + pi * m.InverseAlpha,
                pa * aB + pi * (1 / b + m.B),
                pa * aS + pi * (1 / s + lnBeta + m.LogBeta),
                pa * aBeta + pi * (s / beta + m.InverseBeta),
                logD - logA);
        }
    }
}
