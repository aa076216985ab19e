using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Models.BgBb;

/// <summary>
/// The BG/BB log-likelihood of prepared rows as a function of θ = [ln α, ln β, ln γ, ln δ], with its analytic gradient.
/// Rows are summed in blocks of fixed size whose partial sums are added in block order, so the result is the same bits
/// for any number of threads.
/// </summary>
/// <remarks>
/// Per customer (Fader, Hardie &amp; Shang 2010, eq. 5):
/// L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ),
/// the first term for a customer alive at all n opportunities, the others for one who dropped out at opportunity
/// t_x+i+1. With (a)_k = Γ(a+k)/Γ(a), ln B(α+x, β+m)/B(α,β) = ln(α)_x + ln(β)_m − ln(α+β)_{x+m},
/// ln B(γ, δ+n)/B(γ,δ) = ln(δ)_n − ln(γ+δ)_n and ln B(γ+1, δ+t)/B(γ,δ) = ln γ + ln(δ)_t − ln(γ+δ)_{t+1}, read from one
/// table per shape (<see cref="RisingFactorialTable"/>). The terms of the sum decrease in i, so it is summed relative
/// to its first term, and added to the first term of L in log space: no term can overflow or underflow to 0 alone.
/// </remarks>
internal sealed class BgBbLogLikelihood : ILogDensity, IParallelLogDensity
{
    private const int BlockSize = 2048;

    private readonly BgBbData _data;
    private readonly int _blocks;
    private readonly RisingFactorialTable _alpha, _beta, _alphaBeta, _delta, _gammaDelta;

    public BgBbLogLikelihood(BgBbData data)
    {
        _data = data;
        _blocks = (data.Rows + BlockSize - 1) / BlockSize;
        int longest = data.LongestHistory + 1;
        _alpha = new RisingFactorialTable(longest);
        _beta = new RisingFactorialTable(longest);
        _alphaBeta = new RisingFactorialTable(longest);
        _delta = new RisingFactorialTable(longest);
        _gammaDelta = new RisingFactorialTable(longest);
    }

    public int Dimension => 4;

    /// <summary>Thread limit of the row sums (−1: no limit); the result is the same for every value.</summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    /// <inheritdoc />
    /// <remarks>
    /// Each term's gradient is read from the same tables (∂ ln(a)_k/∂a = ψ(a+k) − ψ(a)); the row's gradient is the
    /// average of its terms' gradients weighted by their shares of L; each is multiplied by its parameter for θ = ln φ.
    /// Returns −∞ (gradient 0) where a parameter or a term overflows.
    /// </remarks>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        if (theta.Length != 4) throw new ArgumentException($"Expected 4 log-parameters, got {theta.Length}.", nameof(theta));
        if (gradient.Length != 4) throw new ArgumentException($"Expected a gradient of length 4, got {gradient.Length}.", nameof(gradient));
        double alpha = Math.Exp(theta[0]), beta = Math.Exp(theta[1]), gamma = Math.Exp(theta[2]), delta = Math.Exp(theta[3]);
        if (!(Positive(alpha) && Positive(beta) && Positive(gamma) && Positive(delta) && Positive(alpha + beta) && Positive(gamma + delta)))
        {
            gradient.Clear();
            return double.NegativeInfinity;
        }
        _alpha.Fill(alpha);
        _beta.Fill(beta);
        _alphaBeta.Fill(alpha + beta);
        _delta.Fill(delta);
        _gammaDelta.Fill(gamma + delta);

