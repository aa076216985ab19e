using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>
/// Lines of the plain form are read in one pass (<see cref="PlainSummaryLine"/>); every other line by the general
/// reading. Random files that mix plain lines with every kind of odd one (quotes, blanks, signs, exponents, long
/// numbers, empty and missing fields, bad values, blank lines, CRLF, a last line without a break) read to the same ids,
/// the same bits of every column and the same row places, or fail with the same error, as when every line goes to the
/// general reading; whole files and blocks, with the monetary value kept or only checked.
/// </summary>
public class PlainSummaryLineTests
{
    private static readonly string[] Headers =
    [
        "customer_id,frequency,recency,T,monetary_value",
        "customer_id,frequency,recency,T",
        "T,recency,segment,customer_id,frequency,monetary_value,weight",
        "frequency,customer_id,recency,T,monetary_value,note",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomFilesReadAsTheGeneralReadingReadsThem(int seed)
    {
        var random = new Random(seed);
        int failures = 0, files = 120;
        for (int file = 0; file < files; file++)
        {
            byte[] text = Encoding.UTF8.GetBytes(RandomFile(random));
            foreach (var fields in new[] { SummaryFields.All, SummaryFields.Durations })
                failures += Compare(text, fields) ? 0 : 1;
            var plain = Outcome(() => SummaryReaders.ReadBlocks(new MemoryStream(text), TimeUnit.Days, "s.csv", 1 + file % 5));
            var general = General(() => Outcome(() => SummaryReaders.ReadBlocks(new MemoryStream(text), TimeUnit.Days, "s.csv", 1 + file % 5)));
            Assert.Equal(general, plain);
        }
        // Both kinds of outcome are exercised.
        Assert.InRange(failures, 1, 2 * files - 1);
    }

    [Theory]
    [InlineData("1,2,3.5,10,4.25", true)]
    [InlineData("1,0,0,7,0", true)]
    [InlineData("id-7,3,6.,9.5,.5", true)]
    [InlineData("\"1\",2,3.5,10,4.25", false)]
    [InlineData("1 ,2,3.5,10,4.25", false)]
    [InlineData("1,+2,3.5,10,4.25", false)]
    [InlineData("1,2,3.5e0,10,4.25", false)]
    [InlineData("1,2,3.5,10,", false)]
    [InlineData("1,2,3.5,10", false)]
    [InlineData("1,2,.,10,4", false)]
    [InlineData("1,2,0.12345678901234567890,10,4", false)]
    [InlineData("1,2,3,10,9007199254740993", true)]
    [InlineData("1,2,3,10,10.038494818239435", true)]
    [InlineData("1,2,3,10,12345678901234567890", false)]
    [InlineData("1,2,3,10,1.8446744073709551616", false)] // 20 digits whose mantissa wraps to 0
    [InlineData("1,2,3,92233720368547758080,4", false)]
    [InlineData("1,2,3,10,4.25\r", false)]
    public void ThePlainFormIsTakenAndEveryOtherLineDeclined(string line, bool plain)
    {
        var layout = RfmSummaryCsv.ReadLayout(new Utf8LineReader(new MemoryStream("customer_id,frequency,recency,T,monetary_value\n"u8.ToArray()), 64), "s.csv", holdout: false);
        var values = new double[5];
        Assert.Equal(plain, new PlainSummaryLine(layout, monetaryValueCheckedOnly: false).TryRead(Encoding.UTF8.GetBytes(line), values, out var id));
        if (plain) Assert.Equal(line.Split(',')[0], Encoding.UTF8.GetString(id));
    }

    private static bool Compare(byte[] text, SummaryFields fields)
    {
        string path = Path.Combine(Path.GetTempPath(), $"clv-plain-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, text);
        try
        {
            var plain = Outcome(() => RfmSummaryCsv.Read(path, TimeUnit.Days, fields));
            var general = General(() => Outcome(() => RfmSummaryCsv.Read(path, TimeUnit.Days, fields)));
            Assert.Equal(general, plain);
            return !plain.StartsWith("error", StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string General(Func<string> read)
    {
        SummaryRowParser.GeneralReadingOnly.Value = true;
        try
        {
            return read();
        }
        finally
        {
            SummaryRowParser.GeneralReadingOnly.Value = false;
        }
    }

    private static string Outcome(Func<RfmSummary> read) => Outcome(() => (read(), (string[]?)null));

    private static string Outcome(Func<(RfmSummary Summary, string[]? Where)> read)
    {
        try
        {
            var (summary, where) = read();
            var text = new StringBuilder();
            for (int i = 0; i < summary.Count; i++)
            {
                text.Append(summary.CustomerIds[i]).Append('|').Append(where?[i] ?? summary.Where(i));
                foreach (var column in new[] { summary.Frequency.ToArray(), Try(() => summary.Recency.ToArray()), Try(() => summary.T.ToArray()),
                             Try(() => summary.MonetaryValue.ToArray()), summary.Weights.ToArray() })
                    text.Append('|').Append(column is null ? "-" : BitConverter.DoubleToInt64Bits(column[i]).ToString(System.Globalization.CultureInfo.InvariantCulture));
                text.Append('\n');
            }
            return text.ToString();
        }
        catch (ClvDataException e)
        {
            return $"error {e.Message} | {e.SourceName} | {e.LineNumber} | {e.Column} | {e.CustomerId}";
        }
    }

    private static double[]? Try(Func<double[]> column)
    {
        try
        {
            return column();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string RandomFile(Random random)
    {
        string header = Headers[random.Next(Headers.Length)];
        string[] names = header.Split(',');
        var text = new StringBuilder(header).Append('\n');
        int rows = random.Next(1, 40);
        for (int r = 0; r < rows; r++)
        {
            if (random.Next(30) == 0) text.Append(random.Next(2) == 0 ? "" : "  \t").Append('\n');
            int x = random.Next(4);
            double t = random.Next(1, 400) + random.Next(4) * 0.25;
            double tx = x == 0 ? 0 : Math.Round(t * random.NextDouble(), random.Next(4)) + (x > 0 ? 0.5 : 0);
            tx = Math.Min(tx, t);
            var fields = names.Select(name => name switch
            {
                "customer_id" => random.Next(6) == 0 ? $"c{r}-{random.Next(1000)}" : (r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "frequency" => x.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "recency" => tx.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                "T" => t.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                "monetary_value" => x == 0 ? "0" : (random.Next(2) == 0 ? random.Next(1, 100000) / 100.0 : 1000 * random.NextDouble()).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                "weight" => random.Next(1, 4).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => random.Next(3) == 0 ? "\"a, b\"" : "seg" + random.Next(3),
            }).ToArray();
            if (random.Next(12) == 0)
            {
                int k = random.Next(fields.Length);
                fields[k] = Odd(random, fields[k]);
            }
            string line = string.Join(',', fields.Take(random.Next(40) == 0 ? random.Next(fields.Length) : fields.Length));
            text.Append(line).Append(random.Next(25) == 0 ? "\r\n" : "\n");
        }
        if (random.Next(4) == 0) text.Length -= text[^2] == '\r' ? 2 : 1; // a last line without a break
        return text.ToString();
    }

    private static string Odd(Random random, string field) => random.Next(16) switch
    {
        0 => $"\"{field}\"",
        1 => $" {field}",
        2 => $"{field} ",
        3 => "+" + field,
        4 => "-" + field,
        5 => field + "e0",
        6 => field + ".",
        7 => "." + field,
        8 => ".",
        9 => "",
        10 => field + "0000000000000000000001",
        11 => "1234567890123456.5",
        12 => "9007199254740993",
        13 => "x" + field,
        14 => $"\"{field}\"\"q\"",
        _ => field + "\t",
    };
}
