using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models;

/// <summary>
/// A purchase model whose P(alive) of a row is a function of that row alone and is computed for any block of a
/// summary's rows in place, so that callers can spread a large summary over threads in blocks without copying it.
/// </summary>
/// <remarks>
/// For a block that starts at a multiple of four rows, and ends at a multiple of four or at the summary's end, the values
/// are the same bits as those of <see cref="IPurchaseModel.ProbabilityAlive"/> over the whole summary: four-row kernels
/// see the same groups of four, and only the summary's last rows take the scalar path.
/// </remarks>
internal interface IRowBlockPurchaseModel : IPurchaseModel
{
    /// <summary>P(alive | x, t_x, T) of rows [<paramref name="start"/>, <paramref name="start"/> + destination length).</summary>
    void ProbabilityAlive(RfmSummary summary, int start, Span<double> destination);
}
