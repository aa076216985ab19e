using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Models.MbgNbd;

/// <summary>
/// The MBG/NBD log-likelihood of prepared rows as a function of θ = [ln r, ln α, ln a, ln b], with its analytic gradient.
/// Rows are summed in blocks of fixed size whose partial sums are added in block order, so the result is the same bits
/// for any number of threads.
/// </summary>
/// <remarks>
/// Per customer (Batislam, Denizel &amp; Filiztekin 2007, eq. 4): a customer who has made x repeat purchases, the last at
/// t_x, is either alive at T, with probability (1−p)^{x+1} λ^x e^{−λT} of the history, or dropped out right after the
/// x-th repeat purchase (after the first purchase when x = 0), with p (1−p)^x λ^x e^{−λ t_x}. Mixing over
/// λ ~ Gamma(r, α) and p ~ Beta(a, b), and using B(a+1, b+x) = a/(b+x) · B(a, b+x+1):
/// ln L = lnΓ(r+x) − lnΓ(r) + r ln α + ln B(a, b+x+1) − ln B(a, b) + ln(e^{A₁} + e^{A₂}),
/// A₁ = −(r+x) ln(α+T), A₂ = ln a − ln(b+x) − (r+x) ln(α+t_x), for every x ≥ 0. The last term is
/// max(A₁, A₂) + ln(1 + e^{−|A₁−A₂|}). ln B(a, b+x+1) − ln B(a, b) is ln(b/(a+b)) plus the BG/NBD count term at b+1.
/// </remarks>
internal sealed class MbgNbdLogLikelihood : ILogDensity, IParallelLogDensity
{
    private const int BlockSize = 8192;
    private const int ParallelThreshold = 4 * BlockSize;

    private readonly MbgNbdData _data;
    private readonly int _blocks;

    public MbgNbdLogLikelihood(MbgNbdData data)
    {
        _data = data;
        _blocks = (data.Rows + BlockSize - 1) / BlockSize;
    }

    public int Dimension => 4;

    /// <summary>Thread limit of the row sums (−1: no limit); the result is the same for every value.</summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    /// <inheritdoc />
    /// <remarks>
    /// With w₂ = e^{A₂}/(e^{A₁} + e^{A₂}) and w₁ = 1 − w₂, the row part contributes
    /// ∂/∂r = −w₁ ln(α+T) − w₂ ln(α+t_x); ∂/∂α = −(r+x)(w₁/(α+T) + w₂/(α+t_x)); ∂/∂a = w₂/a; ∂/∂b = −w₂/(b+x);
    /// the count terms ψ(r+x) − ψ(r), ∂ ln B(a, b+x+1)/B(a, b), and r ln α add theirs; each is multiplied by its
    /// parameter for θ = ln φ. Returns −∞ (gradient 0) where a parameter or a term overflows.
    /// </remarks>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        if (theta.Length != 4) throw new ArgumentException($"Expected 4 log-parameters, got {theta.Length}.", nameof(theta));
        if (gradient.Length != 4) throw new ArgumentException($"Expected a gradient of length 4, got {gradient.Length}.", nameof(gradient));
        double r = Math.Exp(theta[0]), alpha = Math.Exp(theta[1]), a = Math.Exp(theta[2]), b = Math.Exp(theta[3]);
        if (!(Positive(r) && Positive(alpha) && Positive(a) && Positive(b)))
        {
            gradient.Clear();
            return double.NegativeInfinity;
        }

        var d = _data;
        int groups = d.DistinctX.Length;
        var lgr = new double[groups];
        var dgr = new double[groups];
        var lbr = new double[groups];
        var dba = new double[groups];
        var dbb = new double[groups];
        BgNbdCountTerms.Fill(d.DistinctX, r, a, b + 1, lgr, dgr, lbr, dba, dbb);
        var lnBx = new double[groups];
        var invBx = new double[groups];
        double value = 0, gr = 0, galpha = 0, ga = 0, gb = 0;
        for (int j = 0; j < groups; j++)
        {
            double w = d.GroupWeight[j];
            value += w * (lgr[j] + lbr[j]);
            gr += w * dgr[j];
            ga += w * dba[j];
            gb += w * dbb[j];
            double bx = b + d.DistinctX[j];
            lnBx[j] = Math.Log(bx);
            invBx[j] = 1 / bx;
        }
        // ln B(a, b+1) − ln B(a, b) = ln(b/(a+b)) = −ln(1 + a/b).
        double n = d.TotalWeight, apb = a + b;
        value -= n * LogMath.Log1p(a / b);
        ga -= n / apb;
        gb += n * a / (b * apb);

        double lnAlpha = Math.Log(alpha);
        value += n * r * lnAlpha;
        gr += n * lnAlpha;
        galpha += n * r / alpha;

        var partial = new double[5 * _blocks];
        var kernel = new RowKernel(d.Runs, r, alpha, Math.Log(a), lnBx, invBx, d.TTable?.Pairs(alpha), d.RecencyTable?.Pairs(alpha));
        if (d.Rows >= ParallelThreshold && _blocks > 1 && MaxDegreeOfParallelism != 1)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism };
            Parallel.For(0, _blocks, options, k => SumBlock(k, kernel, partial.AsSpan(5 * k, 5)));
        }
        else
        {
            for (int k = 0; k < _blocks; k++) SumBlock(k, kernel, partial.AsSpan(5 * k, 5));
        }
        double rowA = 0, rowB = 0;
        for (int k = 0; k < _blocks; k++)
        {
            value += partial[5 * k];
            gr += partial[5 * k + 1];
            galpha += partial[5 * k + 2];
            rowA += partial[5 * k + 3];
            rowB += partial[5 * k + 4];
        }
        ga += rowA / a;
        gb -= rowB;

        gradient[0] = gr * r;
        gradient[1] = galpha * alpha;
        gradient[2] = ga * a;
        gradient[3] = gb * b;
        if (!double.IsFinite(value) || !double.IsFinite(gradient[0]) || !double.IsFinite(gradient[1])
            || !double.IsFinite(gradient[2]) || !double.IsFinite(gradient[3]))
        {
            gradient.Clear();
            return double.NegativeInfinity;
        }
        return value;
    }

    private static bool Positive(double v) => v > 0 && double.IsFinite(v);

    /// <summary>
    /// Rows of block k: Σ w ln(e^{A₁} + e^{A₂}) and Σ w ∂/∂(r, α), Σ w w₂, Σ w w₂/(b+x), by BG/NBD's row kernel: its row
    /// A₁ + ln(1 + e^{A₂−A₁}) with A₂ − A₁ = c + (r+x)(ln(α+T) − ln(α+t_x)) is the MBG/NBD row with c = ln a − ln(b+x)
    /// (where BG/NBD has ln a − ln(b+x−1)), and its b-term 1/(b+x) in place of 1/(b+x−1).
    /// </summary>
    private void SumBlock(int k, RowKernel kernel, Span<double> result)
    {
        int start = k * BlockSize, end = Math.Min(start + BlockSize, _data.Rows);
        kernel.Sum(start, end, result);
    }
}