        var partial = new double[5 * _blocks];
        double lnGamma = Math.Log(gamma), invGamma = 1 / gamma;
        if (_blocks > 1 && MaxDegreeOfParallelism != 1)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism };
            Parallel.For(0, _blocks, options, k => SumBlock(k, lnGamma, invGamma, partial.AsSpan(5 * k, 5)));
        }
        else
        {
            for (int k = 0; k < _blocks; k++) SumBlock(k, lnGamma, invGamma, partial.AsSpan(5 * k, 5));
        }
        double value = 0, ga = 0, gb = 0, gg = 0, gd = 0;
        for (int k = 0; k < _blocks; k++)
        {
            value += partial[5 * k];
            ga += partial[5 * k + 1];
            gb += partial[5 * k + 2];
            gg += partial[5 * k + 3];
            gd += partial[5 * k + 4];
        }
        gradient[0] = ga * alpha;
        gradient[1] = gb * beta;
        gradient[2] = gg * gamma;
        gradient[3] = gd * delta;
        if (!double.IsFinite(value) || !double.IsFinite(gradient[0]) || !double.IsFinite(gradient[1])
            || !double.IsFinite(gradient[2]) || !double.IsFinite(gradient[3]))
        {
            gradient.Clear();
            return double.NegativeInfinity;
        }
        return value;
    }

    private static bool Positive(double v) => v > 0 && double.IsFinite(v);

    /// <summary>Rows of block k: Σ w ln L and Σ w ∂ ln L/∂(α, β, γ, δ).</summary>
    private void SumBlock(int k, double lnGamma, double invGamma, Span<double> result)
    {
        var d = _data;
        RisingFactorialTable ta = _alpha, tb = _beta, tab = _alphaBeta, td = _delta, tgd = _gammaDelta;
        int start = k * BlockSize, end = Math.Min(start + BlockSize, d.Rows);
        double v = 0, sa = 0, sb = 0, sg = 0, sd = 0;
        for (int row = start; row < end; row++)
        {
            int x = d.X[row], tx = d.Recency[row], n = d.Periods[row];
            double w = d.Weight[row];
            double lnAx = ta.Log(x), dAx = ta.Derivative(x);

            // Alive at all n opportunities.
            double l0 = lnAx + tb.Log(n - x) - tab.Log(n) + td.Log(n) - tgd.Log(n);
            double a0 = dAx - tab.Derivative(n);
            double b0 = tb.Derivative(n - x) - tab.Derivative(n);
            double g0 = -tgd.Derivative(n);
            double d0 = td.Derivative(n) - tgd.Derivative(n);
            if (tx == n)
            {
                v += w * l0;
                sa += w * a0;
                sb += w * b0;
                sg += w * g0;
                sd += w * d0;
                continue;
            }

            // Dropped out at opportunity t+1, t = t_x..n−1: terms relative to the first (t = t_x), which is the largest.
            double first = TermLog(ta, tb, tab, td, tgd, lnAx, lnGamma, x, tx);
            double s = 0, ea = 0, eb = 0, eg = 0, ed = 0;
            for (int t = tx; t < n; t++)
            {
                double e = t == tx ? 1 : Math.Exp(TermLog(ta, tb, tab, td, tgd, lnAx, lnGamma, x, t) - first);
                s += e;
                ea += e * (dAx - tab.Derivative(t));
                eb += e * (tb.Derivative(t - x) - tab.Derivative(t));
                eg += e * (invGamma - tgd.Derivative(t + 1));
                ed += e * (td.Derivative(t) - tgd.Derivative(t + 1));
            }
            double l1 = first + Math.Log(s);
            double max = Math.Max(l0, l1);
            double w0 = Math.Exp(l0 - max), w1 = Math.Exp(l1 - max), sum = w0 + w1;
            v += w * (max + Math.Log(sum));
            w0 /= sum;
            w1 /= sum * s;
            sa += w * (w0 * a0 + w1 * ea);
            sb += w * (w0 * b0 + w1 * eb);
            sg += w * (w0 * g0 + w1 * eg);
            sd += w * (w0 * d0 + w1 * ed);
        }
        result[0] = v;
        result[1] = sa;
        result[2] = sb;
        result[3] = sg;
        result[4] = sd;
    }

    /// <summary>ln [B(α+x, β+t−x)/B(α,β) · B(γ+1, δ+t)/B(γ,δ)]: alive at t opportunities, dropped out at t+1.</summary>
    private static double TermLog(RisingFactorialTable ta, RisingFactorialTable tb, RisingFactorialTable tab, RisingFactorialTable td,
        RisingFactorialTable tgd, double lnAx, double lnGamma, int x, int t) =>
        lnAx + tb.Log(t - x) - tab.Log(t) + lnGamma + td.Log(t) - tgd.Log(t + 1);
}
