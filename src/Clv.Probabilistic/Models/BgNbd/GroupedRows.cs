namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// Merged (x, t_x, T) rows laid out in runs of equal x (ascending), the rows of weight exactly 1 first in each run and
/// otherwise in order of first appearance, as <see cref="RowKernel"/> sums them; built by a counting pass, not a sort.
/// </summary>
/// <param name="X">x of each row, non-decreasing.</param>
/// <param name="Recency">t_x of each row.</param>
/// <param name="T">T of each row.</param>
/// <param name="Weight">Weight of each row.</param>
/// <param name="DistinctX">x of each run, ascending.</param>
/// <param name="GroupStart">First row of each run, and the row count last.</param>
/// <param name="UnitEnd">End of each run's rows of weight 1.</param>
/// <param name="GroupWeight">Total weight of each run.</param>
internal sealed record GroupedRows(double[] X, double[] Recency, double[] T, double[] Weight, int[] DistinctX,
    int[] GroupStart, int[] UnitEnd, double[] GroupWeight)
{
    /// <summary>The rows of <paramref name="tables"/>, in that order before grouping; x must be whole numbers below 2^31.</summary>
    public static GroupedRows From(params RowTable[] tables)
    {
        int n = 0, largest = 0;
        foreach (var table in tables)
        {
            n += table.Count;
            for (int i = 0; i < table.Count; i++) largest = Math.Max(largest, (int)table.X[i]);
        }
        // The group of each x: by a table indexed by x when x stays small (as it does), by a dictionary otherwise.
        int[]? groupOfX = largest < Math.Max(1 << 16, 4 * n) ? new int[largest + 1] : null;
        Dictionary<int, int>? index = null;
        int[] distinctX;
        if (groupOfX is not null)
        {
            foreach (var table in tables)
                for (int i = 0; i < table.Count; i++) groupOfX[(int)table.X[i]] = 1;
            int count = 0;
            for (int v = 0; v <= largest; v++) count += groupOfX[v];
            distinctX = new int[count];
            for (int v = 0, j = 0; v <= largest; v++)
                if (groupOfX[v] != 0)
                {
                    distinctX[j] = v;
                    groupOfX[v] = j++;
                }
        }
        else
        {
            var distinct = new HashSet<int>();
            foreach (var table in tables)
                for (int i = 0; i < table.Count; i++) distinct.Add((int)table.X[i]);
            distinctX = distinct.ToArray();
            Array.Sort(distinctX);
            index = new Dictionary<int, int>(distinctX.Length);
            for (int j = 0; j < distinctX.Length; j++) index[distinctX[j]] = j;
        }

        int groups = distinctX.Length;
        var group = new int[n];
        var unitCount = new int[groups];
        var otherCount = new int[groups];
        var groupWeight = new double[groups];
        int row = 0;
        foreach (var table in tables)
        {
            for (int i = 0; i < table.Count; i++, row++)
            {
                int j = group[row] = groupOfX is not null ? groupOfX[(int)table.X[i]] : index![(int)table.X[i]];
                groupWeight[j] += table.Weight[i];
                if (table.Weight[i] == 1) unitCount[j]++;
                else otherCount[j]++;
            }
        }
        var groupStart = new int[groups + 1];
        var unitEnd = new int[groups];
        var unitCursor = new int[groups];
        var otherCursor = new int[groups];
        for (int j = 0; j < groups; j++)
        {
            unitCursor[j] = groupStart[j];
            otherCursor[j] = unitEnd[j] = groupStart[j] + unitCount[j];
            groupStart[j + 1] = unitEnd[j] + otherCount[j];
        }
        var x = new double[n];
        var recency = new double[n];
        var t = new double[n];
        var weight = new double[n];
        row = 0;
        foreach (var table in tables)
        {
            for (int i = 0; i < table.Count; i++, row++)
            {
                int j = group[row];
                int k = table.Weight[i] == 1 ? unitCursor[j]++ : otherCursor[j]++;
                x[k] = table.X[i];
                recency[k] = table.Recency[i];
                t[k] = table.T[i];
                weight[k] = table.Weight[i];
            }
        }
        return new GroupedRows(x, recency, t, weight, distinctX, groupStart, unitEnd, groupWeight);
    }
}
