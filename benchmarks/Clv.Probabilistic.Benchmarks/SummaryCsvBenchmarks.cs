using System.Globalization;
using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// The summary CSV that <c>clv fit</c> is timed on: BG/NBD customers in whole days (<see cref="BgNbdSyntheticData"/>,
/// T uniform on 1..730) with Gamma-Gamma mean spend, in the columns <c>clv summarize</c> writes
/// (<c>customer_id,frequency,recency,T,monetary_value</c>).
/// </summary>
internal static class SummaryCsvData
{
    public const string Command = "write-summary";

    public static RfmSummary Create(int customers) =>
        SpendData.WithSimulatedSpend(BgNbdSyntheticData.Create(customers, wholeDays: true), seed: 42);

    public static byte[] CreateBytes(int customers)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, leaveOpen: true)) RfmSummaryCsv.Write(Create(customers), writer);
        return stream.ToArray();
    }

    /// <summary><c>write-summary PATH [CUSTOMERS]</c> (default 10^6 customers).</summary>
    public static void WriteFile(string[] args)
    {
        if (args.Length is < 2 or > 3) throw new ArgumentException($"usage: {Command} PATH [CUSTOMERS]");
        int customers = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
        RfmSummaryCsv.Write(Create(customers), args[1]);
        Console.WriteLine($"Wrote {customers} simulated customers (days) to {args[1]}.");
    }
}

/// <summary>Reading a summary CSV from memory: line splitting, number parsing, ids and validation.</summary>
[MemoryDiagnoser]
public class SummaryCsvReadBenchmarks
{
    private byte[] _bytes = null!;

    [Params(1_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup() => _bytes = SummaryCsvData.CreateBytes(Customers);

    [Benchmark]
    public RfmSummary Read() => RfmSummaryCsv.Read(new MemoryStream(_bytes, writable: false), TimeUnit.Days);
}
