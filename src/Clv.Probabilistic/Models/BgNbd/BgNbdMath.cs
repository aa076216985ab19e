namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// Accurate e^x − 1 and ln(1 + x) near 0 (the runtime's double.ExpM1 and double.LogP1 evaluate Exp(x) − 1 and
/// Log(x + 1) naively), by Kahan's correction of the rounded argument.
/// </summary>
internal static class BgNbdMath
{
    /// <summary>e^x − 1 with full relative accuracy for small |x|.</summary>
    public static double ExpM1(double x)
    {
        if (Math.Abs(x) < 1e-5) return x + x * x / 2 + x * x * x / 6;
        if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1;
        double u = Math.Exp(x);
        return (u - 1) * x / Math.Log(u);
    }

    /// <summary>ln(1 + x) with full relative accuracy for small |x|; x &gt; −1.</summary>
    public static double Log1P(double x)
    {
        double u = 1 + x;
        if (u == 1) return x;
        return Math.Log(u) * x / (u - 1);
    }
}
