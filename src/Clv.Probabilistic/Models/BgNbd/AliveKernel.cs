using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// P(alive | x, t_x, T) = 1 / (1 + a/(c+x) · ((α+T)/(α+t_x))^{r+x}) four rows at a time: BG/NBD with c = b − 1 (FHL 2005
/// eq. 13, and P(alive) = 1 at x = 0), MBG/NBD with c = b (Batislam et al. 2007).
/// </summary>
internal static class AliveKernel
{
    /// <summary>Fills <paramref name="destination"/> in blocks of four and returns the first row left for the caller (n when none).</summary>
    public static int FillVectorised(double r, double alpha, double a, double c, bool aliveWithoutRepeat,
        ReadOnlySpan<double> xs, ReadOnlySpan<double> txs, ReadOnlySpan<double> ts, Span<double> destination)
    {
        int i = 0, n = xs.Length;
        if (!Vector256.IsHardwareAccelerated) return 0;
        var vr = Vector256.Create(r);
        var va = Vector256.Create(alpha);
        var vA = Vector256.Create(a);
        var vc = Vector256.Create(c);
        var one = Vector256.Create(1.0);
        var zero = Vector256<double>.Zero;
        ref double x0 = ref MemoryMarshal.GetReference(xs);
        ref double tx0 = ref MemoryMarshal.GetReference(txs);
        ref double t0 = ref MemoryMarshal.GetReference(ts);
        ref double d0 = ref MemoryMarshal.GetReference(destination);
        for (; i <= n - 4; i += 4)
        {
            nuint u = (nuint)i;
            var x = Vector256.LoadUnsafe(ref x0, u);
            // ln((α+T)/(α+t_x)) = ln(1 + z), z = (T − t_x)/(α + t_x), as ln(w)·z/(w − 1) with w = 1 + z (z where w = 1).
            var tx = Vector256.LoadUnsafe(ref tx0, u);
            var z = (Vector256.LoadUnsafe(ref t0, u) - tx) / (va + tx);
            var w = one + z;
            var logRatio = Vector256.ConditionalSelect(Vector256.Equals(w, one), z, Vector256.Log(w) * z / (w - one));
            var d = Vector256.Log(vA / (vc + x)) + (vr + x) * logRatio;
            // sigmoid(−d) without overflow: e = exp(−|d|); d > 0 → e/(1+e), else 1/(1+e).
            var e = Vector256.Exp(-Vector256.Abs(d));
            var alive = Vector256.ConditionalSelect(Vector256.GreaterThan(d, zero), e, one) / (one + e);
            if (aliveWithoutRepeat) alive = Vector256.ConditionalSelect(Vector256.Equals(x, zero), one, alive);
            alive.StoreUnsafe(ref d0, u);
        }
        return i;
    }
}
