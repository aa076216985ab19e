namespace Clv.Probabilistic.Models;

/// <summary>
/// The most purchases the simulators draw for one customer: a purchase process at a rate such as r/α = 1e100/1e-100
/// would otherwise run for ever (issue 16: every iteration bounded).
/// </summary>
internal static class SimulationLimit
{
    /// <summary>Most purchases simulated for one customer (10^8: about a second).</summary>
    public const int MaxPurchases = 100_000_000;

    /// <summary>Throws once <paramref name="purchases"/> passes <see cref="MaxPurchases"/>.</summary>
    /// <exception cref="ArithmeticException">The customer's purchase rate is too high to simulate purchase by purchase.</exception>
    public static void Check(double purchases, double lambda)
    {
        if (purchases > MaxPurchases)
            throw new ArithmeticException(FormattableString.Invariant(
                $"A simulated customer with purchase rate {lambda:G4} per time unit made more than {MaxPurchases} purchases: the parameters are outside what can be simulated purchase by purchase."));
    }
}
