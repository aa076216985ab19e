using BenchmarkDotNet.Running;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project benchmarks/Clv.Probabilistic.Benchmarks -- --filter '*'</c>, or
/// <c>-- write-summary PATH [CUSTOMERS]</c> to write the simulated summary CSV behind the <c>clv fit</c> and
/// <c>clv predict</c> timings, or <c>-- write-transactions PATH</c> for the 10^7-transaction log behind <c>clv summarize</c>'s
/// (benchmarks/whole-process.sh writes both and times the commands), or <c>-- sweep-shortest COUNT [SEED]</c> to compare
/// the shortest double formatter with the runtime on COUNT random doubles.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == SummaryCsvData.Command)
        {
            SummaryCsvData.WriteFile(args);
            return;
        }
        if (args.Length > 0 && args[0] == SummarizeBenchmarks.WriteCommand)
        {
            SummarizeBenchmarks.WriteFile(args);
            return;
        }
        if (args.Length > 0 && args[0] == ShortestDoubleSweep.Command)
        {
            ShortestDoubleSweep.Run(args);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
