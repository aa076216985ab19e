using System.Runtime.Intrinsics;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// Compiles ahead the code <see cref="StreamedPredictions"/> compiles at first use (its loops are compiled at run time,
/// see <see cref="ShortestDouble.FormatOwn(double, Span{byte})"/>): the block reader's row parser and number reader, the
/// row formatter with its shortest round-trip numbers, and the vector logarithm and exponential of the models' kernels.
/// Run on a spare core while a command reads its command line and model files, their first block then costs what every
/// other block costs instead of ≈ 40 ms more on the command's critical path.
/// </summary>
internal static class StreamedPredictionWarmup
{
    /// <summary>
    /// A summary file of four rows of the plain form (<see cref="PlainSummaryLine"/>), with whole and decimal numbers; a
    /// file with lines of other forms compiles the general reading when it first meets one.
    /// </summary>
    private static ReadOnlySpan<byte> Summary =>
        "customer_id,frequency,recency,T,monetary_value\n1,2,3.5,10,4.25\nb,0,0,7,0\nc,1,2.25,8.5,12\n4,3,6,9,1.5\n"u8;

    /// <summary>Reads, checks and formats the made-up summary; returns the predictions-like text it formatted.</summary>
    public static byte[] Run()
    {
        using var stream = new MemoryStream(Summary.ToArray(), writable: false);
        var reader = new SummaryBlockReader(stream, "warm-up", fields: SummaryFields.All);
        var block = new SummaryBlock(4);
        reader.Read(block);
        var summary = block.Summary(reader.Layout, TimeUnit.Days);
        var text = new CsvLine();
        text.Start(new byte[1 << 10]);
        var kernels = Kernels(Vector256.Create(0.5, 1.5, 2.5, 3.5));
        for (int i = 0; i < summary.Count; i++)
        {
            text.Id(summary, i);
            text.Number(summary.Frequency[i] + kernels[i]);
            text.Number(summary.Recency[i] / summary.T[i]);
            text.NewLine();
        }
        return text.Bytes.ToArray();
    }

    /// <summary>e^−x + ln x: the vector functions, apart, so that the rest is compiled ahead of time (a method using 256-bit vectors is not).</summary>
    private static Vector256<double> Kernels(Vector256<double> x) => Vector256.Exp(-x) + Vector256.Log(x);
}
