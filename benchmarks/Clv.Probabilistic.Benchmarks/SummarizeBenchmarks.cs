using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// Summarising 10 million transactions of 1 million customers (synthetic, seed 20260101): from a log in memory, from
/// in-memory columns (interning the ids), and from a CSV file written to a temporary folder in setup.
/// </summary>
[MemoryDiagnoser]
public class SummarizeBenchmarks
{
    private const int Customers = 1_000_000;
    private const int Transactions = 10_000_000;
    private static readonly DateOnly Start = new(2020, 1, 1);
    private static readonly SummaryOptions Options = new(Start.AddDays(729), TimeUnit.Weeks);

    private string[] _ids = [];
    private string[] _customerNames = [];
    private int[] _customerIndices = [];
    private DateOnly[] _dates = [];
    private double[] _amounts = [];
    private TransactionLog? _log;
    private string _folder = "";
    private string _csv = "";

    [GlobalSetup]
    public void Setup()
    {
        (_customerNames, _customerIndices, _dates, _amounts) = Generate(20260101);
        _ids = new string[Transactions];
        for (int i = 0; i < Transactions; i++) _ids[i] = _customerNames[_customerIndices[i]];
        _log = TransactionLog.FromArrays(_ids, _dates, _amounts);
        _folder = Directory.CreateTempSubdirectory("clv-bench-").FullName;
        _csv = Path.Combine(_folder, "transactions.csv");
        WriteCsv(_csv, _ids, _dates, _amounts);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Directory.Delete(_folder, recursive: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// Peak working set of the benchmark process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB"));
    }

    // The machine is shared, so wall time depends on other load; process CPU time per iteration is reported as well.
    private TimeSpan _cpuAtStart;

    [IterationSetup]
    public void StartCpuClock() => _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;

    [IterationCleanup]
    public void StopCpuClock() => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"// CPU time of the iteration: {(Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart).TotalSeconds:F3} s"));

    [Benchmark(Description = "Summarize a TransactionLog in memory")]
    public RfmSummary SummarizeLog() => RfmSummarizer.Summarize(_log!, Options);

    [Benchmark(Description = "FromIndexedArrays + Summarize")]
    public RfmSummary FromIndexedArraysAndSummarize() =>
        RfmSummarizer.Summarize(TransactionLog.FromIndexedArrays(_customerNames, _customerIndices, _dates, _amounts), Options);

    [Benchmark(Description = "FromArrays (string ids) + Summarize")]
    public RfmSummary FromArraysAndSummarize() => RfmSummarizer.Summarize(TransactionLog.FromArrays(_ids, _dates, _amounts), Options);

    [Benchmark(Description = "Read CSV (10M lines) + Summarize")]
    public RfmSummary ReadCsvAndSummarize() => RfmSummarizer.Summarize(TransactionLogReader.Read(_csv), Options);

    [Benchmark(Description = "Read CSV (10M lines), a stretch per processor")]
    public TransactionLog ReadCsv() => TransactionLogReader.Read(_csv);

    [Benchmark(Description = "Read CSV (10M lines), one stretch")]
    public TransactionLog ReadCsvOneStretch()
    {
        using var stream = new FileStream(_csv, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return TransactionLogReader.Read(stream, null, _csv, stretches: 1);
    }

    /// <summary>
    /// Every customer buys once, then 9 million more purchases fall on customers uniformly at random; dates are uniform
    /// over two years and the rows are in date order, as in a real log.
    /// </summary>
    public static (string[] Names, int[] CustomerIndices, DateOnly[] Dates, double[] Amounts) Generate(int seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var names = new string[Customers];
        for (int c = 0; c < Customers; c++) names[c] = "C" + c.ToString("D7", CultureInfo.InvariantCulture);
        var days = new int[Transactions];
        var customer = new int[Transactions];
        for (int i = 0; i < Transactions; i++)
        {
            customer[i] = i < Customers ? i : random.Next(Customers);
            days[i] = random.Next(730);
        }
        Array.Sort(days, customer);
        var dates = new DateOnly[Transactions];
        var amounts = new double[Transactions];
        for (int i = 0; i < Transactions; i++)
        {
            dates[i] = Start.AddDays(days[i]);
            amounts[i] = Math.Round(5 + 95 * random.NextDouble(), 2);
        }
        return (names, customer, dates, amounts);
    }

    public const string WriteCommand = "write-transactions";

    /// <summary><c>write-transactions PATH</c>: the benchmark's 10^7 transactions (seed 20260101) as a CSV file.</summary>
    public static void WriteFile(string[] args)
    {
        if (args.Length != 2) throw new ArgumentException($"usage: {WriteCommand} PATH");
        var (names, customers, dates, amounts) = Generate(20260101);
        var ids = new string[Transactions];
        for (int i = 0; i < Transactions; i++) ids[i] = names[customers[i]];
        WriteCsv(args[1], ids, dates, amounts);
        Console.WriteLine($"Wrote {Transactions} simulated transactions of {Customers} customers to {args[1]}.");
    }

    public static void WriteCsv(string path, string[] ids, DateOnly[] dates, double[] amounts)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("customer_id,date,amount\n");
        for (int i = 0; i < ids.Length; i++)
        {
            writer.Write(ids[i]);
            writer.Write(',');
            writer.Write(dates[i].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(amounts[i].ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }
}
