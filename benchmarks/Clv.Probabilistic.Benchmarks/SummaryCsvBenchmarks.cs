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

    private readonly Models.ModelDefinition _bgNbd = Models.ModelRegistry.Find("bgnbd")!;

    [Benchmark]
    public RfmSummary Read() => RfmSummaryCsv.Read(new MemoryStream(_bytes, writable: false), TimeUnit.Days);

    /// <summary>What <c>clv fit --model bgnbd</c> does before fitting: read, then merge and group the rows.</summary>
    [Benchmark]
    public Models.ModelData ReadAndPrepareBgNbd() => _bgNbd.Prepare(RfmSummaryCsv.Read(new MemoryStream(_bytes, writable: false), TimeUnit.Days));
}

/// <summary>
/// Writing 10^6 summary rows (ids and four numbers in shortest round-trip form) as <c>clv summarize</c> and
/// <c>clv predict</c> do, on one processor or on every one (<see cref="CsvRows"/>); the ids are those of a summary read
/// from a file, still held as UTF-8 bytes.
/// </summary>
[MemoryDiagnoser]
public class CsvWriteBenchmarks
{
    private RfmSummary _summary = null!;

    [Params(1, 2)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup() => _summary = RfmSummaryCsv.Read(new MemoryStream(SummaryCsvData.CreateBytes(1_000_000), writable: false), TimeUnit.Days);

    [Benchmark]
    public void WriteSummaryRows()
    {
        var s = _summary;
        CsvRows.Write(Stream.Null, "customer_id,frequency,recency,T,monetary_value", s.Count, (line, i) =>
        {
            line.Id(s, i);
            line.Number(s.Frequency[i]);
            line.Number(s.Recency[i]);
            line.Number(s.T[i]);
            line.Number(s.MonetaryValue[i]);
            line.NewLine();
        }, Workers);
    }
}

/// <summary>
/// What <c>clv fit --model gamma-gamma</c> and <c>clv predict --spend-model</c> do with a summary read from a file
/// (ids kept as UTF-8 bytes, never decoded by these calls): prepare the Gamma-Gamma data; value 10^6 customers over
/// 12 months at 1% a month.
/// </summary>
[MemoryDiagnoser]
public class FileSummaryValuationBenchmarks
{
    private RfmSummary _summary = null!;
    private Models.ModelDefinition _gammaGamma = null!;
    private Models.IPurchaseModel _purchases = null!;
    private Models.ISpendModel _spend = null!;
    private Valuation.ClvOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _summary = RfmSummaryCsv.Read(new MemoryStream(SummaryCsvData.CreateBytes(1_000_000), writable: false), TimeUnit.Days);
        _gammaGamma = Models.ModelRegistry.Find("gamma-gamma")!;
        _purchases = new Models.BgNbd.BgNbdModel(BgNbdSyntheticData.DailyParameters, TimeUnit.Days);
        _spend = new Models.GammaGamma.GammaGammaSpendModel(SpendData.Parameters);
        _options = Valuation.ClvOptions.Monthly(12, Valuation.DiscountRate.PerMonth(0.01), margin: 1);
    }

    [Benchmark]
    public Models.ModelData PrepareGammaGamma() => _gammaGamma.Prepare(_summary);

    [Benchmark]
    public double Clv12Months() => Valuation.CustomerLifetimeValue.Compute(_purchases, _spend, _summary, _options).Total;
}
