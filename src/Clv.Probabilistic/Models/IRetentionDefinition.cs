using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Retention;

namespace Clv.Probabilistic.Models;

/// <summary>
/// What a registered retention model (<see cref="ModelKind.Retention"/>) adds to its <see cref="ModelDefinition"/>:
/// data prepared from contract durations instead of an RFM summary. Every retention definition implements it.
/// </summary>
public interface IRetentionDefinition
{
    /// <summary>The data of the likelihood: <paramref name="data"/> aggregated by period.</summary>
    /// <param name="data">Durations in periods.</param>
    /// <param name="period">Length of a period (recorded with the fit; the parameters themselves are per period).</param>
    /// <exception cref="ArgumentException">No customer was observed for a renewal opportunity.</exception>
    ModelData Prepare(RetentionData data, TimeUnit period);
}
