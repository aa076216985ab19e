using System.Runtime.InteropServices;

namespace Clv.Probabilistic.Models;

/// <summary>
/// Scoring for models whose per-customer quantities are costly (a quadrature per customer: Pareto/NBD, GGom/NBD):
/// destination[i] = f(x_i, t_x,i, T_i) with f evaluated once per distinct (x, t_x, T), the distinct histories spread
/// over threads in fixed blocks. Each value depends only on its history, so the output is the same bits as a
/// per-customer loop for any thread count.
/// </summary>
internal static class DistinctHistories
{
    private const int BlockSize = 256;

    /// <param name="xs">x of each customer.</param>
    /// <param name="recencies">t_x of each customer.</param>
    /// <param name="ts">T of each customer.</param>
    /// <param name="destination">Receives f of each customer's history.</param>
    /// <param name="maxDegreeOfParallelism">Thread limit (−1: none); the result does not depend on it.</param>
    /// <param name="f">The quantity of one history (x, t_x, T).</param>
    public static void Evaluate(ReadOnlySpan<double> xs, ReadOnlySpan<double> recencies, ReadOnlySpan<double> ts, Span<double> destination,
        int maxDegreeOfParallelism, Func<double, double, double, double> f)
    {
        int n = destination.Length;
        if (n == 0) return;
        var indexOf = new Dictionary<History, int>(Math.Min(n, 1 << 16));
        var map = new int[n];
        var distinct = new History[n];
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            var key = new History(xs[i], recencies[i], ts[i]);
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(indexOf, key, out bool found);
            if (!found)
            {
                slot = count;
                distinct[count++] = key;
            }
            map[i] = slot;
        }
        var values = new double[count];
        int blocks = (count + BlockSize - 1) / BlockSize;
        void Block(int k)
        {
            int start = k * BlockSize, end = Math.Min(start + BlockSize, count);
            for (int u = start; u < end; u++)
            {
                var h = distinct[u];
                values[u] = f(h.X, h.Recency, h.T);
            }
        }
        if (blocks > 1 && maxDegreeOfParallelism != 1)
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, Block);
        else
            for (int k = 0; k < blocks; k++) Block(k);
        for (int i = 0; i < n; i++) destination[i] = values[map[i]];
    }

    /// <summary>One customer's (x, t_x, T); equal as doubles are (so −0 = +0, which give the same value).</summary>
    private readonly record struct History(double X, double Recency, double T);
}
