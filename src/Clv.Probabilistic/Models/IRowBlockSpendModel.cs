using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models;

/// <summary>
/// A spend model whose E[Z | x, z̄] of a row is a function of that row alone and is computed for any block of a
/// summary's rows in place (the same bits as over the whole summary), so that callers can spread a large summary over
/// threads in blocks without copying it.
/// </summary>
internal interface IRowBlockSpendModel : ISpendModel
{
    /// <summary>
    /// E[Z | x, z̄] of rows [<paramref name="start"/>, <paramref name="start"/> + destination length), with the
    /// exceptions of <see cref="ISpendModel.ConditionalExpectedSpend"/> naming the row in the whole summary.
    /// </summary>
    void ConditionalExpectedSpend(RfmSummary summary, int start, Span<double> destination);
}
