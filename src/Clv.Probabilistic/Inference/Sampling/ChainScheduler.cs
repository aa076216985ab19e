using System.Runtime.ExceptionServices;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>
/// Runs the chains of a sampler on threads of their own and shares the cores between the chains and their gradients.
/// </summary>
/// <remarks>
/// Every chain gets its own thread, so all chains advance together and finish together: the thread pool, given four
/// long CPU-bound chains on two cores, would run two or three and leave the rest waiting. While at least as many chains
/// run as there are cores, a chain's gradient (<see cref="IParallelLogDensity"/>) is kept to one thread, since each
/// core is already busy and a parallel gradient would only add synchronisation; once chains finish, the remaining ones
/// share the idle cores. The thread limits change the timing only: each chain's draws depend on its seed alone.
/// With <see cref="NutsOptions.MaxDegreeOfParallelism"/> = k, k threads take the chains in order.
/// </remarks>
internal sealed class ChainScheduler(NutsOptions options, int cores)
{
    private int _running;

    /// <summary>Runs <paramref name="chain"/> for every chain index; rethrows the first failure by chain index.</summary>
    /// <param name="densities">The chains' densities.</param>
    /// <param name="chain">Runs one chain: index, density, cancellation, and the hook to call before each iteration.</param>
    public void Run(ILogDensity[] densities, Action<int, ILogDensity, CancellationToken, Action?> chain)
    {
        int count = densities.Length;
        int workers = options.MaxDegreeOfParallelism == -1 ? count : Math.Min(count, options.MaxDegreeOfParallelism);
        var failures = new Exception?[count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        int next = -1;

        void Work()
        {
            int c;
            while ((c = Interlocked.Increment(ref next)) < count && !stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _running);
                var density = densities[c];
                Action? limit = density is IParallelLogDensity parallel ? () => parallel.MaxDegreeOfParallelism = ThreadsPerChain() : null;
                try
                {
                    chain(c, density, stop.Token, limit);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Stopped by the caller or by another chain's failure; reported below.
                }
                catch (Exception e)
                {
                    failures[c] = e;
                    stop.Cancel();
                }
                finally
                {
                    Interlocked.Decrement(ref _running);
                }
            }
        }

        var threads = new Thread[workers - 1];
        for (int w = 0; w < threads.Length; w++)
        {
            threads[w] = new Thread(Work) { IsBackground = true, Name = $"NUTS chain worker {w + 1}" };
            threads[w].Start();
        }
        Work();
        foreach (var thread in threads) thread.Join();

        foreach (var failure in failures)
            if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
        options.CancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Threads for one chain's gradient: one while the chains fill the cores, a share of them afterwards.</summary>
    private int ThreadsPerChain() => ThreadsPerChain(Volatile.Read(ref _running), cores);

    internal static int ThreadsPerChain(int running, int cores)
    {
        running = Math.Max(1, running);
        return running >= cores ? 1 : cores / running;
    }
}
