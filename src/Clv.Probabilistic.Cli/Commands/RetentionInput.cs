using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// The data of <c>clv fit</c> for a retention model: a cohort table (<c>[cohort,]period,alive</c>, one cohort chosen by
/// <c>--cohort</c>, or all with <c>--pool</c>) or customers' durations (<c>[customer_id,]periods,churned[,weight]</c>),
/// told apart by the header.
/// </summary>
internal static class RetentionInput
{
    public static ModelData Prepare(IRetentionDefinition model, string path, TimeUnit period, string? cohort, bool pool)
    {
        using (var reader = new StreamReader(path))
        {
            string header = reader.ReadLine() ?? throw new ClvDataException("The file is empty.", path);
            var names = header.Split(',').Select(n => n.Trim().Trim('"').ToLowerInvariant()).ToArray();
            if (!names.Contains("alive"))
            {
                if (cohort is not null || pool)
                    throw new ArgumentException($"--cohort and --pool choose cohorts of a cohort table ([cohort,]period,alive), but {path} has no 'alive' column.");
                return model.Prepare(RetentionCsv.ReadCustomers(path), period);
            }
        }
        var table = RetentionCsv.ReadCohorts(path);
        if (pool && cohort is not null) throw new ArgumentException("--cohort and --pool exclude each other: fit one cohort, or all of them pooled.");
        if (pool) return model.Prepare(table.Pooled(), period);
        if (cohort is not null) return model.Prepare(table[cohort].ToRetentionData(), period);
        if (table.Cohorts.Count > 1)
            throw new ArgumentException(
                $"{path} holds {table.Cohorts.Count} cohorts ({string.Join(", ", table.Cohorts.Select(c => $"'{c.Name}'"))}): fit one with --cohort NAME, or all of them with --pool.");
        return model.Prepare(table.Cohorts[0].ToRetentionData(), period);
    }
}
