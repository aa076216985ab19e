using System.Text;
using Clv.Probabilistic.Cli.Commands;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>
/// The warm-up of a streamed <c>clv predict</c> runs the code it is meant to compile to its end: it reads all four rows
/// of its made-up summary (whole and decimal numbers) and formats them. (That it changes no output is what every
/// predict command test checks; the process tests run it on its own thread.)
/// </summary>
public class PredictWarmupTests
{
    [Fact]
    public void TheWarmUpCompletes() => Assert.True(PredictWarmup.Run());

    [Fact]
    public void TheWarmUpReadsAndFormatsEveryRow()
    {
        string text = Encoding.UTF8.GetString(StreamedPredictionWarmup.Run());
        string[] rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["1", "b", "c", "4"], rows.Select(row => row.Split(',')[0]));
        // Frequency plus e^-x + ln x at x = 0.5, 1.5, 2.5, 3.5, and recency over T.
        double[] x = [0.5, 1.5, 2.5, 3.5];
        double[] frequency = [2, 0, 1, 3], recency = [3.5, 0, 2.25, 6], age = [10, 7, 8.5, 9];
        for (int i = 0; i < rows.Length; i++)
        {
            string[] fields = rows[i].Split(',');
            Assert.Equal(frequency[i] + Math.Exp(-x[i]) + Math.Log(x[i]), double.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), 1e-14);
            Assert.Equal((recency[i] / age[i]).ToString("R", System.Globalization.CultureInfo.InvariantCulture), fields[2]);
        }
    }
}
