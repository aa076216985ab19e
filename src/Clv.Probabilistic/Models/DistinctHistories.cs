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
        var groups = Group(xs, recencies, ts);
        int count = groups.Count;
        var values = new double[count];
        int blocks = (count + BlockSize - 1) / BlockSize;
        void Block(int k)
        {
            int start = k * BlockSize, end = Math.Min(start + BlockSize, count);
            for (int u = start; u < end; u++) values[u] = f(groups.X[u], groups.Recency[u], groups.T[u]);
        }
        if (blocks > 1 && maxDegreeOfParallelism != 1)
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, Block);
        else
            for (int k = 0; k < blocks; k++) Block(k);
        groups.Scatter(values, destination);
    }

    /// <summary>The distinct histories of the rows, in order of first appearance, and each row's history.</summary>
    public static Grouping Group(ReadOnlySpan<double> xs, ReadOnlySpan<double> recencies, ReadOnlySpan<double> ts)
    {
        int n = xs.Length;
        var indexOf = new Dictionary<History, int>(Math.Min(n, 1 << 16));
        var map = new int[n];
        var first = new List<int>();
        for (int i = 0; i < n; i++)
        {
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(indexOf, new History(xs[i], recencies[i], ts[i]), out bool found);
            if (!found)
            {
                slot = first.Count;
                first.Add(i);
            }
            map[i] = slot;
        }
        int count = first.Count;
        double[] x = new double[count], recency = new double[count], t = new double[count];
        for (int u = 0; u < count; u++)
        {
            int i = first[u];
            x[u] = xs[i];
            recency[u] = recencies[i];
            t[u] = ts[i];
        }
        return new Grouping(map, first.ToArray(), x, recency, t);
    }

    /// <summary>Distinct histories (x, t_x, T) of a set of rows.</summary>
    /// <param name="Map">The history of each row.</param>
    /// <param name="FirstRow">The first row of each history.</param>
    /// <param name="X">x of each history.</param>
    /// <param name="Recency">t_x of each history.</param>
    /// <param name="T">T of each history.</param>
    public sealed record Grouping(int[] Map, int[] FirstRow, double[] X, double[] Recency, double[] T)
    {
        /// <summary>Number of distinct histories.</summary>
        public int Count => X.Length;

        /// <summary>destination[i] = perHistory[history of row i].</summary>
        public void Scatter(ReadOnlySpan<double> perHistory, Span<double> destination)
        {
            for (int i = 0; i < destination.Length; i++) destination[i] = perHistory[Map[i]];
        }
    }

    /// <summary>One customer's (x, t_x, T); equal as doubles are (so −0 = +0, which give the same value).</summary>
    private readonly record struct History(double X, double Recency, double T);
}
