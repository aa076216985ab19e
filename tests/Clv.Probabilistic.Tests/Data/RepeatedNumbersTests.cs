using System.Globalization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

public class RepeatedNumbersTests
{
    [Fact]
    public void RepeatedValuesGiveTheTextOfFormattingEachAgain()
    {
        var random = new Random(7);
        double[] special = [0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon,
            double.MaxValue, -double.MinValue, 1e-308, -1.2345678901234567E-300, 1.0 / 7, 1e21, 123456789012345680000.0];
        // Few distinct values (as frequencies and durations over 7 days are), many more than the table holds, and the specials, mixed.
        var values = Enumerable.Range(0, 20_000).Select(i => (i % 3) switch
        {
            0 => random.Next(800) / 7.0,
            1 => random.NextDouble() * Math.Pow(10, random.Next(-30, 30)),
            _ => special[random.Next(special.Length)],
        }).ToArray();
        var numbers = new RepeatedNumbers();
        var buffer = new byte[64];
        foreach (double value in values)
        {
            Assert.True(numbers.TryFormat(value, buffer, out int written));
            Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), System.Text.Encoding.ASCII.GetString(buffer, 0, written));
        }
        Assert.False(numbers.TryFormat(1.0 / 7, new byte[3], out _)); // remembered, but does not fit
        Assert.False(numbers.TryFormat(2.0 / 7, new byte[3], out _));
    }

    [Fact]
    public void ASummaryIsWrittenAsWithoutRemembering()
    {
        var s = new RfmSummary(["a", "b", "c", "d"], [0, 2, 2, 0], [0, 3 / 7.0, 3 / 7.0, 0], [10 / 7.0, 10 / 7.0, 123456.78901234567, 10 / 7.0],
            [0, 1.5, 2.5, 0], TimeUnit.Weeks);
        var text = new StringWriter();
        RfmSummaryCsv.Write(s, text);
        var expected = "customer_id,frequency,recency,T,monetary_value\n" + string.Concat(Enumerable.Range(0, 4).Select(i =>
            string.Join(",", s.CustomerIds[i], s.Frequency[i].ToString("R", CultureInfo.InvariantCulture), s.Recency[i].ToString("R", CultureInfo.InvariantCulture),
                s.T[i].ToString("R", CultureInfo.InvariantCulture), s.MonetaryValue[i].ToString("R", CultureInfo.InvariantCulture)) + "\n"));
        Assert.Equal(expected, text.ToString());
    }
}
