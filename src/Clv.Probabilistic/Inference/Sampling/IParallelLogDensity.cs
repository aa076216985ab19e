using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>
/// A log density whose evaluation can spread over several threads, with a thread limit the caller may change between
/// evaluations. The value and gradient must not depend on the limit (so that draws do not depend on the machine).
/// </summary>
/// <remarks>
/// <see cref="NutsSampler"/> sets the limit of each chain's density before every transition: one thread while at least
/// as many chains run as there are cores (each chain then keeps one core busy, and a parallel gradient would only add
/// synchronisation), more once chains have finished and cores fall idle.
/// </remarks>
internal interface IParallelLogDensity : ILogDensity
{
    /// <summary>Largest number of threads one evaluation may use; −1 for no limit.</summary>
    int MaxDegreeOfParallelism { get; set; }
}
