using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Clv.Probabilistic.Inference.Sampling;
using Spectre.Console;

namespace Clv.Probabilistic.Cli;

/// <summary>
/// Progress of a NUTS run on standard error: a Spectre.Console progress bar with elapsed time and ETA when standard error
/// is a terminal; otherwise plain lines (no carriage returns) at the start, every tenth of the iterations and at the end.
/// </summary>
internal sealed class SamplerProgress(int chains, int perChain) : IProgress<NutsProgress>
{
    private readonly int[] _done = new int[chains];
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = new();
    private int _shownTenth = -1;
    private ProgressTask? _task;

    private long All => (long)chains * perChain;

    /// <summary>Runs <paramref name="work"/> (the fit) while showing the progress.</summary>
    public T Run<T>(Func<T> work)
    {
        _clock.Start();
        if (!Console.IsErrorRedirected) return RunDrawn(work);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"NUTS: {chains} chains × {perChain} iterations (warm-up, then draws) ..."));
        var result = work();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"NUTS: {All}/{All} iterations done in {Seconds(_clock.Elapsed)}"));
        return result;
    }

    /// <summary>The bar, kept out of <see cref="Run{T}"/> so that a redirected run never loads Spectre.Console's live view.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private T RunDrawn<T>(Func<T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                lock (_gate) _task = context.AddTask("NUTS warm-up", maxValue: All);
                result = work();
                _task.Value = All;
            });
        return result;
    }

    public void Report(NutsProgress value)
    {
        lock (_gate)
        {
            _done[value.Chain] = value.Iteration;
            long total = _done.Sum();
            string phase = value.IsWarmup ? "warm-up" : "sampling";
            if (_task is { } task)
            {
                task.Value = total;
                task.Description = string.Create(CultureInfo.InvariantCulture, $"NUTS {phase}, divergences {value.Divergences}");
                return;
            }
            int tenth = (int)(10 * total / All);
            if (tenth == _shownTenth || tenth >= 10) return;
            _shownTenth = tenth;
            var elapsed = _clock.Elapsed;
            string eta = total > 0 ? ", ETA " + Seconds(elapsed * ((double)(All - total) / total)) : "";
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"NUTS: {total}/{All} iterations ({100.0 * total / All:0}%), {phase}, divergences {value.Divergences}, elapsed {Seconds(elapsed)}{eta}"));
        }
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
