using System.Globalization;
using System.Text;

namespace Clv.Probabilistic.Data.Covariates.TimeVarying;

/// <summary>
/// Reads a long table of time-varying covariates (customer id, date, covariate columns; one row per customer and grid
/// date) into <see cref="CovariatePaths"/>, checking that the dates form a regular grid without gaps or overlaps.
/// </summary>
/// <remarks>
/// Rows may come in any order. The grid step is <see cref="CovariatePathReaderOptions.StepDays"/>, or else the most
/// frequent difference between a customer's consecutive dates; all customers share one grid (dates differ by whole
/// steps). Every error names the file, line, column and customer. The file is only read.
/// </remarks>
public static class CovariatePathReader
{
    /// <summary>Reads a covariate path file.</summary>
    /// <exception cref="ClvDataException">The file lacks a column, has a value that is not a number, a repeated or off-grid date, or a gap.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static CovariatePaths Read(string path, CovariatePathReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Read(stream, options, path);
    }

    /// <summary>Reads covariate paths from a stream of UTF-8 text (read to its end, not closed).</summary>
    /// <param name="stream">The text.</param>
    /// <param name="options">Reader options; <see cref="CovariatePathReaderOptions.Default"/> when null.</param>
    /// <param name="sourceName">Name used in error messages.</param>
    /// <exception cref="ClvDataException">See <see cref="Read(string, CovariatePathReaderOptions?)"/>.</exception>
    public static CovariatePaths Read(Stream stream, CovariatePathReaderOptions? options = null, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= CovariatePathReaderOptions.Default;
        if (options.StepDays is { } given && given < 1)
            throw new ArgumentException($"The grid step must be at least one day, got {given}.", nameof(options));
        byte delimiter = TransactionLogReader.DelimiterByte(options.Delimiter);
        var dates = new DateFieldParser(options.DateFormat);
        var lines = new Utf8LineReader(stream);
        string[] header = TransactionLogReader.ReadHeader(lines, delimiter, sourceName)
            ?? throw new ClvDataException("The covariate file is empty: no header and no rows.", sourceName);
        int idField = TransactionLogReader.FindColumn(header, options.CustomerColumn, sourceName);
        int dateField = TransactionLogReader.FindColumn(header, options.DateColumn, sourceName);
        int[] covariateFields = options.CovariateColumns is { } named
            ? named.Select(n => TransactionLogReader.FindColumn(header, n, sourceName)).ToArray()
            : Enumerable.Range(0, header.Length).Where(f => f != idField && f != dateField && header[f].Length > 0).ToArray();
        if (covariateFields.Length == 0)
            throw new ClvDataException("The covariate file has no covariate columns besides the customer and date columns.", sourceName, 1);
        if (covariateFields.Contains(idField) || covariateFields.Contains(dateField) || covariateFields.Distinct().Count() != covariateFields.Length)
            throw new ClvDataException("The covariate columns must differ from each other and from the customer and date columns.", sourceName, 1);
        string[] names = covariateFields.Select(f => header[f]).ToArray();
        int k = names.Length;
        int needed = Math.Max(idField, Math.Max(dateField, covariateFields.Max())) + 1;

        var ids = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var customer = new List<int>();
        var day = new List<int>();
        var line = new List<long>();
        var values = new List<double>();
        var fields = new Range[needed];
        while (lines.TryReadLine(out var text))
        {
            if (DelimitedFields.IsBlank(text)) continue;
            long number = lines.LineNumber;
            int found = DelimitedFields.Split(text, delimiter, fields);
            if (found < 0) throw new ClvDataException("A quoted field is not closed properly.", sourceName, number);
            if (found < needed)
                throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                    $"The line has {found} fields; column '{header[found]}' (field {found + 1}) is missing."), sourceName, number, header[found]);
            string id = DelimitedFields.Decode(text[fields[idField]]);
            if (id.Length == 0) throw new ClvDataException("The customer id is empty.", sourceName, number, header[idField]);
            if (!index.TryGetValue(id, out int c))
            {
                c = ids.Count;
                index.Add(id, c);
                ids.Add(id);
            }
            var dateText = DelimitedFields.Text(text[fields[dateField]]);
            if (!dates.TryParse(dateText, out int d))
                throw new ClvDataException($"Cannot read '{Encoding.UTF8.GetString(dateText)}' as {dates.Description}.",
                    sourceName, number, header[dateField], id);
            for (int j = 0; j < k; j++)
            {
                var valueText = DelimitedFields.Text(text[fields[covariateFields[j]]]);
                if (!Utf8Number.TryParse(valueText, out double v) || !double.IsFinite(v))
                    throw new ClvDataException($"Cannot read '{Encoding.UTF8.GetString(valueText)}' as a finite number (invariant culture); covariates must be numeric (encode categories as 0/1 columns).",
                        sourceName, number, names[j], id);
                values.Add(v);
            }
            customer.Add(c);
            day.Add(d);
            line.Add(number);
        }
        if (customer.Count == 0) throw new ClvDataException("The covariate file has a header but no rows.", sourceName);
        return Build(sourceName, names, options.StepDays, ids.ToArray(), customer, day, line, values);
    }

    private static CovariatePaths Build(string? sourceName, string[] names, int? stepDays, string[] ids,
        List<int> customer, List<int> day, List<long> line, List<double> values)
    {
        int n = customer.Count, k = names.Length, customers = ids.Length;
        var start = new int[customers + 1];
        foreach (int c in customer) start[c + 1]++;
        for (int c = 0; c < customers; c++) start[c + 1] += start[c];
        var order = new int[n];
        var next = start[..customers];
        for (int row = 0; row < n; row++) order[next[customer[row]]++] = row;
        for (int c = 0; c < customers; c++)
            Array.Sort(order, start[c], start[c + 1] - start[c], Comparer<int>.Create((a, b) => day[a] != day[b] ? day[a].CompareTo(day[b]) : line[a].CompareTo(line[b])));

        var c0 = CultureInfo.InvariantCulture;
        string Date(int d) => DateOnly.FromDayNumber(d).ToString("yyyy-MM-dd", c0);
        for (int c = 0; c < customers; c++)
            for (int p = start[c] + 1; p < start[c + 1]; p++)
                if (day[order[p]] == day[order[p - 1]])
                    throw new ClvDataException($"Customer '{ids[c]}' has two rows dated {Date(day[order[p]])} (lines {line[order[p - 1]]} and {line[order[p]]}).",
                        sourceName, line[order[p]], null, ids[c]);
        int step = stepDays ?? InferStep(customers, start, order, day)
            ?? throw new ClvDataException("No customer has two rows, so the grid step cannot be inferred; give it (StepDays, or --covariate-step-days on the command line).", sourceName);

        int origin = day[order[0]];
        for (int c = 0; c < customers; c++)
        {
            for (int p = start[c]; p < start[c + 1]; p++)
            {
                int row = order[p], d = day[row];
                if (((long)d - origin) % step != 0)
                    throw new ClvDataException($"The date {Date(d)} of customer '{ids[c]}' is off the grid of {step}-day steps through {Date(origin)}.",
                        sourceName, line[row], null, ids[c]);
                if (p == start[c]) continue;
                int previous = order[p - 1], gap = d - day[previous];
                if (gap != step)
                    throw new ClvDataException(string.Create(c0,
                        $"The covariate path of customer '{ids[c]}' has a gap: no rows between {Date(day[previous])} (line {line[previous]}) and {Date(d)}; {gap / step - 1} step(s) of {step} days are missing."),
                        sourceName, line[row], null, ids[c]);
            }
        }

        var firstDay = new int[customers];
        var sortedLine = new long[n];
        var sortedValues = new double[n * k];
        for (int c = 0; c < customers; c++) firstDay[c] = day[order[start[c]]];
        for (int p = 0; p < n; p++)
        {
            int row = order[p];
            sortedLine[p] = line[row];
            for (int j = 0; j < k; j++) sortedValues[p * k + j] = values[row * k + j];
        }
        return new CovariatePaths(sourceName, names, step, ids, firstDay, start, sortedLine, sortedValues);
    }

    /// <summary>The most frequent positive difference between consecutive dates of a customer (the smallest on ties), or null.</summary>
    private static int? InferStep(int customers, int[] start, int[] order, List<int> day)
    {
        var counts = new Dictionary<int, int>();
        for (int c = 0; c < customers; c++)
            for (int p = start[c] + 1; p < start[c + 1]; p++)
            {
                int gap = day[order[p]] - day[order[p - 1]];
                counts[gap] = counts.GetValueOrDefault(gap) + 1;
            }
        if (counts.Count == 0) return null;
        return counts.OrderByDescending(e => e.Value).ThenBy(e => e.Key).First().Key;
    }
}
