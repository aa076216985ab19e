using System.Globalization;
using System.Text;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Data.Discrete;

/// <summary>Reads and writes discrete summaries (x, t_x, n with weights) as comma-separated text with a header.</summary>
/// <remarks>
/// Columns: <c>[customer_id,]frequency,recency,periods[,weight]</c>, the layout of the recency/frequency matrix that
/// Python's lifetimes ships for the donations data (<c>frequency,recency,periods,weights</c>); the reader also accepts
/// <c>x,t_x,n,customers</c>. <c>weight</c> is the number of customers with the row (1 when absent). Rows without an id
/// column get the ids 1, 2, … in file order. Every row must be a discrete history: whole numbers with
/// x ≤ t_x ≤ n, t_x = 0 when x = 0, and a positive weight; the error names the file, line, column and customer.
/// Written files use the shortest text that reads back to the same double.
/// </remarks>
public static class DiscreteSummaryCsv
{
    private static readonly string[] IdNames = ["customer_id", "ID"];
    private static readonly string[] FrequencyNames = ["frequency", "x"];
    private static readonly string[] RecencyNames = ["recency", "t_x"];
    private static readonly string[] PeriodsNames = ["periods", "n"];
    private static readonly string[] WeightNames = ["weight", "weights", "customers"];

    /// <summary>Reads a discrete summary file, in periods of <paramref name="period"/>.</summary>
    /// <exception cref="ClvDataException">The file is empty, lacks a column, or has an unreadable number, a duplicate customer or an invalid row (file, line, column and customer are named).</exception>
    public static RfmSummary Read(string path, TimeUnit period)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, period, path);
    }

    /// <summary>Reads a discrete summary from a stream of UTF-8 text.</summary>
    /// <exception cref="ClvDataException">See <see cref="Read(string, TimeUnit)"/>.</exception>
    public static RfmSummary Read(Stream stream, TimeUnit period, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!(period.DaysPerUnit > 0)) throw new ArgumentException("A period length is required.", nameof(period));
        var lines = new Utf8LineReader(stream);
        string[] names = TransactionLogReader.ReadHeader(lines, (byte)',', sourceName)
            ?? throw new ClvDataException("The summary file is empty.", sourceName);
        int id = RfmSummaryCsv.Find(names, IdNames, sourceName, required: false);
        int[] numeric =
        [
            RfmSummaryCsv.Find(names, FrequencyNames, sourceName, required: true),
            RfmSummaryCsv.Find(names, RecencyNames, sourceName, required: true),
            RfmSummaryCsv.Find(names, PeriodsNames, sourceName, required: true),
            RfmSummaryCsv.Find(names, WeightNames, sourceName, required: false),
        ];
        int needed = Math.Max(id, numeric.Max()) + 1;
        var fields = new Range[needed];
        var ids = new List<string>();
        var columns = new[] { new List<double>(), new List<double>(), new List<double>(), new List<double>() };
        var lineOf = new Dictionary<string, long>(StringComparer.Ordinal);
        Span<double> values = stackalloc double[4];
        while (lines.TryReadLine(out var line))
        {
            if (DelimitedFields.IsBlank(line)) continue;
            long number = lines.LineNumber;
            int found = DelimitedFields.Split(line, (byte)',', fields);
            if (found < 0) throw new ClvDataException("A quoted field is not closed properly.", sourceName, number);
            if (found < needed)
                throw new ClvDataException(string.Create(CultureInfo.InvariantCulture, $"The line has {found} fields; column '{names[found]}' is missing."),
                    sourceName, number, names[found]);
            string customer;
            if (id >= 0)
            {
                customer = DelimitedFields.Decode(line[fields[id]]);
                if (customer.Length == 0) throw new ClvDataException("The customer id is empty.", sourceName, number, names[id]);
                if (!lineOf.TryAdd(customer, number))
                    throw new ClvDataException(string.Create(CultureInfo.InvariantCulture, $"The customer appears more than once (first on line {lineOf[customer]})."),
                        sourceName, number, names[id], customer);
            }
            else customer = (ids.Count + 1).ToString(CultureInfo.InvariantCulture);
            for (int k = 0; k < 4; k++)
            {
                if (numeric[k] < 0)
                {
                    values[k] = 1;
                    continue;
                }
                var text = DelimitedFields.Text(line[fields[numeric[k]]]);
                if (!Utf8Number.TryParse(text, out values[k]))
                    throw new ClvDataException($"Cannot read '{Encoding.UTF8.GetString(text)}' as a number (invariant culture).",
                        sourceName, number, names[numeric[k]], id >= 0 ? customer : null);
            }
            string? customerId = id >= 0 ? customer : null;
            if (DiscreteHistory.Check(values[0], values[1], values[2]) is var (problem, column))
                throw new ClvDataException(problem, sourceName, number, names[numeric[column switch { "frequency" => 0, "recency" => 1, _ => 2 }]], customerId);
            if (!double.IsFinite(values[3]) || values[3] <= 0)
                throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                    $"weight {values[3]} is {(values[3] < 0 ? "negative" : "not a positive number")}: it counts the customers with this row."),
                    sourceName, number, names[numeric[3]], customerId);
            ids.Add(customer);
            for (int k = 0; k < 4; k++) columns[k].Add(values[k]);
        }
        if (ids.Count == 0) throw new ClvDataException("The summary file has a header but no rows.", sourceName);
        return new RfmSummary(ids.ToArray(), columns[0].ToArray(), columns[1].ToArray(), columns[2].ToArray(), new double[ids.Count],
            columns[3].ToArray(), period, validate: false);
    }

    /// <summary>Writes a discrete summary file (UTF-8, no byte-order mark, <c>\n</c> line ends).</summary>
    /// <param name="summary">x, t_x and n in frequency, recency and T.</param>
    /// <param name="path">File to write.</param>
    /// <param name="includeIds">Write the <c>customer_id</c> column (leave it out for a recency/frequency matrix).</param>
    public static void Write(RfmSummary summary, string path, bool includeIds = true)
    {
        ArgumentNullException.ThrowIfNull(summary);
        AtomicFile.WriteText(path, writer => Write(summary, writer, includeIds));
    }

    /// <summary>Writes a discrete summary as CSV text.</summary>
    public static void Write(RfmSummary summary, TextWriter writer, bool includeIds = true) => WriteCore(summary, null, writer, includeIds);

    /// <summary>Writes a calibration/holdout discrete summary, with the columns <c>frequency_holdout,periods_holdout</c>.</summary>
    public static void Write(CalibrationHoldoutSummary summary, string path)
    {
        ArgumentNullException.ThrowIfNull(summary);
        AtomicFile.WriteText(path, writer => Write(summary, writer));
    }

    /// <summary>Writes a calibration/holdout discrete summary as CSV text.</summary>
    public static void Write(CalibrationHoldoutSummary summary, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(summary);
        WriteCore(summary.Calibration, summary, writer, includeIds: true);
    }

    private static void WriteCore(RfmSummary summary, CalibrationHoldoutSummary? holdout, TextWriter writer, bool includeIds)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(writer);
        bool weighted = false;
        foreach (double w in summary.Weights) weighted |= w != 1.0;
        writer.Write(includeIds ? "customer_id,frequency,recency,periods" : "frequency,recency,periods");
        if (weighted) writer.Write(",weight");
        if (holdout is not null) writer.Write(",frequency_holdout,periods_holdout");
        writer.Write('\n');
        var c = CultureInfo.InvariantCulture;
        for (int i = 0; i < summary.Count; i++)
        {
            if (includeIds)
            {
                RfmSummaryCsv.WriteId(writer, summary.CustomerIds[i]);
                writer.Write(',');
            }
            writer.Write(string.Create(c, $"{summary.Frequency[i]:R},{summary.Recency[i]:R},{summary.T[i]:R}"));
            if (weighted) writer.Write(string.Create(c, $",{summary.Weights[i]:R}"));
            if (holdout is not null) writer.Write(string.Create(c, $",{holdout.FrequencyHoldout[i]:R},{holdout.DurationHoldout[i]:R}"));
            writer.Write('\n');
        }
    }
}
