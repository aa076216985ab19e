using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>
/// The line reader over text already in memory (a block of a summary file, read in place) returns the lines, line
/// numbers and line ends the reader of a stream returns for the same bytes, through a buffer smaller than the lines.
/// </summary>
public class Utf8LineReaderTests
{
    [Fact]
    public void TextInMemoryReadsAsTheSameBytesFromAStream()
    {
        var random = new Random(11);
        string[] pieces = ["a", "12,3.5", "", " ", "\"q,\"", "é", "\r", "\uFEFF"];
        for (int text = 0; text < 500; text++)
        {
            var builder = new StringBuilder();
            int lines = random.Next(0, 8);
            for (int i = 0; i < lines; i++)
            {
                for (int k = random.Next(0, 4); k > 0; k--) builder.Append(pieces[random.Next(pieces.Length)]);
                if (i < lines - 1 || random.Next(2) == 0) builder.Append(random.Next(4) == 0 ? "\r\n" : "\n");
            }
            byte[] bytes = Encoding.UTF8.GetBytes(builder.ToString());
            long first = random.Next(1, 3);
            var padded = bytes.Concat(Enumerable.Repeat((byte)'x', random.Next(0, 3))).ToArray();
            Assert.Equal(Read(new Utf8LineReader(new MemoryStream(bytes), new byte[4], first)), Read(new Utf8LineReader(padded, bytes.Length, first)));
        }
    }

    private static List<string> Read(Utf8LineReader reader)
    {
        var lines = new List<string>();
        while (reader.TryReadLine(out var line))
            lines.Add($"{reader.LineNumber}:{reader.LineTerminated}:{Convert.ToHexString(line)}");
        return lines;
    }
}
