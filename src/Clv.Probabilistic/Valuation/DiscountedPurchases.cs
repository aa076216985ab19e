using System.Numerics.Tensors;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// Kernels that turn a purchase model's E[Y(t)] into discounted expected purchases for a block of customers, evaluating
/// E[Y] at one time for all rows at once.
/// </summary>
internal static class DiscountedPurchases
{
    /// <summary>
    /// Σ_(k=1..K) (E[Y(kΔ)] − E[Y((k−1)Δ)]) e^(−δ k) into <paramref name="discounted"/> and E[Y(KΔ)] into
    /// <paramref name="expected"/>; δ = ln(1 + d) per period, Δ the period in model units.
    /// </summary>
    public static void Discrete(IPurchaseModel model, RfmSummary rows, double step, int periods, double deltaPerPeriod,
        Span<double> discounted, Span<double> expected)
    {
        int n = rows.Count;
        var previous = new double[n];
        var current = new double[n];
        discounted.Clear();
        for (int k = 1; k <= periods; k++)
        {
            model.ConditionalExpectedPurchases(rows, k * step, current);
            TensorPrimitives.Subtract(current, previous, previous);
            TensorPrimitives.MultiplyAdd(previous, Math.Exp(-deltaPerPeriod * k), discounted, discounted);
            (previous, current) = (current, previous);
        }
        previous.CopyTo(expected);
        CheckFinite(rows, discounted);
    }

    /// <summary>
    /// ∫₀^H e^(−δt) dE[Y(t)] = e^(−δH) E[Y(H)] + δ ∫₀^H e^(−δt) E[Y(t)] dt (integration by parts, E[Y(0)] = 0), the
    /// integral by adaptive Gauss–Kronrod (7, 15) quadrature applied to all rows together: a panel is bisected until
    /// |K15 − G7| ≤ tolerance × |K15| for every row. Returns the largest per-row error bound δ Σ |K15 − G7|.
    /// </summary>
    public static double Continuous(IPurchaseModel model, RfmSummary rows, double horizon, double delta, double tolerance,
        Span<double> discounted, Span<double> expected)
    {
        const int MaxPanels = 4096;
        int n = rows.Count;
        model.ConditionalExpectedPurchases(rows, horizon, expected);
        if (delta == 0)
        {
            expected.CopyTo(discounted);
            CheckFinite(rows, discounted);
            return 0;
        }

        var integral = new double[n];
        var errorBound = new double[n];
        var values = new double[n];
        var kronrod = new double[n];
        var gauss = new double[n];
        Span<double> nodes = stackalloc double[15], wk = stackalloc double[15], wg = stackalloc double[15];
        var panels = new Stack<(double A, double B)>();
        panels.Push((0.0, horizon));
        int evaluated = 0;
        while (panels.Count > 0)
        {
            var (a, b) = panels.Pop();
            GaussKronrod15.OnInterval(a, b, nodes, wk, wg);
            Array.Clear(kronrod);
            Array.Clear(gauss);
            for (int j = 0; j < 15; j++)
            {
                model.ConditionalExpectedPurchases(rows, nodes[j], values);
                double discount = Math.Exp(-delta * nodes[j]);
                TensorPrimitives.MultiplyAdd(values, wk[j] * discount, kronrod, kronrod);
                if (wg[j] != 0) TensorPrimitives.MultiplyAdd(values, wg[j] * discount, gauss, gauss);
            }
            evaluated++;
            bool accept = evaluated + panels.Count + 2 > MaxPanels || b - a <= horizon * 1e-12;
            if (!accept)
            {
                accept = true;
                for (int i = 0; i < n; i++)
                    if (Math.Abs(kronrod[i] - gauss[i]) > tolerance * Math.Abs(kronrod[i])) { accept = false; break; }
            }
            if (accept)
            {
                for (int i = 0; i < n; i++)
                {
                    integral[i] += kronrod[i];
                    errorBound[i] += Math.Abs(kronrod[i] - gauss[i]);
                }
            }
            else
            {
                double middle = 0.5 * (a + b);
                panels.Push((middle, b));
                panels.Push((a, middle));
            }
        }

        double endDiscount = Math.Exp(-delta * horizon);
        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            discounted[i] = endDiscount * expected[i] + delta * integral[i];
            worst = Math.Max(worst, delta * errorBound[i]);
        }
        CheckFinite(rows, discounted);
        return worst;
    }

    private static void CheckFinite(RfmSummary rows, ReadOnlySpan<double> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new InvalidOperationException(
                    $"Customer '{rows.CustomerIds[i]}': the purchase model returned a non-finite expected number of purchases ({values[i]}).");
    }
}
