using System.Globalization;
using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// Nanoseconds per number of the runtime's <c>TryFormat(…, "R", InvariantCulture)</c> against <see cref="ShortestDouble"/>
/// on the numbers CSVs hold: <c>predictions</c> (E[Y] over 30 days, P(alive), E[spend], 12-month CLV of simulated
/// BG/NBD + Gamma-Gamma customers, as <c>clv predict --spend-model</c> writes them) and <c>summaries</c> (frequency,
/// recency, T in whole days and mean spend, as <c>clv summarize</c> writes them).
/// </summary>
public class ShortestDoubleBenchmarks
{
    private const int Customers = 25_000;
    private double[] _values = null!;
    private readonly byte[] _text = new byte[32];

    [Params("predictions", "summaries")]
    public string Mix { get; set; } = "predictions";

    [GlobalSetup]
    public void Setup()
    {
        var summary = SummaryCsvData.Create(Customers);
        if (Mix == "summaries")
        {
            _values = Enumerable.Range(0, Customers).SelectMany(i => new[] { summary.Frequency[i], summary.Recency[i], summary.T[i], summary.MonetaryValue[i] }).ToArray();
            return;
        }
        var purchases = new Models.BgNbd.BgNbdModel(BgNbdSyntheticData.DailyParameters, TimeUnit.Days);
        var spend = new Models.GammaGamma.GammaGammaSpendModel(SpendData.Parameters);
        var p = CustomerPredictions.Compute(purchases, summary, 30, spend: spend, valuation: ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01), margin: 1));
        _values = new double[4 * Customers];
        for (int i = 0; i < Customers; i++)
        {
            _values[4 * i] = p.ExpectedPurchases[i];
            _values[4 * i + 1] = p.ProbabilityAlive[i];
            _values[4 * i + 2] = p.ExpectedSpend[i];
            _values[4 * i + 3] = p.Clv[i];
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 4 * Customers)]
    public int Runtime()
    {
        int total = 0;
        foreach (double value in _values)
        {
            value.TryFormat(_text, out int written, "R", CultureInfo.InvariantCulture);
            total += written;
        }
        return total;
    }

    [Benchmark(OperationsPerInvoke = 4 * Customers)]
    public int Shortest()
    {
        int total = 0;
        foreach (double value in _values)
        {
            ShortestDouble.TryFormat(value, _text, out int written);
            total += written;
        }
        return total;
    }

    /// <summary>The numbers appended to a CSV row block as the predictions and summaries writers append them.</summary>
    [Benchmark(OperationsPerInvoke = 4 * Customers)]
    public int CsvLine()
    {
        var line = _line;
        int total = 0;
        for (int i = 0; i < _values.Length; i += 4)
        {
            if ((i & 1023) == 0)
            {
                total += line.Length;
                line.Start(_block);
            }
            line.Number(_values[i]);
            line.Number(_values[i + 1]);
            line.Number(_values[i + 2]);
            line.Number(_values[i + 3]);
            line.NewLine();
        }
        return total + line.Length;
    }

    private readonly CsvLine _line = new();
    private readonly byte[] _block = new byte[1 << 16];
}

/// <summary>
/// <c>sweep-shortest COUNT [SEED]</c>: compares <see cref="ShortestDouble"/> with the runtime's "R" text on COUNT random
/// bit patterns (on every processor) and on every power of two, and counts the values handed to the runtime; the
/// offline counterpart of the unit tests' 2·10^7 patterns (docs/performance.md).
/// </summary>
internal static class ShortestDoubleSweep
{
    public const string Command = "sweep-shortest";

    public static void Run(string[] args)
    {
        if (args.Length is < 2 or > 3) throw new ArgumentException($"usage: {Command} COUNT [SEED]");
        long count = long.Parse(args[1], CultureInfo.InvariantCulture);
        int seed = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        const int Blocks = 1024;
        long perBlock = count / Blocks, mismatches = 0, fallbacks = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, Blocks, () => (Mismatches: 0L, Fallbacks: 0L), (block, _, local) =>
        {
            var random = new Random(HashCode.Combine(seed, block));
            var own = new byte[ShortestDouble.Room];
            var runtime = new byte[64];
            for (long i = 0; i < perBlock; i++)
            {
                double value = BitConverter.UInt64BitsToDouble((ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63));
                var (mismatch, fallback) = Compare(value, own, runtime);
                local.Mismatches += mismatch ? 1 : 0;
                local.Fallbacks += fallback ? 1 : 0;
            }
            return local;
        }, local =>
        {
            Interlocked.Add(ref mismatches, local.Mismatches);
            Interlocked.Add(ref fallbacks, local.Fallbacks);
        });
        Console.WriteLine($"{perBlock * Blocks} random bit patterns (seed {seed}): {mismatches} different, {fallbacks} finite values formatted by the runtime, {clock.Elapsed.TotalSeconds:F1} s");

        long powerMismatches = 0, powerFallbacks = 0, powers = 0;
        var ownText = new byte[ShortestDouble.Room];
        var runtimeText = new byte[64];
        for (int e = -1074; e <= 1023; e++)
            foreach (double value in new[] { Math.ScaleB(1.0, e), -Math.ScaleB(1.0, e) })
            {
                var (mismatch, fallback) = Compare(value, ownText, runtimeText);
                powers++;
                powerMismatches += mismatch ? 1 : 0;
                powerFallbacks += fallback ? 1 : 0;
            }
        Console.WriteLine($"{powers} powers of two (both signs): {powerMismatches} different, {powerFallbacks} formatted by the runtime");
        if (mismatches + powerMismatches > 0) Environment.ExitCode = 1;
    }

    private static (bool Mismatch, bool Fallback) Compare(double value, byte[] own, byte[] runtime)
    {
        bool fallback = ShortestDouble.FormatOwn(value, own) < 0 && double.IsFinite(value);
        ShortestDouble.TryFormat(value, own, out int written);
        value.TryFormat(runtime, out int expected, "R", CultureInfo.InvariantCulture);
        bool mismatch = !own.AsSpan(0, written).SequenceEqual(runtime.AsSpan(0, expected));
        if (mismatch) Console.WriteLine($"0x{BitConverter.DoubleToUInt64Bits(value):X16}: runtime {System.Text.Encoding.ASCII.GetString(runtime, 0, expected)}, ours {System.Text.Encoding.ASCII.GetString(own, 0, written)}");
        return (mismatch, fallback);
    }
}
