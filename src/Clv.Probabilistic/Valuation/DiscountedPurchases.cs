using System.Numerics.Tensors;
using System.Runtime.InteropServices;
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
        Span<double> discounted, Span<double> expected, bool checkFinite = true)
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
        if (checkFinite) CheckFinite(rows, discounted);
    }

    /// <summary>
    /// ∫₀^H e^(−δt) dE[Y(t)] = e^(−δH) E[Y(H)] + δ ∫₀^H e^(−δt) E[Y(t)] dt (integration by parts, E[Y(0)] = 0), the
    /// integral by adaptive Gauss–Kronrod (7, 15) quadrature, vectorised over rows with an active set: on each panel the
    /// rows with |K15 − G7| ≤ tolerance × |K15| keep the K15 value, and only the others are re-evaluated on the two
    /// halves. Returns the largest per-row error bound δ Σ |K15 − G7|.
    /// </summary>
    public static double Continuous(IPurchaseModel model, RfmSummary rows, double horizon, double delta, double tolerance,
        Span<double> discounted, Span<double> expected, bool checkFinite = true)
    {
        const int MaxDepth = 40;
        int n = rows.Count;
        model.ConditionalExpectedPurchases(rows, horizon, expected);
        if (delta == 0)
        {
            expected.CopyTo(discounted);
            if (checkFinite) CheckFinite(rows, discounted);
            return 0;
        }

        var integral = new double[n];
        var errorBound = new double[n];
        Span<double> nodes = stackalloc double[15], wk = stackalloc double[15], wg = stackalloc double[15];
        var panels = new Stack<Panel>();
        panels.Push(new Panel(0.0, horizon, 0, Enumerable.Range(0, n).ToArray(), rows));
        while (panels.Count > 0)
        {
            var panel = panels.Pop();
            int m = panel.Rows.Length;
            var values = new double[m];
            var kronrod = new double[m];
            var gauss = new double[m];
            GaussKronrod15.OnInterval(panel.A, panel.B, nodes, wk, wg);
            for (int j = 0; j < 15; j++)
            {
                model.ConditionalExpectedPurchases(panel.Summary, nodes[j], values);
                double discount = Math.Exp(-delta * nodes[j]);
                TensorPrimitives.MultiplyAdd(values, wk[j] * discount, kronrod, kronrod);
                if (wg[j] != 0) TensorPrimitives.MultiplyAdd(values, wg[j] * discount, gauss, gauss);
            }
            var refine = new List<int>();
            for (int k = 0; k < m; k++)
            {
                double difference = Math.Abs(kronrod[k] - gauss[k]);
                if (difference > tolerance * Math.Abs(kronrod[k]) && panel.Depth < MaxDepth)
                {
                    refine.Add(k);
                    continue;
                }
                integral[panel.Rows[k]] += kronrod[k];
                errorBound[panel.Rows[k]] += difference;
            }
            if (refine.Count == 0) continue;
            var subset = refine.Count == m ? panel.Summary : SummaryRows.Select(panel.Summary, CollectionsMarshal.AsSpan(refine));
            var subsetRows = new int[refine.Count];
            for (int k = 0; k < refine.Count; k++) subsetRows[k] = panel.Rows[refine[k]];
            double middle = 0.5 * (panel.A + panel.B);
            panels.Push(new Panel(middle, panel.B, panel.Depth + 1, subsetRows, subset));
            panels.Push(new Panel(panel.A, middle, panel.Depth + 1, subsetRows, subset));
        }

        double endDiscount = Math.Exp(-delta * horizon);
        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            discounted[i] = endDiscount * expected[i] + delta * integral[i];
            worst = Math.Max(worst, delta * errorBound[i]);
        }
        if (checkFinite) CheckFinite(rows, discounted);
        return worst;
    }

    /// <summary>A panel [A, B] at bisection depth Depth, with the rows (indices into the block) still to integrate on it.</summary>
    private sealed record Panel(double A, double B, int Depth, int[] Rows, RfmSummary Summary);

    /// <summary>Refuses a non-finite value, naming its customer.</summary>
    public static void CheckFinite(RfmSummary rows, ReadOnlySpan<double> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw NonFinite(rows, i, values[i]);
    }

    /// <summary>The error of row <paramref name="row"/>, whose discounted purchases are <paramref name="value"/>.</summary>
    public static InvalidOperationException NonFinite(RfmSummary rows, int row, double value) =>
        new($"Customer '{rows.CustomerIds[row]}': the purchase model returned a non-finite expected number of purchases ({value}).");
}
