namespace Clv.Probabilistic.Data.Retention;

/// <summary>One cohort: the customers active at the start of periods 0, 1, …, N (period 0 = acquisition).</summary>
/// <param name="Name">The cohort's name (empty for a file without a cohort column).</param>
/// <param name="Alive">n_0 ≥ n_1 ≥ … ≥ n_N ≥ 0.</param>
public sealed record Cohort(string Name, IReadOnlyList<double> Alive)
{
    /// <summary>Renewal opportunities observed: N.</summary>
    public int Periods => Alive.Count - 1;

    /// <summary>The cohort as contract durations (see <see cref="RetentionData.FromCohort"/>).</summary>
    /// <exception cref="ArgumentException">A count is invalid.</exception>
    public RetentionData ToRetentionData() => RetentionData.FromCohort(Alive.ToArray(), Name);
}

/// <summary>
/// Survival counts of one or more cohorts, each with its own length of observation (Fader &amp; Hardie 2007, Table 1).
/// Models are fitted to one cohort at a time (<see cref="Cohort.ToRetentionData"/>) or to all of them pooled
/// (<see cref="Pooled"/>: the cohorts share α, β).
/// </summary>
public sealed class CohortTable
{
    /// <summary>Creates the table.</summary>
    /// <exception cref="ArgumentException">There is no cohort, two share a name, or a count is invalid.</exception>
    public CohortTable(IReadOnlyList<Cohort> cohorts)
    {
        ArgumentNullException.ThrowIfNull(cohorts);
        if (cohorts.Count == 0) throw new ArgumentException("A cohort table needs at least one cohort.", nameof(cohorts));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cohort in cohorts)
        {
            if (!names.Add(cohort.Name)) throw new ArgumentException($"Cohort '{cohort.Name}' appears twice.", nameof(cohorts));
            RetentionData.CheckCohort(cohort.Alive.ToArray(), cohort.Name);
        }
        Cohorts = cohorts.ToArray();
    }

    /// <summary>The cohorts in the order given.</summary>
    public IReadOnlyList<Cohort> Cohorts { get; }

    /// <summary>The cohort called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No cohort has that name (the message lists them).</exception>
    public Cohort this[string name] => Cohorts.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"No cohort is called '{name}'; the cohorts are: {string.Join(", ", Cohorts.Select(c => $"'{c.Name}'"))}.", nameof(name));

    /// <summary>Every cohort's durations together, for one fit of all cohorts.</summary>
    public RetentionData Pooled() => RetentionData.Concatenate(Cohorts.Select(c => c.ToRetentionData()));
}
