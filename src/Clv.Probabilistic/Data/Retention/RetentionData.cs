using System.Globalization;

namespace Clv.Probabilistic.Data.Retention;

/// <summary>
/// Contract durations of customers in a contractual setting, in whole periods: for each row, how many renewal
/// opportunities were observed, whether the last of them was a churn, and how many customers the row stands for.
/// </summary>
/// <remarks>
/// Fader &amp; Hardie (2007), "How to project customer retention", J. Interactive Marketing 21(1): a customer acquired at
/// the start of period 0 faces a renewal at the end of every period; T ≥ 1 is the number of periods the customer pays
/// for. A row (n, churned) says T = n (the customer did not renew at the end of period n − 1, so n ≥ 1); a row (n, not
/// churned) says T &gt; n (the customer is active at the start of period n, having renewed n times; n ≥ 0). A cohort table
/// of customers active at the start of periods 0..N becomes rows (t, churned) of weight n_{t−1} − n_t for t = 1..N and
/// one row (N, not churned) of weight n_N.
/// </remarks>
public sealed class RetentionData
{
    private readonly int[] _periods;
    private readonly bool[] _churned;
    private readonly double[] _weights;
    private readonly string[]? _ids;

    /// <summary>Builds the data from columns.</summary>
    /// <param name="periods">Renewal opportunities observed: T for a churned row (≥ 1), renewals made for an active one (≥ 0).</param>
    /// <param name="churned">Whether the row's customers churned at their last observed opportunity.</param>
    /// <param name="weights">Customers per row; finite and &gt; 0; empty means 1 for every row.</param>
    /// <param name="customerIds">Identifiers used in error messages; null means the row numbers.</param>
    /// <exception cref="ArgumentException">Lengths differ, there are no rows, or a row is invalid (the message names the customer).</exception>
    public RetentionData(ReadOnlySpan<int> periods, ReadOnlySpan<bool> churned, ReadOnlySpan<double> weights = default,
        IReadOnlyList<string>? customerIds = null)
    {
        int n = periods.Length;
        if (churned.Length != n || (!weights.IsEmpty && weights.Length != n) || (customerIds is not null && customerIds.Count != n))
            throw new ArgumentException(
                $"Retention columns differ in length: periods {n}, churned {churned.Length}, weights {weights.Length}, ids {customerIds?.Count ?? n}.");
        if (n == 0) throw new ArgumentException("Retention data need at least one row.");
        _periods = periods.ToArray();
        _churned = churned.ToArray();
        _weights = weights.IsEmpty ? Enumerable.Repeat(1.0, n).ToArray() : weights.ToArray();
        _ids = customerIds?.ToArray();
        for (int i = 0; i < n; i++)
        {
            if (_periods[i] < (_churned[i] ? 1 : 0))
                throw new ArgumentException(_churned[i]
                    ? $"{Where(i)}: a churned customer was observed for {_periods[i]} periods; a customer pays for at least one period (periods ≥ 1)."
                    : $"{Where(i)}: {_periods[i]} renewals is negative.");
            if (!double.IsFinite(_weights[i]) || _weights[i] <= 0)
                throw new ArgumentException($"{Where(i)}: weight {_weights[i].ToString(CultureInfo.InvariantCulture)} is not a finite number > 0.");
            TotalWeight += _weights[i];
            MaxPeriods = Math.Max(MaxPeriods, _periods[i]);
        }
    }

    /// <summary>
    /// The rows of one cohort given as the customers active at the start of periods 0, 1, …, N (period 0 = acquisition).
    /// </summary>
    /// <param name="alive">n_0 ≥ n_1 ≥ … ≥ n_N ≥ 0, whole numbers, n_0 &gt; 0.</param>
    /// <param name="cohort">Name used in error messages.</param>
    /// <exception cref="ArgumentException">A count is negative, not whole, rises, or exceeds the cohort's members n_0 (the message names the period).</exception>
    public static RetentionData FromCohort(ReadOnlySpan<double> alive, string cohort = "cohort")
    {
        CheckCohort(alive, cohort);
        var periods = new List<int>();
        var churned = new List<bool>();
        var weights = new List<double>();
        for (int t = 1; t < alive.Length; t++)
            if (alive[t - 1] > alive[t])
            {
                periods.Add(t);
                churned.Add(true);
                weights.Add(alive[t - 1] - alive[t]);
            }
        int last = alive.Length - 1;
        if (alive[last] > 0)
        {
            periods.Add(last);
            churned.Add(false);
            weights.Add(alive[last]);
        }
        return new RetentionData(periods.ToArray(), churned.ToArray(), weights.ToArray());
    }

    /// <summary>The rows of several data sets together (pooled cohorts).</summary>
    public static RetentionData Concatenate(IEnumerable<RetentionData> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        var periods = list.SelectMany(p => p._periods).ToArray();
        var churned = list.SelectMany(p => p._churned).ToArray();
        var weights = list.SelectMany(p => p._weights).ToArray();
        var ids = list.Any(p => p._ids is not null)
            ? list.SelectMany(p => Enumerable.Range(0, p.Count).Select(i => p.CustomerId(i))).ToArray()
            : null;
        return new RetentionData(periods, churned, weights, ids);
    }

    /// <summary>Number of rows.</summary>
    public int Count => _periods.Length;

    /// <summary>Renewal opportunities observed per row.</summary>
    public ReadOnlySpan<int> Periods => _periods;

    /// <summary>Whether each row churned at its last observed opportunity.</summary>
    public ReadOnlySpan<bool> Churned => _churned;

    /// <summary>Customers per row.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>Total customers.</summary>
    public double TotalWeight { get; }

    /// <summary>The largest number of periods of any row.</summary>
    public int MaxPeriods { get; }

    /// <summary>The identifier of row <paramref name="row"/> (its number when none were given).</summary>
    public string CustomerId(int row) => _ids?[row] ?? row.ToString(CultureInfo.InvariantCulture);

    /// <summary>Checks a cohort's survivor counts; the message names the first bad period.</summary>
    internal static void CheckCohort(ReadOnlySpan<double> alive, string cohort)
    {
        if (alive.Length == 0) throw new ArgumentException($"Cohort '{cohort}' has no periods.");
        for (int t = 0; t < alive.Length; t++)
            if (CountProblem(alive, t) is { } problem)
                throw new ArgumentException($"Cohort '{cohort}', period {t}: {problem}");
    }

    /// <summary>What is wrong with the count of period <paramref name="t"/> given the earlier ones, or null.</summary>
    internal static string? CountProblem(ReadOnlySpan<double> alive, int t)
    {
        var c = CultureInfo.InvariantCulture;
        double v = alive[t];
        if (!double.IsFinite(v) || v < 0) return string.Create(c, $"{v} customers alive is not a count ≥ 0.");
        if (v != Math.Floor(v)) return string.Create(c, $"{v} customers alive is not a whole number.");
        if (t == 0) return v > 0 ? null : "the cohort has no members at period 0 (acquisition).";
        if (v > alive[0]) return string.Create(c, $"{v} customers alive is more than the cohort's {alive[0]} members at period 0.");
        if (v > alive[t - 1]) return string.Create(c, $"{v} customers alive is more than the {alive[t - 1]} alive at period {t - 1}: a survival count cannot rise.");
        return null;
    }

    private string Where(int row) => _ids is null ? $"Row {row}" : $"Customer '{_ids[row]}' (row {row})";
}
