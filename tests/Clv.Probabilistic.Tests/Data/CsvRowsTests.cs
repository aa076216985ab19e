using System.Globalization;
using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

/// <summary><see cref="CsvRows"/>: the text written in parallel blocks is the text of writing the rows one by one.</summary>
public class CsvRowsTests
{
    private static string Sequential(string[] ids, double[] values)
    {
        var text = new StringBuilder();
        for (int i = 0; i < ids.Length; i++)
        {
            string id = ids[i];
            bool quote = id.AsSpan().IndexOfAny(",\"\r\n") >= 0 || id.Length == 0 || char.IsWhiteSpace(id[0]) || char.IsWhiteSpace(id[^1]);
            text.Append(quote ? "\"" + id.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : id);
            text.Append(',').Append(values[i].ToString("R", CultureInfo.InvariantCulture));
            text.Append(',').Append((-values[i] / 3).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(5, 2)]
    [InlineData(CsvRows.RowsPerBlock, 2)]
    [InlineData(3 * CsvRows.RowsPerBlock + 17, 1)]
    [InlineData(3 * CsvRows.RowsPerBlock + 17, 2)]
    [InlineData(3 * CsvRows.RowsPerBlock + 17, 3)]
    [InlineData(3 * CsvRows.RowsPerBlock + 17, 8)]
    public void BlocksAreWrittenInRowOrderWithTheTextOfOneRowAfterAnother(int rows, int workers)
    {
        var random = new Random(rows + workers);
        string[] special = ["", " lead", "trail ", "a,b", "say \"hi\"", "line\nbreak", "é", "x"];
        var ids = Enumerable.Range(0, rows).Select(i => i % 97 == 0 ? special[i / 97 % special.Length] : "C" + i).ToArray();
        double[] extremes = [0.0, -0.0, double.Epsilon, double.MaxValue, -double.MaxValue, 1e-300, 0.1, 1.0 / 3, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        var values = Enumerable.Range(0, rows).Select(i => i < extremes.Length ? extremes[i] : Math.Exp(40 * random.NextDouble() - 20)).ToArray();
        var writer = new StringWriter();
        CsvRows.Write(writer, rows, (line, i) =>
        {
            line.Id(ids[i]);
            line.Number(values[i]);
            line.Number(-values[i] / 3);
            line.NewLine();
        }, workers);
        Assert.Equal(Sequential(ids, values), writer.ToString());
    }

    [Fact]
    public void AnExceptionWhileFormattingIsThrownAsItself()
    {
        var writer = new StringWriter();
        Assert.Throws<InvalidOperationException>(() => CsvRows.Write(writer, 4 * CsvRows.RowsPerBlock, (line, i) =>
        {
            if (i == 2 * CsvRows.RowsPerBlock + 5) throw new InvalidOperationException("row");
            line.NewLine();
        }, 2));
    }

    [Fact]
    public void IdsOfASummaryReadFromAFileAreWrittenFromTheirBytesAsTheirStrings()
    {
        const string csv = "customer_id,frequency,recency,T\n\"a,b\",1,2,3\n\" x\",0,0,3\né,0,0,1\n\"q\"\"\",2,2,2\n";
        var fromFile = RfmSummaryCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), TimeUnit.Days);
        var copy = RfmSummaryCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), TimeUnit.Days);
        _ = copy.CustomerIds; // decoded: written from the strings
        string Written(RfmSummary summary)
        {
            var writer = new StringWriter();
            CsvRows.Write(writer, summary.Count, (line, i) =>
            {
                line.Id(summary, i);
                line.NewLine();
            });
            return writer.ToString();
        }
        Assert.Equal("\"a,b\"\n\" x\"\né\n\"q\"\"\"\n", Written(fromFile));
        Assert.Equal(Written(copy), Written(fromFile));
    }
}
