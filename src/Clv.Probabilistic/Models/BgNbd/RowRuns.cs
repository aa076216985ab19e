namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// Rows in runs of equal x (ascending), the rows of weight 1 first in each run, as <see cref="RowKernel"/> sums them;
/// ln(α + d) and 1/(α + d) per distinct duration where a table pays.
/// </summary>
/// <param name="DistinctX">x of each run.</param>
/// <param name="GroupStart">First row of each run, and the row count last.</param>
/// <param name="UnitEnd">End of each run's rows of weight 1.</param>
/// <param name="Recency">t_x of each row.</param>
/// <param name="T">T of each row.</param>
/// <param name="Weight">Weight of each row; may be empty when every row has weight 1 (<paramref name="UnitEnd"/> then ends every run).</param>
/// <param name="TTable">Distinct T, if worth a table.</param>
/// <param name="RecencyTable">Distinct t_x, if worth a table.</param>
/// <param name="PackedIndex">
/// When not null, each row's index into <paramref name="TTable"/> (low 16 bits) and into <paramref name="RecencyTable"/>
/// (high 16 bits), in place of the tables' own indexes and of the <paramref name="T"/> and <paramref name="Recency"/>
/// columns (then empty).
/// </param>
internal sealed record RowRuns(int[] DistinctX, int[] GroupStart, int[] UnitEnd, double[] Recency, double[] T, double[] Weight,
    DurationTable? TTable, DurationTable? RecencyTable, uint[]? PackedIndex = null);
