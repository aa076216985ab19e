namespace Clv.Probabilistic.Numerics;

/// <summary>
/// Thrown when a hypergeometric evaluation cannot reach full accuracy: a series did not converge within its
/// iteration cap, or every available method loses too many digits to cancellation. Never replaced by a guess.
/// </summary>
internal sealed class HypergeometricConvergenceException : ArithmeticException
{
    /// <summary>Creates the exception with a message naming the parameters and the failing method.</summary>
    public HypergeometricConvergenceException(string message) : base(message)
    {
    }
}
