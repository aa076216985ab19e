using System.Runtime.ExceptionServices;

namespace Clv.Probabilistic.Models;

/// <summary>
/// Runs work over rows [0, n) in fixed blocks, in parallel up to a thread limit: the blocks depend on n and the block
/// length alone, never on the number of threads, so work that is a function of its block gives the same bits for any
/// thread count.
/// </summary>
internal static class RowBlocks
{
    /// <summary>
    /// Rows per block of per-customer passes: a multiple of four (four-row kernels see the same groups of four in a block
    /// as in the whole summary), small enough that a million rows make about sixty blocks for any number of cores, large
    /// enough that a block's scheduling costs nothing beside its work.
    /// </summary>
    public const int DefaultLength = 1 << 14;

    /// <summary>Runs <paramref name="body"/>(start, end) for each block of <paramref name="length"/> rows of [0, n).</summary>
    /// <param name="n">Number of rows.</param>
    /// <param name="length">Rows per block (the last block may be shorter).</param>
    /// <param name="maxDegreeOfParallelism">Thread limit (−1: none).</param>
    /// <param name="body">The work of rows [start, end).</param>
    /// <exception cref="Exception">The first exception of the lowest failing block (not an <see cref="AggregateException"/>).</exception>
    public static void For(int n, int length, int maxDegreeOfParallelism, Action<int, int> body)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        int blocks = (int)(((long)n + length - 1) / length);
        if (blocks <= 1 || maxDegreeOfParallelism == 1)
        {
            for (int b = 0; b < blocks; b++) body(b * length, (int)Math.Min(n, (long)(b + 1) * length));
            return;
        }
        var failures = new Exception?[blocks];
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, b =>
        {
            try
            {
                body(b * length, (int)Math.Min(n, (long)(b + 1) * length));
            }
#pragma warning disable CA1031 // rethrown below: the lowest block's, as a loop over the blocks in order would throw
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures[b] = e;
            }
        });
        foreach (var failure in failures)
            if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
    }
}
