using System.Globalization;
using System.Text;

namespace Clv.Probabilistic.Data.Retention;

/// <summary>
/// Reads retention data from comma-separated text with a header: cohort tables <c>[cohort,]period,alive</c>, customers'
/// durations <c>customer_id,periods,churned[,weight]</c>, and customers' tenures for predictions. Columns are found by
/// name (case ignored); every error names the file, line and column (and the customer or cohort).
/// </summary>
public static class RetentionCsv
{
    /// <summary>Reads a cohort table: customers active at the start of each period, period 0 = acquisition.</summary>
    /// <remarks>
    /// Each cohort's rows run 0, 1, 2, … without gaps (cohorts may have different lengths; their rows may be
    /// interleaved). Without a <c>cohort</c> column the file holds one cohort with the empty name.
    /// </remarks>
    /// <exception cref="ClvDataException">A column is missing, a value is not a number, a period is missing or repeated,
    /// a count is negative, not whole, rises, or exceeds the cohort's members at period 0.</exception>
    public static CohortTable ReadCohorts(string path)
    {
        using var reader = Open(path);
        return ReadCohorts(reader, path);
    }

    /// <summary>Reads a cohort table from text; see <see cref="ReadCohorts(string)"/>.</summary>
    public static CohortTable ReadCohorts(TextReader reader, string? sourceName = null)
    {
        var table = new CsvTable(reader, sourceName);
        int cohortColumn = table.Optional("cohort"), periodColumn = table.Required("period"), aliveColumn = table.Required("alive");
        var order = new List<string>();
        var counts = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        while (table.Next())
        {
            string name = cohortColumn < 0 ? "" : table.Text(cohortColumn);
            int period = table.WholeNumber(periodColumn);
            double alive = table.Number(aliveColumn);
            if (!counts.TryGetValue(name, out var list))
            {
                counts.Add(name, list = []);
                order.Add(name);
            }
            if (period != list.Count)
                throw table.Error(periodColumn, period < list.Count
                    ? $"Period {period} of cohort '{name}' appears again (or out of order): its rows must run 0, 1, 2, … and period {list.Count} comes next."
                    : list.Count == 0
                        ? $"Cohort '{name}' starts at period {period}; its first row must be period 0 (acquisition)."
                        : $"Cohort '{name}' jumps from period {list.Count - 1} to period {period}: period {list.Count} is missing.");
            list.Add(alive);
            if (RetentionData.CountProblem(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list), period) is { } problem)
                throw table.Error(aliveColumn, $"Cohort '{name}', period {period}: {problem}");
        }
        if (order.Count == 0) throw table.Error(null, "The cohort table has a header but no rows.");
        return new CohortTable(order.Select(n => new Cohort(n, counts[n])).ToArray());
    }

    /// <summary>
    /// Reads customers' durations: <c>customer_id</c> (optional), <c>periods</c> (renewal opportunities observed),
    /// <c>churned</c> (1/0, true/false, yes/no) and an optional <c>weight</c> (customers the row stands for).
    /// </summary>
    /// <exception cref="ClvDataException">A column is missing or a value is invalid (a churned customer with periods &lt; 1,
    /// negative periods, a weight ≤ 0).</exception>
    public static RetentionData ReadCustomers(string path)
    {
        using var reader = Open(path);
        return ReadCustomers(reader, path);
    }

    /// <summary>Reads customers' durations from text; see <see cref="ReadCustomers(string)"/>.</summary>
    public static RetentionData ReadCustomers(TextReader reader, string? sourceName = null)
    {
        var table = new CsvTable(reader, sourceName);
        int idColumn = table.Optional("customer_id"), periodsColumn = table.Required("periods"), churnedColumn = table.Required("churned");
        int weightColumn = table.Optional("weight");
        var ids = new List<string>();
        var periods = new List<int>();
        var churned = new List<bool>();
        var weights = new List<double>();
        while (table.Next())
        {
            string id = idColumn < 0 ? ids.Count.ToString(CultureInfo.InvariantCulture) : table.Text(idColumn);
            table.Customer = idColumn < 0 ? null : id;
            int p = table.WholeNumber(periodsColumn);
            bool c = table.Flag(churnedColumn);
            if (c && p < 1)
                throw table.Error(periodsColumn, "A churned customer pays for at least one period: periods must be ≥ 1.");
            double w = weightColumn < 0 ? 1.0 : table.Number(weightColumn);
            if (!(w > 0)) throw table.Error(weightColumn, string.Create(CultureInfo.InvariantCulture, $"Weight {w} is not > 0."));
            ids.Add(id);
            periods.Add(p);
            churned.Add(c);
            weights.Add(w);
        }
        if (ids.Count == 0) throw table.Error(null, "The file has a header but no rows.");
        return new RetentionData(periods.ToArray(), churned.ToArray(), weights.ToArray(), ids);
    }

    /// <summary>Reads the customers to predict: an optional <c>customer_id</c> and the renewals made so far in
    /// <paramref name="tenureColumn"/> (a whole number ≥ 0), keeping every other column's text for the output.</summary>
    /// <exception cref="ClvDataException">The tenure column is missing or a tenure is not a whole number ≥ 0.</exception>
    public static (IReadOnlyList<string> Ids, int[] Renewals) ReadTenures(string path, string tenureColumn)
    {
        using var reader = Open(path);
        var table = new CsvTable(reader, path);
        int idColumn = table.Optional("customer_id"), column = table.Required(tenureColumn);
        var ids = new List<string>();
        var renewals = new List<int>();
        while (table.Next())
        {
            string id = idColumn < 0 ? ids.Count.ToString(CultureInfo.InvariantCulture) : table.Text(idColumn);
            table.Customer = idColumn < 0 ? null : id;
            ids.Add(id);
            renewals.Add(table.WholeNumber(column));
        }
        if (ids.Count == 0) throw table.Error(null, "The file has a header but no rows.");
        return (ids, renewals.ToArray());
    }

    private static StreamReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
    }
}
