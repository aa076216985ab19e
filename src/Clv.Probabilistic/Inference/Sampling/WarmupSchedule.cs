using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>
/// Stan's warm-up schedule: a fast initial buffer (step size only), slow windows of doubling length in which the
/// mass matrix is estimated, and a fast terminal buffer. The last window stretches to the terminal buffer.
/// Window boundaries agree with Stan's windowed adaptation for every warm-up length.
/// </summary>
/// <remarks>
/// Stan Reference Manual, "HMC algorithm parameters", "Automatic parameter tuning": defaults 75 / 25 / 50; when they
/// do not fit the warm-up they become 15% / 75% / 10% of it; below 20 iterations only the step size is adapted.
/// </remarks>
internal sealed class WarmupSchedule
{
    public WarmupSchedule(int warmup, int initialBuffer, int terminalBuffer, int baseWindow)
    {
        var ends = new List<int>();
        if (warmup >= 20)
        {
            if (initialBuffer + terminalBuffer + baseWindow > warmup)
            {
                initialBuffer = (int)(0.15 * warmup);
                terminalBuffer = (int)(0.1 * warmup);
                baseWindow = warmup - initialBuffer - terminalBuffer;
            }
            int last = warmup - terminalBuffer;
            int start = initialBuffer, size = baseWindow;
            while (start < last)
            {
                // A later window that would leave less than twice its size before the terminal buffer absorbs the
                // rest; the first window is never stretched.
                int end = start + size;
                if (end > last || (ends.Count > 0 && end + 2 * size > last)) end = last;
                ends.Add(end);
                start = end;
                size *= 2;
            }
            SlowStart = initialBuffer;
            SlowEnd = last;
        }
        WindowEnds = ends;
    }

    /// <summary>First iteration (0-based) whose draw enters the mass-matrix estimate.</summary>
    public int SlowStart { get; }

    /// <summary>One past the last iteration whose draw enters the estimate.</summary>
    public int SlowEnd { get; }

    /// <summary>Iteration counts after which a window closes and the mass matrix is updated.</summary>
    public IReadOnlyList<int> WindowEnds { get; }

    /// <summary>Whether the draw of 0-based iteration <paramref name="iteration"/> enters the estimate.</summary>
    public bool InSlowWindow(int iteration) => iteration >= SlowStart && iteration < SlowEnd;

    /// <summary>Whether a window closes after 0-based iteration <paramref name="iteration"/>.</summary>
    public bool ClosesWindow(int iteration)
    {
        foreach (int end in WindowEnds)
            if (end == iteration + 1) return true;
        return false;
    }
}
