using System.Text;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Persistence;

/// <summary>
/// Issue 16, item 7: seeded mutation fuzzing of the three readers (transaction log CSV, summary CSV, model file). Each
/// valid seed file is mutated (bytes flipped, inserted, deleted, duplicated, numbers swapped for extremes, lines
/// swapped, the end cut) 1 to 4 times; the reader must either read the result or throw its documented exception
/// (<see cref="ClvDataException"/> for the CSV readers, <see cref="ModelFileException"/> for model files, reading and
/// building the model). Any other exception fails the test with the seed and the input. 116,500 inputs in all.
/// </summary>
public sealed class ReaderFuzzTests
{
    private static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "v1");

    private const int MutationsPerReader = 50_000;

    /// <summary>Model files cost about 10 ms each to read and build under load (not yet understood), so fewer of them.</summary>
    private const int ModelFileMutations = 2_000;

    private static readonly string[] Fragments =
    [
        ",", "\"", "\n", "\r\n", "\r", "0", "-", ".", "e", "E+", "1e308", "-1e308", "1e-320", "NaN", "Infinity", "-0", "  ", "\t",
        "\"\"", "\u00e9", "\u0000", "\uFEFF", "2020-02-30", "9999-12-31", "0001-01-01", "{", "}", "[", "]", ":", "null", "true",
        "1.7976931348623157E+308", "4.9E-324", "99999999999999999999", "customer_id", "frequency", "T", "r", "\"r\"",
    ];

    [Fact]
    public void TheTransactionLogReaderReadsOrThrowsItsDataException()
    {
        string seed = "customer_id,date,amount\na,2020-01-01,10\na,2020-01-08,20.5\n\"b, \"\"q\"\"\",2020-01-02,5\nc,2020-02-01,0\n";
        Fuzz(seed, 101, bytes =>
        {
            var log = TransactionLogReader.Read(new MemoryStream(bytes), null, "tx.csv");
            _ = RfmSummarizer.Summarize(log, new SummaryOptions(new DateOnly(2020, 3, 1), TimeUnit.Weeks) { DropTransactionsAfterEnd = true });
        }, e => e is ClvDataException);
    }

    [Fact]
    public void TheSummaryReaderReadsOrThrowsItsDataException()
    {
        string seed = "customer_id,frequency,recency,T,monetary_value,weight\n1,2,30.43,38.86,22.35,1\n2,1,1.71,38.86,11.77,2\n3,0,0,38.86,0,1\n\"4,x\",3,20,38.86,15,1.5\n";
        Fuzz(seed, 202, bytes => RfmSummaryCsv.Read(new MemoryStream(bytes), TimeUnit.Weeks, "s.csv"), e => e is ClvDataException);
        string holdout = "customer_id,frequency,recency,T,monetary_value,frequency_holdout,monetary_value_holdout,duration_holdout\n1,2,30.43,38.86,22.35,1,3,39\n2,0,0,38.86,0,0,0,39\n";
        Fuzz(holdout, 203, bytes => RfmSummaryCsv.ReadCalibrationHoldout(new MemoryStream(bytes), TimeUnit.Weeks, "s.csv"), e => e is ClvDataException,
            count: MutationsPerReader / 4);
    }

    [Fact]
    public void TheModelFileReaderReadsOrThrowsItsModelFileException()
    {
        foreach (var (file, seed) in new[] { ("bgnbd-mle-weeks.json", 301), ("gamma-gamma-laplace.json", 302) })
        {
            string text = File.ReadAllText(Path.Combine(FixtureFolder, file));
            Fuzz(text, seed, bytes =>
            {
                var document = ModelDocument.FromJson(Encoding.UTF8.GetString(bytes), "m.json");
                _ = ModelFile.FromDocument(document);
            }, e => e is ModelFileException, count: ModelFileMutations);
        }
    }

    /// <summary>Runs <paramref name="read"/> on <paramref name="count"/> mutants of <paramref name="seedText"/>.</summary>
    private static void Fuzz(string seedText, int seed, Action<byte[]> read, Func<Exception, bool> documented, int count = MutationsPerReader)
    {
        byte[] original = Encoding.UTF8.GetBytes(seedText);
        read(original); // the seed itself is valid
        var random = new Random(seed);
        int rejected = 0;
        for (int i = 0; i < count; i++)
        {
            byte[] input = original;
            int mutations = 1 + random.Next(4);
            for (int m = 0; m < mutations; m++) input = Mutate(input, random);
            try
            {
                read(input);
            }
            catch (Exception e) when (documented(e))
            {
                rejected++;
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
            catch (Exception e)
            {
                Assert.Fail($"mutant {i} of seed {seed}: {e.GetType().Name}: {e.Message}\ninput: {Convert.ToBase64String(input)}\n{e}");
            }
        }
        Assert.InRange(rejected, count / 20, count - count / 50); // both outcomes are reached
    }

    internal static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        int At() => bytes.Count == 0 ? 0 : random.Next(bytes.Count + 1);
        switch (random.Next(8))
        {
            case 0 when bytes.Count > 0: // flip bits of one byte
                bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                break;
            case 1: // insert a fragment
                bytes.InsertRange(At(), Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)]));
                break;
            case 2 when bytes.Count > 0: // delete a range
            {
                int from = random.Next(bytes.Count);
                bytes.RemoveRange(from, Math.Min(bytes.Count - from, 1 + random.Next(8)));
                break;
            }
            case 3 when bytes.Count > 0: // duplicate a range
            {
                int from = random.Next(bytes.Count), length = Math.Min(bytes.Count - from, 1 + random.Next(40));
                bytes.InsertRange(At(), bytes.GetRange(from, length));
                break;
            }
            case 4: // replace a number by an extreme or odd one
            {
                string text = Encoding.UTF8.GetString(bytes.ToArray());
                var numbers = System.Text.RegularExpressions.Regex.Matches(text, @"-?\d+(\.\d+)?([eE][-+]?\d+)?");
                if (numbers.Count == 0) break;
                var number = numbers[random.Next(numbers.Count)];
                string[] odd = ["0", "-0", "1e308", "1e309", "-1", "1e-320", "NaN", "0.5", "1e16", "2147483648", "1E+100", "1e-101", ""];
                return Encoding.UTF8.GetBytes(text[..number.Index] + odd[random.Next(odd.Length)] + text[(number.Index + number.Length)..]);
            }
            case 5: // swap two lines
            {
                var lines = Encoding.UTF8.GetString(bytes.ToArray()).Split('\n');
                if (lines.Length < 2) break;
                int a = random.Next(lines.Length), b = random.Next(lines.Length);
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return Encoding.UTF8.GetBytes(string.Join('\n', lines));
            }
            case 6 when bytes.Count > 0: // cut the end
                return bytes.Take(random.Next(bytes.Count + 1)).ToArray();
            default: // a random byte
                if (bytes.Count > 0) bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                break;
        }
        return bytes.ToArray();
    }
}
