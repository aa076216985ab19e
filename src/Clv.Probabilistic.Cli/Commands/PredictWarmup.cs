using Clv.Probabilistic.Data;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// Compiles the code of a streamed <c>clv predict</c> (<see cref="StreamedPredictionWarmup"/>) and the call that puts its
/// output in place (<see cref="Clv.Probabilistic.Persistence.FileExchange.Prepare"/>) on a thread of its own, started first thing in
/// <see cref="Program.Main"/>, while the command line and model files are read on the main thread (≈ 60 ms, one core);
/// the command waits for it once the model files are read, before it starts threads of its own, so that no more
/// threads than cores are ever running.
/// Nothing is written anywhere, and a failure here changes nothing (the command then pays the first use itself).
/// </summary>
internal static class PredictWarmup
{
    private static Thread? _thread;

    /// <summary>Starts the warm-up and returns at once.</summary>
    public static void Start()
    {
        _thread = new Thread(static () => Run()) { IsBackground = true, Name = "clv predict warm-up" };
        _thread.Start();
    }

    /// <summary>Waits for a warm-up started by <see cref="Start"/>; returns at once when none was.</summary>
    public static void Wait() => _thread?.Join();

    /// <summary>
    /// Waits for the warm-up, then advises the heap (<see cref="FreshMemory.AdviseHeap"/>) for a prediction that reads
    /// whole files into large arrays; a streamed prediction's few buffers do not need it, so it is not part of the
    /// warm-up, whose length the streamed prediction waits for. Only in the tool's own process (where
    /// <see cref="Program.Main"/> started the warm-up): a host that runs the command in-process keeps its heap as it is.
    /// </summary>
    public static void WaitForWholeFiles()
    {
        if (_thread is null) return;
        Wait();
        FreshMemory.AdviseHeap();
    }

    /// <summary>The warm-up itself; false if it failed.</summary>
    internal static bool Run()
    {
        try
        {
            StreamedPredictionWarmup.Run();
            Clv.Probabilistic.Persistence.FileExchange.Prepare();
            return true;
        }
#pragma warning disable CA1031 // a warm-up must never fail the command; the real use reports any real failure
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
