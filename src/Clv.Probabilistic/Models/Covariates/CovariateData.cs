using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates;

namespace Clv.Probabilistic.Models.Covariates;

/// <summary>
/// The data of a <see cref="CovariateDefinition"/>: customers grouped by identical covariates, each group prepared by
/// the model's own definition (so its rows compress by (x, t_x, T) within the group, that is by (x, t_x, T, z) overall),
/// and the pooled customers for starting values and priors.
/// </summary>
internal sealed class CovariateData : ModelData
{
    private CovariateData(CovariateDefinition definition, ModelData pooled, CovariateGroup[] groups, DataDescription description)
        : base(description)
    {
        Definition = definition;
        Pooled = pooled;
        Groups = groups;
    }

    public CovariateDefinition Definition { get; }

    public ModelData Pooled { get; }

    public IReadOnlyList<CovariateGroup> Groups { get; }

    public static CovariateData Create(CovariateDefinition definition, RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var pooled = definition.Model.Prepare(summary);
        var split = CustomerGroups.Split(summary, definition.Covariates);
        RefuseUnknownCustomers(definition.Covariates, summary, split.Sum(g => g.Members.Length));
        var groups = new List<CovariateGroup>(split.Count);
        int compressed = 0;
        foreach (var (row, members) in split)
        {
            var part = CustomerGroups.Subset(summary, members);
            if (definition.Kind == ModelKind.Spend && !HasRepeat(part)) continue;
            var data = definition.Model.PrepareGroup(part);
            compressed += data.Description.CompressedRows;
            groups.Add(new CovariateGroup(definition.Covariates.Row(row).ToArray(), data,
                data.Description.Customers));
        }
        CheckCollinearity(definition, groups);
        var d = pooled.Description;
        return new CovariateData(definition, pooled, groups.ToArray(),
            new DataDescription(d.Customers, summary.Count, compressed, d.ExcludedCustomers, d.TimeUnit));
    }

    /// <summary>
    /// Refuses covariate rows of customers the summary does not have: they are most often ids written differently in the
    /// two files (a leading zero, a prefix), which would otherwise go unnoticed when every summary customer also matches.
    /// </summary>
    private static void RefuseUnknownCustomers(CovariateMatrix covariates, RfmSummary summary, int matched)
    {
        if (matched == covariates.Count) return;
        var known = new HashSet<string>(summary.CustomerIds, StringComparer.Ordinal);
        int row = Enumerable.Range(0, covariates.Count).First(i => !known.Contains(covariates.CustomerIds[i]));
        int unknown = covariates.Count - matched;
        throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
            $"{unknown} {(unknown == 1 ? "customer of the covariates is" : "customers of the covariates are")} not in the summary (the first here): check that both files write the ids the same way, or drop those rows."),
            covariates.SourceName, covariates.LineOf(row), null, covariates.CustomerIds[row]);
    }

    private static bool HasRepeat(RfmSummary part)
    {
        foreach (var x in part.Frequency)
            if (x > 0) return true;
        return false;
    }

    /// <summary>
    /// Refuses covariates that are constant or a linear combination of others (with the model's own scale, which acts as
    /// an intercept) over the fitted customers: their coefficients would not be identified. Cholesky of the weighted Gram
    /// matrix of [1, z] in order; a pivot below 1e-10 of its column's square norm marks the first dependent covariate.
    /// </summary>
    private static void CheckCollinearity(CovariateDefinition definition, List<CovariateGroup> groups)
    {
        double customers = groups.Sum(g => g.Weight);
        foreach (var (process, columns) in definition.ColumnsByProcess())
        {
            int n = columns.Length + 1;
            var gram = new double[n, n];
            foreach (var g in groups)
            {
                for (int a = 0; a < n; a++)
                {
                    double va = a == 0 ? 1 : g.Z[columns[a - 1]];
                    for (int b = 0; b <= a; b++) gram[a, b] += g.Weight * va * (b == 0 ? 1 : g.Z[columns[b - 1]]);
                }
            }
            var l = new double[n, n];
            for (int j = 0; j < n; j++)
            {
                double pivot = gram[j, j];
                for (int k = 0; k < j; k++) pivot -= l[j, k] * l[j, k];
                if (!(pivot > 1e-10 * gram[j, j]))
                {
                    string name = j == 0 ? "(the model's own scale)" : definition.Encoding.Names[columns[j - 1]];
                    throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                        $"Covariate '{name}' on the {process.ToString().ToLowerInvariant()} process is constant or perfectly collinear with the covariates before it over the {customers:G} fitted customers, so its coefficient is not identified: drop it, or merge levels."),
                        definition.Covariates.SourceName, null, name);
                }
                l[j, j] = Math.Sqrt(pivot);
                for (int i = j + 1; i < n; i++)
                {
                    double s = gram[i, j];
                    for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                    l[i, j] = s / l[j, j];
                }
            }
        }
    }
}

/// <summary>Customers sharing covariates z, prepared by the model's own definition.</summary>
internal sealed record CovariateGroup(double[] Z, ModelData Data, double Weight);
