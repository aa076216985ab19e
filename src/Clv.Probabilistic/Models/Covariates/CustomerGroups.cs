using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates;

namespace Clv.Probabilistic.Models.Covariates;

/// <summary>Splits a summary's customers into groups with identical covariates, in order of first appearance.</summary>
internal static class CustomerGroups
{
    /// <summary>For each group, a covariate row that represents it and the summary rows of its customers.</summary>
    /// <exception cref="ClvDataException">A customer has no covariates.</exception>
    public static List<(int CovariateRow, int[] Members)> Split(RfmSummary summary, CovariateMatrix covariates)
    {
        var ids = summary.CustomerIds;
        return Group(covariates, ids.Count, i => covariates.RequireRow(ids[i]));
    }

    /// <summary>Groups items 0..count−1 by the covariates of row <paramref name="rowOf"/>(item), in order of first appearance.</summary>
    public static List<(int CovariateRow, int[] Members)> Group(CovariateMatrix covariates, int count, Func<int, int> rowOf)
    {
        var index = new Dictionary<int, int>(new RowComparer(covariates));
        var members = new List<List<int>>();
        var representative = new List<int>();
        for (int i = 0; i < count; i++)
        {
            int row = rowOf(i);
            if (!index.TryGetValue(row, out int group))
            {
                group = members.Count;
                index.Add(row, group);
                members.Add([]);
                representative.Add(row);
            }
            members[group].Add(i);
        }
        return members.Select((m, g) => (representative[g], m.ToArray())).ToList();
    }

    /// <summary>The rows <paramref name="members"/> of <paramref name="summary"/> as a summary of their own.</summary>
    public static RfmSummary Subset(RfmSummary summary, int[] members) => summary.Select(members);

    /// <summary>Runs <paramref name="fill"/> on each group's summary and scatters its results back to the summary's rows.</summary>
    public static void Scatter(RfmSummary summary, CovariateMatrix covariates, Span<double> destination,
        Action<int, RfmSummary, double[]> fill)
    {
        if (destination.Length != summary.Count)
            throw new ArgumentException($"The destination has {destination.Length} elements for {summary.Count} customers.", nameof(destination));
        foreach (var (row, members) in Split(summary, covariates))
        {
            var part = Subset(summary, members);
            var values = new double[members.Length];
            fill(row, part, values);
            for (int k = 0; k < members.Length; k++) destination[members[k]] = values[k];
        }
    }

    private sealed class RowComparer(CovariateMatrix covariates) : IEqualityComparer<int>
    {
        public bool Equals(int x, int y) => covariates.Row(x).SequenceEqual(covariates.Row(y));

        public int GetHashCode(int row)
        {
            var hash = new HashCode();
            foreach (var v in covariates.Row(row)) hash.Add(v);
            return hash.ToHashCode();
        }
    }
}
